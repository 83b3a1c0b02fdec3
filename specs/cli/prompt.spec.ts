/** `t2sql prompt` as a real child process: the schema it prints is the database's, and bad input is one line. */
import { describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { schemaFromSqlite } from '../../src/schema/schemaFromSqlite.ts';
import { serializeSchema } from '../../src/schema/serializeSchema.ts';
import { fetchData, requireData } from '../support/requireData.ts';
import { runCliProcess } from '../support/runCliProcess.ts';

const paths = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA }).dir);
const question = 'How many pets are owned by students older than 20?';

describe('t2sql prompt (child process)', () => {
  requireData([paths.tables, paths.trainSpider, paths.database('pets_1')], fetchData.spider);

  it('prints the chat messages with the schema read from the database, and a summary on stderr', () => {
    const r = runCliProcess(['prompt', '--db', 'pets_1', '--question', question, '--schema', 'ddl', '--tokenizer', 'estimate']);
    expect(r.status, r.stderr).toBe(0);
    const schema = serializeSchema(schemaFromSqlite(paths.database('pets_1')), 'ddl');
    expect(schema).toContain('CREATE TABLE');
    expect(r.stdout).toContain(schema);
    expect(r.stdout).toContain(`Question: ${question}`);
    expect(r.stderr).toMatch(/^# ddl@1 · 0 shots · \d+ tokens, estimate .*sha256 [0-9a-f]{64}\n$/);
  });

  it('--json gives the whole built prompt; shots come from other databases', () => {
    const r = runCliProcess(['prompt', '--db', 'pets_1', '--question', question, '--shots', '2', '--selector', 'random', '--seed', '-7', '--json', '--tokenizer', 'estimate']);
    expect(r.status, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout) as { shots: number; messages: { role: string }[] };
    expect(p.shots).toBe(2);
    expect(p.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
  });

  it('bad input is one line, exit 1', () => {
    const cases: [string[], string][] = [
      [['--db', 'pets_1'], 't2sql prompt: --question TEXT is required (see --help)'],
      [['--question', question], 't2sql prompt: --db DB_ID is required (see --help)'],
      [['--db', 'pets_1', '--question', '  '], 't2sql prompt: --question TEXT is required (see --help)'],
      [['--db', 'pets_1', '--question', question, '--json', '--text'], 't2sql prompt: --json and --text exclude each other'],
      [['--db', 'pets_1', '--question', question, '--selector', 'best'], "t2sql prompt: --selector must be one of random, bm25, dail; got 'best'"],
      [['--db', 'pets1', '--question', question], `t2sql prompt: ${paths.tables}: unknown database 'pets1' (did you mean pets_1?)`],
    ];
    for (const [args, line] of cases) {
      const r = runCliProcess(['prompt', ...args, '--tokenizer', 'estimate']);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toBe(`${line}\n`);
    }
  });
});
