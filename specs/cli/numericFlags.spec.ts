/**
 * Every numeric flag of eval, compare, prompt, counterexample, runs, serve and study is checked
 * against its real range: out of range is one error line naming the flag and the range (exit 1),
 * never a silent wrong score — e.g. a --timeout beyond what Node timers hold used to fire at once
 * and time every query out, and `study plan --limit 5000` planned all of dev.
 */
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TIMER_MS } from '../../src/cli/_internals/flags.ts';
import { assertData, fetchData, requireData } from '../support/requireData.ts';
import { runCliProcess } from '../support/runCliProcess.ts';
import { N, needed, scratchData, source, sourceRoot, type ScratchData } from './support/scratchData.ts';

let s: ScratchData;

/** `--flag=value`, so that negative values are values. */
function expectFlagError(base: string[], flag: string, value: string, range: RegExp): void {
  const args = [...base, `--${flag}=${value}`];
  const r = runCliProcess(args, { env: { T2SQL_HOME: `${s.dir}/home` } });
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(1);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, args.join(' ')).toHaveLength(1);
  expect(lines[0]).toContain(`--${flag} `);
  expect(lines[0]).toMatch(range);
}

describe('numeric flags: ranges (child processes)', () => {
  requireData(needed.files, needed.fetch);
  beforeAll(() => {
    s = scratchData();
  });
  afterAll(() => s?.remove());
  const evalArgs = () => ['eval', '--data', s.root, '--pred', s.pred, '--no-cache'];

  it('eval --timeout: 1 ms to what a Node timer holds; the longest accepted one scores like the default', () => {
    for (const t of ['2592000', '2147484', '1e400', 'Infinity', '0', '0.0004', '-1', 'soon']) expectFlagError(evalArgs(), 'timeout', t, /0\.001 to 2147483\.647 seconds/);
    const base = runCliProcess([...evalArgs(), '--json', '--metric', 'ex']);
    const longest = runCliProcess([...evalArgs(), '--json', '--metric', 'ex', '--timeout', String(MAX_TIMER_MS / 1000)]);
    expect(longest.status, longest.stderr).toBe(0);
    const [a, b] = [JSON.parse(base.stdout), JSON.parse(longest.stdout)];
    expect(b.reasons.timeout).toBe(0);
    expect(b.correct).toBe(a.correct);
    expect(b.provenance.settings.timeoutMs).toBe(MAX_TIMER_MS);
  });

  it('eval --jobs: 1 to 4 per core; --limit: 1 to n, naming n; --max-rows: positive', () => {
    const max = 4 * os.availableParallelism();
    for (const j of ['1000', String(max + 1), '0', '-2', '1.5']) expectFlagError(evalArgs(), 'jobs', j, new RegExp(`from 1 to ${max} \\(4 per core`));
    const above = runCliProcess([...evalArgs(), '--limit', String(N + 1)]);
    expect(above.status).toBe(1);
    expect(above.stderr.trimEnd()).toBe(`t2sql eval: ${s.paths.devGold}: --limit ${N + 1} is outside 1 to ${N}, the number of gold examples`);
    for (const l of ['0', '-5', '2.5']) expectFlagError(evalArgs(), 'limit', l, /from 1 to/);
    for (const m of ['0', '1e12', 'many']) expectFlagError(evalArgs(), 'max-rows', m, /from 1 to 10000000/);
    const exact = runCliProcess([...evalArgs(), '--limit', String(N), '--json', '--jobs', String(max), '--metric', 'ex']);
    expect(exact.status, exact.stderr).toBe(0);
    expect(JSON.parse(exact.stdout).n).toBe(N);
  });

  it('compare --alpha in (0, 1), --resamples 100 to 1000000, --seed a safe integer', () => {
    const cmp = ['compare', s.pred, s.pred, '--data', s.root];
    for (const a of ['0', '1', '1.5', '-0.1', 'NaN']) expectFlagError(cmp, 'alpha', a, /between 0 and 1/);
    for (const r of ['0', '99', '1e7', '1.5']) expectFlagError(cmp, 'resamples', r, /from 100 to 1000000/);
    for (const seed of ['1.5', '1e20', '9007199254740992', 'x']) expectFlagError(cmp, 'seed', seed, /2\^53 - 1/);
  });

  it('counterexample --index, --max-rows 1 to 50, --candidates 1 to 100000, --seed, --jobs', () => {
    const ce = ['counterexample', '--data', s.root, '--pred', s.pred];
    for (const i of ['-1', '1.5', '0x10', '1e1']) expectFlagError(ce, 'index', i, /from 0 to 9007199254740991/);
    for (const m of ['0', '51', '2.5']) expectFlagError([...ce, '--index', '0'], 'max-rows', m, /from 1 to 50/);
    for (const c of ['0', '100001', '1e3']) expectFlagError([...ce, '--index', '0'], 'candidates', c, /from 1 to 100000/);
    expectFlagError([...ce, '--index', '0'], 'seed', '1e20', /2\^53 - 1/);
    expectFlagError([...ce, '--index', '0'], 'jobs', '0', /from 1 to \d+ \(4 per core/);
  });

  it('runs --sample 0 to 99, --limit positive', () => {
    for (const k of ['-1', '100', '0.5']) expectFlagError(['runs', 'export', 'a/b', '--out', s.dir], 'sample', k, /from 0 to 99/);
    for (const l of ['0', '-3', '1.5', '1e3']) expectFlagError(['runs', 'import', s.pred, '--experiment', 'e', '--name', 'n'], 'limit', l, /from 1 to 10000000/);
  });

  it('serve --port 1 to 65535, --ready-timeout 1 to 86400 seconds', () => {
    const serve = ['serve', '--model', 'm', '--vllm', '/nonexistent/vllm'];
    for (const p of ['0', '65536', '80.5', '0x50']) expectFlagError(serve, 'port', p, /from 1 to 65535/);
    for (const t of ['0.5', '86401', '1e5']) expectFlagError(serve, 'ready-timeout', t, /1 to 86400 seconds/);
  });

  it('study: --limit positive, --concurrency, --timeout, --max-attempts, --port, --prefill-tps / --decode-tps', () => {
    // plan and run share one set of flag specs.
    expectFlagError(['study', 'run', '--data', sourceRoot], 'limit', '0', /from 1 to 1000000/);
    const study = ['study', 'plan', '--data', sourceRoot];
    for (const l of ['-1', '2.5']) expectFlagError(study, 'limit', l, /from 1 to 1000000/);
    expectFlagError(study, 'concurrency', '257', /from 1 to 256/);
    for (const t of ['0.5', '86401']) expectFlagError(study, 'timeout', t, /from 1 to 86400 seconds/);
    expectFlagError(study, 'max-attempts', '21', /from 1 to 20/);
    expectFlagError(study, 'port', '70000', /from 1 to 65535/);
    expectFlagError(study, 'prefill-tps', '0', /from 1 to 1000000000/);
    expectFlagError(study, 'decode-tps', '1e10', /from 1 to 1000000000/);
  });

  it('study plan and run: --limit above the questions of the split names both (like generate)', () => {
    assertData([source.dev], fetchData.spider);
    const n = (JSON.parse(fs.readFileSync(source.dev, 'utf8')) as unknown[]).length;
    for (const action of ['plan', 'run']) {
      const r = runCliProcess(['study', action, '--data', sourceRoot, '--limit', String(n + 1)], { env: { T2SQL_HOME: `${s.dir}/home` } });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`t2sql study: --limit ${n + 1} is more than the ${n} questions of dev\n`);
    }
  });

  it('prompt --shots 0 to 100, --budget positive, --seed a safe integer', () => {
    const p = ['prompt', '--data', s.root, '--db', 'pets_1', '--question', 'How many pets?', '--tokenizer', 'estimate'];
    for (const n of ['-1', '101', '2.5']) expectFlagError(p, 'shots', n, /from 0 to 100/);
    for (const b of ['0', '-3', '1e9']) expectFlagError(p, 'budget', b, /from 1 to 10000000/);
    expectFlagError(p, 'seed', '1e20', /2\^53 - 1/);
  });
});
