/**
 * `t2sql train data`: the SFT set holds exactly the messages the evaluation sends (parity with
 * `t2sql prompt`), is deterministic, never contains a dev database, and counts what it leaves out.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { command as promptCommand } from '../../src/cli/commands/prompt.ts';
import { command as trainCommand } from '../../src/cli/commands/train.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { readFewShotExamples } from '../../src/prompt/readFewShotExamples.ts';
import { schemaFromSqlite } from '../../src/schema/schemaFromSqlite.ts';
import { serializeSchema } from '../../src/schema/serializeSchema.ts';
import { DevDatabaseInTrainingError } from '../../src/train/DevDatabaseInTrainingError.ts';
import { writeSftDataset, type SftManifest } from '../../src/train/writeSftDataset.ts';
import { dataRoot, paths, requireSpider } from './support/trainData.ts';
import { runCommandInProcess, type CommandRun } from '../support/runCommandInProcess.ts';

interface Line {
  messages: { role: string; content: string }[];
  db_id: string;
  index: number;
  source: string;
  tokens: number;
}

const run = (cmd: typeof promptCommand, argv: string[]): Promise<CommandRun> => runCommandInProcess(cmd, argv, { env: { T2SQL_DATA: dataRoot }, cwd: process.cwd() });

const readLines = (file: string): Line[] => fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-sft-'));

describe('the full SFT set of Spider train (keys, 0 shots)', () => {
  let lines: Line[];
  let manifest: SftManifest;
  beforeAll(async () => {
    requireSpider();
    const r = await run(trainCommand, ['data', '--schema', 'keys', '--shots', '0', '--out', path.join(tmp, 'full')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*train\.jsonl: \d+ examples, \d+ tokens .* 0 of 20 dev databases · sha256 [0-9a-f]{64}/);
    lines = readLines(path.join(tmp, 'full', 'train.jsonl'));
    manifest = JSON.parse(fs.readFileSync(path.join(tmp, 'full', 'manifest.json'), 'utf8')) as SftManifest;
  }, 300_000);

  it('has every train example once, as system, user and the gold SQL as the assistant turn', () => {
    const spider = readFewShotExamples(paths.trainSpider);
    const others = fs.existsSync(paths.trainOthers) ? readFewShotExamples(paths.trainOthers) : [];
    expect(lines.length + manifest.overBudget.count).toBe(spider.length + others.length);
    expect(manifest.examples).toBe(lines.length);
    for (const l of lines) {
      expect(l.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
      const gold = (l.source === 'train_spider' ? spider : others)[l.index]!;
      expect(l.db_id).toBe(gold.dbId);
      expect(l.messages[2]!.content).toBe(gold.query.trim());
      expect(l.messages[1]!.content.endsWith(`Question: ${gold.question.trim()}`)).toBe(true);
    }
    expect(createHash('sha256').update(fs.readFileSync(path.join(tmp, 'full', 'train.jsonl'))).digest('hex')).toBe(manifest.sha256);
  });

  it('contains no dev database: neither its id nor its schema', () => {
    const devDbs = [...new Set(readFewShotExamples(paths.dev).map((e) => e.dbId))];
    expect(devDbs.length).toBe(20);
    const ids = new Set(lines.map((l) => l.db_id));
    for (const db of devDbs) expect(ids.has(db), db).toBe(false);
    const schemas = new Set(lines.map((l) => l.messages[1]!.content.split('\n\nQuestion: ')[0]));
    for (const db of devDbs) expect(schemas.has(`Database schema:\n${serializeSchema(schemaFromSqlite(paths.database(db), { dbId: db }), 'keys')}`), db).toBe(false);
    const trainExamples = readFewShotExamples(paths.trainSpider).length + (fs.existsSync(paths.trainOthers) ? readFewShotExamples(paths.trainOthers).length : 0);
    expect(manifest.devDatabases).toEqual({ checked: 20, found: 0, examples: trainExamples });
  });

  it('each prompt is exactly what `t2sql prompt` prints for that question', async () => {
    const picks = [lines[0]!, lines[1234]!, lines[4321]!, lines.at(-1)!];
    for (const l of picks) {
      const question = l.messages[1]!.content.split('\n\nQuestion: ').at(-1)!;
      const r = await run(promptCommand, ['--db', l.db_id, '--question', question, '--schema', 'keys', '--json']);
      expect(r.code).toBe(0);
      const built = JSON.parse(r.stdout) as { messages: unknown[] };
      expect(built.messages).toEqual(l.messages.slice(0, -1));
    }
    expect(picks.some((l) => l.source === 'train_others') || !fs.existsSync(paths.trainOthers)).toBe(true);
  });

  it('records the sources with their sha256, and reuses an identical set', async () => {
    const spiderSource = manifest.sources.find((s) => s.name === 'train_spider')!;
    expect(spiderSource.present && spiderSource.sha256).toBe(createHash('sha256').update(fs.readFileSync(paths.trainSpider)).digest('hex'));
    const again = await run(trainCommand, ['data', '--schema', 'keys', '--out', path.join(tmp, 'full')]);
    expect(again.stdout).toMatch(/^reused /);
  });
});

describe('small sets', () => {
  beforeAll(requireSpider);

  it('are deterministic: the same settings give the same bytes', () => {
    const a = writeSftDataset(paths, { schema: 'ddl', shots: 2, maxTokens: 4096, limit: 40 }, path.join(tmp, 'a'));
    const b = writeSftDataset(paths, { schema: 'ddl', shots: 2, maxTokens: 4096, limit: 40 }, path.join(tmp, 'b'));
    expect(fs.readFileSync(a.file)).toEqual(fs.readFileSync(b.file));
    expect(a.manifest.sha256).toBe(b.manifest.sha256);
    expect(readLines(a.file)[0]!.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
  });

  it('count and list examples over the token budget instead of cutting them', () => {
    const w = writeSftDataset(paths, { schema: 'keys', shots: 0, maxTokens: 200, limit: 100 }, path.join(tmp, 'budget'));
    const kept = readLines(w.file);
    expect(w.manifest.overBudget.count).toBeGreaterThan(0);
    expect(kept.length + w.manifest.overBudget.count).toBe(100 + (fs.existsSync(paths.trainOthers) ? 100 : 0));
    for (const l of kept) expect(l.tokens).toBeLessThanOrEqual(200);
    for (const o of w.manifest.overBudget.examples) {
      expect(o.tokens).toBeGreaterThan(200);
      expect(kept.some((l) => l.source === o.source && l.index === o.index)).toBe(false);
    }
  });

  it('note a missing train_others.json in the manifest', () => {
    const root = path.join(tmp, 'no-others');
    fs.mkdirSync(path.join(root, 'spider'), { recursive: true });
    for (const f of ['train_spider.json', 'dev.json', 'tables.json', 'database']) fs.symlinkSync(path.join(paths.root, f), path.join(root, 'spider', f));
    const w = writeSftDataset(spiderPaths(root), { schema: 'keys', shots: 0, maxTokens: 2048, limit: 10 }, path.join(tmp, 'no-others-set'));
    expect(w.manifest.examples).toBe(10);
    const others = w.manifest.sources.find((s) => s.name === 'train_others')!;
    expect(others.present).toBe(false);
    expect(!others.present && others.note).toMatch(/train_others\.json is absent: the set holds train_spider\.json only/);
  });

  it('refuse a training file that holds a dev database', () => {
    const root = path.join(tmp, 'leak');
    fs.mkdirSync(path.join(root, 'spider'), { recursive: true });
    for (const f of ['train_spider.json', 'dev.json', 'tables.json', 'database']) fs.symlinkSync(path.join(paths.root, f), path.join(root, 'spider', f));
    const dev = readFewShotExamples(paths.dev)[0]!;
    fs.writeFileSync(path.join(root, 'spider', 'train_others.json'), JSON.stringify([{ db_id: dev.dbId, question: dev.question, query: dev.query }]));
    expect(() => writeSftDataset(spiderPaths(root), { schema: 'keys', shots: 0, maxTokens: 2048, limit: 5 }, path.join(tmp, 'leak-set'))).toThrow(DevDatabaseInTrainingError);
    expect(fs.existsSync(path.join(tmp, 'leak-set', 'train.jsonl'))).toBe(false);
  });

  it('refuse a dev database anywhere in the training files, past --limit too (few-shot examples come from all of train_spider)', () => {
    const root = path.join(tmp, 'late-leak');
    fs.mkdirSync(path.join(root, 'spider'), { recursive: true });
    for (const f of ['dev.json', 'tables.json', 'database']) fs.symlinkSync(path.join(paths.root, f), path.join(root, 'spider', f));
    const train = JSON.parse(fs.readFileSync(paths.trainSpider, 'utf8')) as unknown[];
    const dev = readFewShotExamples(paths.dev)[0]!;
    fs.writeFileSync(path.join(root, 'spider', 'train_spider.json'), JSON.stringify([...train, { db_id: dev.dbId, question: dev.question, query: dev.query }]));
    const leak = (() => {
      try {
        writeSftDataset(spiderPaths(root), { schema: 'keys', shots: 2, maxTokens: 4096, limit: 5 }, path.join(tmp, 'late-leak-set'));
      } catch (e) {
        return e;
      }
    })() as DevDatabaseInTrainingError;
    expect(leak).toBeInstanceOf(DevDatabaseInTrainingError);
    expect(leak.describe()).toBe(`${path.join(root, 'spider', 'train_spider.json')}: example ${train.length} is on dev database '${dev.dbId}'; a training set must not contain dev databases`);
    expect(fs.existsSync(path.join(tmp, 'late-leak-set', 'train.jsonl'))).toBe(false);

    const w = writeSftDataset(paths, { schema: 'keys', shots: 0, maxTokens: 2048, limit: 5 }, path.join(tmp, 'checked-set'));
    expect(w.manifest.devDatabases).toEqual({ checked: 20, found: 0, examples: train.length + (fs.existsSync(paths.trainOthers) ? readFewShotExamples(paths.trainOthers).length : 0) });
  });
});
