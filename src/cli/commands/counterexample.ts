import path from 'node:path';
import { homeLayout } from '../../data/homeLayout.ts';
import { InputError } from '../../data/InputError.ts';
import { SqlitePool } from '../../sql/SqlitePool.ts';
import { counterexampleForPrediction, type CounterexampleAnswer } from '../../suites/counterexampleForPrediction.ts';
import { formatCounterexample } from '../../suites/formatCounterexample.ts';
import { goldSource, t2sqlHome } from '../_internals/common.ts';
import { defineCommand } from '../defineCommand.ts';
import { flag } from '../_internals/flags.ts';

const help = `t2sql counterexample — the smallest database on which a prediction and the gold disagree

Usage:
  t2sql counterexample --pred FILE --index N [--database ID] [--gold FILE] [--split dev|train] [--seed S]
                       [--max-rows N] [--candidates N] [--compat official|strict] [--keep-distinct]
                       [--jobs N] [--json] [--data DIR]

Builds (or reads from $T2SQL_HOME/cache/suites) the generated test suite of example N's gold
query, finds a database of that suite (or another candidate drawn from the same seed) on which
the prediction's result differs from the gold's, as the evaluator compares them, and shrinks it
to as few rows as still tell them apart. Prints it as CREATE TABLE / INSERT statements with
the gold's and the prediction's results side by side.

Options:
  --pred FILE        predictions, one SQL per line in gold order (or JSONL), as t2sql eval reads them
  --index N          the example, 0-based in gold order
  --database ID      the generated database a verdict of t2sql eval --suite generated names
                     (verdicts.jsonl "database": "<suite key>/gNN.sqlite"): shrunk first
  --gold FILE        gold file, "SQL\\tdb_id" per line (default: <data>/spider/<split>_gold.sql)
  --split NAME       dev (default) or train
  --seed S           the generator's seed (default 0; eval's --suite-seed; a suite is
                     reproducible from it)
  --max-rows N       rows per generated table, at most (default 5)
  --candidates N     databases drawn when the suite's own do not separate them (default 200)
  --compat MODE      official (default) or strict, as t2sql eval
  --keep-distinct    do not remove DISTINCT before executing (official --keep_distinct)
  --jobs N           SQLite worker processes (default: cores - 1, at least 1)
  --json             print the answer as JSON
  --data DIR         data root (else $T2SQL_DATA, ./data, ../shared)

Exit status: 0 when a counterexample was found, 3 when none was (the prediction matches the
gold on every database tried), 1 on bad input.
`;

export const command = defineCommand({
  name: 'counterexample',
  summary: 'the smallest generated database on which a prediction and the gold disagree',
  help,
  flags: {
    pred: flag.requiredString('FILE'),
    index: flag.int({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    database: flag.string(),
    gold: flag.string(),
    split: flag.choice(['dev', 'train'], 'dev'),
    seed: flag.seed(0),
    'max-rows': flag.int({ min: 1, max: 50, default: 5 }),
    candidates: flag.int({ min: 1, max: 100_000, default: 200 }),
    compat: flag.choice(['official', 'strict'], 'official'),
    'keep-distinct': flag.boolean(),
    jobs: flag.jobs(),
    json: flag.boolean(),
    data: flag.string(),
  },
  async run(ctx, v) {
    if (v.index === undefined) throw new InputError('--index N is required (see --help)');
    const gold = goldSource(ctx, v);
    const pool = new SqlitePool({ ...(v.jobs ? { size: v.jobs } : {}) });
    pool.warmUp();
    let answer: CounterexampleAnswer;
    try {
      answer = await counterexampleForPrediction({
        ...gold,
        predictionFile: path.resolve(ctx.cwd, v.pred),
        index: v.index,
        suitesDir: homeLayout(t2sqlHome(ctx)).suites,
        executor: pool,
        suite: { seed: v.seed, maxRows: v['max-rows'], compat: v.compat, keepDistinct: v['keep-distinct'] },
        candidates: v.candidates,
        ...(v.database !== undefined ? { database: v.database } : {}),
      });
    } finally {
      await pool.close();
    }
    if (v.json) {
      ctx.stdout.write(JSON.stringify(answer, (_, x) => (typeof x === 'bigint' ? (Number.isSafeInteger(Number(x)) ? Number(x) : String(x)) : x), 2) + '\n');
      return answer.kind === 'found' ? 0 : 3;
    }
    ctx.stdout.write(describe(answer));
    return answer.kind === 'found' ? 0 : 3;
  },
});

function describe(a: CounterexampleAnswer): string {
  const head = `example ${a.index} (${a.dbId}), suite ${a.suiteKey.slice(0, 12)}: on the original database the prediction ${a.original === 'same' ? 'matches the gold' : 'already differs'}\n`;
  if (a.kind === 'none') return `${head}no counterexample among ${a.tried} generated databases: the prediction matches the gold on each\n`;
  return `${head}counterexample: ${a.rows} row(s), shrunk from ${a.rowsBefore} (sample ${a.sampleIndex} of the seed)\n\n${formatCounterexample(a.report)}`;
}
