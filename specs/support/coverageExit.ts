// Under `npm run coverage` (scripts/coverage.mjs sets NODE_V8_COVERAGE) every spec file's coverage
// must reach the disk, mapped to the right source.
// - vitest stops its fork workers with SIGTERM and sends SIGKILL 500 ms later; SIGTERM skips Node's
//   exit hooks, and on a busy machine writing the coverage can take longer than 500 ms, so a fork's
//   coverage was sometimes lost. Each spec file's coverage is written as soon as its tests end
//   (v8.takeCoverage writes a report and resets the counters; the reports are merged), and SIGTERM
//   exits normally, so Node writes what is left (the nodejs/node#55094 work-around).
// - vitest runs each module as the code vite made of it, through vm.runInThisContext. Node 20 keeps
//   no source map for such code, so V8's offsets would be read against the .ts file itself. The
//   code's line lengths, its wrapper's length and its inline source map are written beside the
//   coverage (`sources-<pid>.json` in $T2SQL_COVERAGE_SOURCES), for scripts/coverage.mjs to map it.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll } from 'vitest';

interface ViteSource {
  readonly wrapperLength: number;
  readonly lineLengths: number[];
  readonly map: unknown;
}

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/m;

if (process.env.NODE_V8_COVERAGE) {
  process.on('SIGTERM', () => process.exit(0));
  const sourcesDir = process.env.T2SQL_COVERAGE_SOURCES;
  // One record and one patch per process: the setup file runs again for each spec file of a fork.
  const shared = globalThis as { t2sqlCoverageSources?: Record<string, ViteSource> };
  const patch = shared.t2sqlCoverageSources === undefined;
  const sources = (shared.t2sqlCoverageSources ??= {});
  if (sourcesDir && patch) {
    const run = vm.runInThisContext;
    vm.runInThisContext = function (this: unknown, code: string, options?: vm.RunningScriptOptions | string) {
      const filename = typeof options === 'string' ? options : options?.filename;
      const start = code.indexOf('=>{{');
      const m = INLINE_MAP.exec(code);
      if (filename && path.isAbsolute(filename) && !filename.includes('/node_modules/') && start >= 0 && m) {
        const wrapperLength = start + 4;
        sources[filename] = {
          wrapperLength,
          lineLengths: code.slice(wrapperLength).split('\n').map((l) => l.length),
          map: JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')),
        };
      }
      return run.call(this, code, options as vm.RunningScriptOptions);
    } as typeof vm.runInThisContext;
  }
  afterAll(() => {
    v8.takeCoverage();
    if (sourcesDir) {
      fs.mkdirSync(sourcesDir, { recursive: true });
      fs.writeFileSync(path.join(sourcesDir, `sources-${process.pid}.json`), JSON.stringify(sources));
    }
  });
}
