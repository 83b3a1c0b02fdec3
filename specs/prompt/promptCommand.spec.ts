/**
 * `t2sql prompt`. Until the lead registers the command in src/cli/runCli.ts, it is run in-process
 * through `command.run()` with a context that captures output; the child-process test (the real
 * `node bin/t2sql.js prompt …`) runs as soon as the command is registered.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/prompt.ts';
import { registeredCommands } from '../../src/cli/runCli.ts';
import { InputError } from '../../src/data/InputError.ts';
import { qwenTokenCounter } from '../../src/prompt/qwenTokenCounter.ts';
import { renderChatMl } from '../../src/prompt/renderChatMl.ts';
import { schemaFromSqlite } from '../../src/schema/schemaFromSqlite.ts';
import { serializeSchema } from '../../src/schema/serializeSchema.ts';
import { paths, requireSpider } from './support/spiderData.ts';
import { runCliProcess } from '../support/runCliProcess.ts';
import { runCommandInProcess, type CommandRun } from '../support/runCommandInProcess.ts';

const run = (args: string[]): Promise<CommandRun> => runCommandInProcess(command, args, { env: { T2SQL_DATA: process.env.T2SQL_DATA }, cwd: process.cwd() });

const question = 'How many singers do we have?';

describe('t2sql prompt (in-process, fake terminal)', () => {
  requireSpider();
  const qwen = qwenTokenCounter();
  beforeAll(() => qwen.count('load once'));

  it('prints the exact chat messages, and a summary line on stderr', async () => {
    const r = await run(['--db', 'concert_singer', '--question', question, '--schema', 'keys', '--shots', '3']);
    expect(r.code).toBe(0);
    const roles = [...r.stdout.matchAll(/^\[(system|user|assistant)\]$/gm)].map((m) => m[1]);
    expect(roles).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    const schema = serializeSchema(schemaFromSqlite(paths.database('concert_singer')), 'keys');
    expect(r.stdout).toContain(`[user]\nDatabase schema:\n${schema}\n\nQuestion: ${question}\n`);
    expect(r.stderr).toMatch(/^# keys@1 · 3 shots \(bm25\) · \d+ tokens, qwen2\.5 .* · sha256 [0-9a-f]{64}\n$/);
  });

  it('--json gives the built prompt, whose token count is the tokenizer’s own', async () => {
    const r = await run(['--db', 'pets_1', '--question', 'How many pets are older than 3?', '--schema', 'ddl+rows(2)', '--shots', '2', '--selector', 'dail', '--json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as { messages: { role: 'system' | 'user' | 'assistant'; content: string }[]; tokens: number; hash: string; schemaRepresentation: string; shots: number };
    expect(p.schemaRepresentation).toBe('ddl+rows(2)@1');
    expect(p.shots).toBe(2);
    expect(p.tokens).toBe(qwen.count(renderChatMl(p.messages)));
    expect(p.messages.at(-1)!.content).toContain('SELECT * FROM Pets LIMIT 2;');
  });

  it('--text prints the completion prompt; --budget drops what it must and says so', async () => {
    const r = await run(['--db', 'concert_singer', '--question', question, '--shots', '4', '--text', '--budget', '260']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().endsWith(`Question: ${question}\nSQL:`)).toBe(true);
    expect(r.stderr).toMatch(/budget dropped \d+ examples/);
  });

  it('bad input is an InputError, never a stack trace', async () => {
    await expect(run(['--db', 'concert_singe', '--question', question])).rejects.toThrow(/unknown database 'concert_singe' \(did you mean concert_singer\?\)/);
    await expect(run(['--db', 'concert_singer'])).rejects.toThrow(InputError);
    await expect(run(['--db', 'concert_singer', '--question', question, '--schema', 'ddl+rows(0)'])).rejects.toThrow(InputError);
    await expect(run(['--db', 'concert_singer', '--question', question, '--selector', 'best'])).rejects.toThrow(InputError);
    await expect(run(['--db', 'concert_singer', '--question', question, '--budget', '10'])).rejects.toThrow(/schema alone|no examples and no samples/);
    await expect(run(['--db', 'concert_singer', '--question', question, '--bogus'])).rejects.toThrow(InputError);
  });
});

describe.skipIf(!registeredCommands().includes('prompt'))('t2sql prompt (child process)', () => {
  requireSpider();
  it('prints the prompt through the installed bin', () => {
    const r = runCliProcess(['prompt', '--db', 'concert_singer', '--question', question, '--schema', 'keys', '--shots', '3']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Question: ${question}`);
    expect(r.stderr).toMatch(/^# keys@1 · 3 shots/);
    const bad = runCliProcess(['prompt', '--db', 'nope', '--question', question]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/tables\.json: unknown database 'nope'/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
