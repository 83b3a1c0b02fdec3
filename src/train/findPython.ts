import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

/** Which Python runs the trainer, and why that one. */
export type PythonChoice = { readonly executable: string; readonly source: 'T2SQL_PYTHON' | 'trainer/.venv' | 'PATH' };

/** Why no usable Python was found: data, for the CLI to word. */
export type PythonProblem =
  | { readonly kind: 'missing'; readonly executable: string; readonly source: PythonChoice['source'] }
  | { readonly kind: 'broken'; readonly executable: string; readonly source: PythonChoice['source']; readonly detail: string }
  | { readonly kind: 'too-old'; readonly executable: string; readonly source: PythonChoice['source']; readonly version: string };

export type FoundPython = ({ readonly ok: true; readonly version: string } & PythonChoice) | ({ readonly ok: false } & PythonProblem);

/** Oldest Python the trainer's pure parts run on. */
export const MIN_PYTHON: readonly [number, number] = [3, 9];

/**
 * The trainer's Python: `explicit` (the CLI passes $T2SQL_PYTHON), else `<trainerDir>/.venv`,
 * else `python3` on PATH; it is run once (`--version`-like probe) to prove it works.
 */
export async function findPython(options: { readonly explicit?: string | undefined; readonly trainerDir: string; readonly cwd: string }): Promise<FoundPython> {
  const venv = path.join(options.trainerDir, '.venv', process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  const choice: PythonChoice = options.explicit
    ? { executable: options.explicit.includes('/') ? path.resolve(options.cwd, options.explicit) : options.explicit, source: 'T2SQL_PYTHON' }
    : fs.existsSync(venv)
      ? { executable: venv, source: 'trainer/.venv' }
      : { executable: 'python3', source: 'PATH' };
  try {
    const r = await execa(choice.executable, ['-c', 'import sys, json; print(json.dumps(list(sys.version_info[:3])))'], { reject: false, timeout: 30_000 });
    if (r.failed && (r as { code?: string }).code === 'ENOENT') return { ok: false, kind: 'missing', ...choice };
    if (r.exitCode !== 0) return { ok: false, kind: 'broken', ...choice, detail: lastLine(String(r.stderr)) || `exit code ${r.exitCode}` };
    const v = JSON.parse(String(r.stdout)) as number[];
    const version = v.join('.');
    if ((v[0] ?? 0) < MIN_PYTHON[0] || ((v[0] ?? 0) === MIN_PYTHON[0] && (v[1] ?? 0) < MIN_PYTHON[1])) return { ok: false, kind: 'too-old', ...choice, version };
    return { ok: true, version, ...choice };
  } catch (err) {
    return { ok: false, kind: 'broken', ...choice, detail: lastLine((err as Error).message) };
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
