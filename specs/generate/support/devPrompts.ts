/** Real Spider dev questions as generation items, and canned "model" answers for them. */
import fs from 'node:fs';
import { resolveDataRoot } from '../../../src/data/dataRoot.ts';
import { spiderPaths } from '../../../src/data/spiderPaths.ts';
import type { GenerationItem } from '../../../src/generate/generateRun.ts';
import { sha256 } from '../../../src/generate/_internals/sha256.ts';

export interface DevExample {
  readonly index: number;
  readonly question: string;
  readonly dbId: string;
  readonly gold: string;
}

export function devExamples(n: number): DevExample[] {
  const root = resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: new URL('../../..', import.meta.url).pathname });
  const raw = JSON.parse(fs.readFileSync(spiderPaths(root.dir).dev, 'utf8')) as { question: string; db_id: string; query: string }[];
  return raw.slice(0, n).map((e, index) => ({ index, question: e.question, dbId: e.db_id, gold: e.query }));
}

const SYSTEM = 'Translate the question into one SQLite query. Answer with the SQL only.';

/** A chat prompt whose last user message is the question (the loopback server's lookup key). */
export function chatItems(examples: readonly DevExample[]): GenerationItem[] {
  return examples.map((e) => {
    const messages = [
      { role: 'system' as const, content: `${SYSTEM}\nDatabase: ${e.dbId}` },
      { role: 'user' as const, content: e.question },
    ];
    return { index: e.index, prompt: { kind: 'chat', messages }, promptHash: sha256(JSON.stringify(messages)) };
  });
}

function textPrompt(e: DevExample): string {
  return `-- SQLite database: ${e.dbId}\n-- Question: ${e.question}\n-- SQL:\n`;
}

/** A base-model prompt: plain text ending where the SQL should start. */
export function textItems(examples: readonly DevExample[]): GenerationItem[] {
  return examples.map((e) => {
    const text = textPrompt(e);
    return { index: e.index, prompt: { kind: 'text', text }, promptHash: sha256(text) };
  });
}

/**
 * Answers in the shapes models use: a fenced block for even indices, bare SQL with a trailing
 * semicolon for odd ones; keyed by the question (chat) and by the text prompt (completions).
 */
export function cannedAnswers(examples: readonly DevExample[]): Map<string, string> {
  const answers = new Map<string, string>();
  for (const e of examples) {
    answers.set(e.question, e.index % 2 === 0 ? `Here is the query:\n\`\`\`sql\n${e.gold}\n\`\`\`` : `${e.gold};`);
    answers.set(textPrompt(e), `${e.gold}\n`);
  }
  return answers;
}

/** Whitespace-insensitive form of a query, to compare extracted SQL with the gold. */
export function normalizeSql(sql: string | null): string | null {
  return sql === null ? null : sql.replace(/\s+/g, ' ').trim().replace(/\s*;$/, '');
}

/** The prompt stage's extractor: what the CLI uses. */
export { extractSql as extract } from '../../../src/prompt/extractSql.ts';
