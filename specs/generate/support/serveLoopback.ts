/**
 * The loopback OpenAI server as its own process (for the benchmark, so the client's CPU time is
 * measured alone): `node --import tsx serveLoopback.ts LATENCY_MS`. Answers every prompt whose
 * last line names a Spider dev question with that question's gold SQL; prints its base URL,
 * then `stats {...}` on SIGTERM or when stdin closes.
 */
import { startLoopbackOpenAi } from './loopbackOpenAiServer.ts';
import { devExamples } from './devPrompts.ts';

const latencyMs = Number(process.argv[2] ?? 200);
const gold = new Map(devExamples(1034).map((e) => [e.question, e.gold]));
const server = await startLoopbackOpenAi({
  latencyMs,
  lifetimeMs: 600_000,
  answer: (prompt) => {
    const q = /Question: ([^\n]*)(?:\nSQL:)?\s*$/.exec(prompt)?.[1] ?? prompt;
    const sql = gold.get(q);
    return sql === undefined ? undefined : `\`\`\`sql\n${sql}\n\`\`\``;
  },
});
process.stdout.write(`${server.baseUrl}\n`);
const finish = async (): Promise<void> => {
  process.stdout.write(`stats ${JSON.stringify({ requests: server.requests.length, maxInFlight: server.maxInFlight })}\n`);
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', () => void finish());
process.stdin.on('end', () => void finish());
process.stdin.resume();
