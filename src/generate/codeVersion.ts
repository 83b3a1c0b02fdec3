import { t2sqlVersion } from '../version.ts';

/** t2sql's version, plus the git revision of `cwd` when it is a git checkout (`0.1.0+gabc1234`). */
export async function codeVersion(cwd: string): Promise<string> {
  const version = t2sqlVersion();
  try {
    const { execa } = await import('execa');
    const r = await execa('git', ['rev-parse', '--short', 'HEAD'], { cwd, reject: false, timeout: 5_000 });
    return r.exitCode === 0 && r.stdout ? `${version}+g${r.stdout.trim()}` : version;
  } catch {
    return version;
  }
}
