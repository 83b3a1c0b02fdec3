import type { Plugin } from 'esbuild';

/** See cliBundle.mjs. */
export declare const keepImportMetaUrl: Plugin;
export declare function cliBundle(): Promise<string | null>;
