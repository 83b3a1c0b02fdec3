/**
 * A loopback stand-in for `vllm serve` with LoRA adapters: /v1/models lists the base model and the
 * adapters; /v1/chat/completions answers each dev question with its gold SQL or with SQL that
 * fails, by a rule on the model name (so the test knows what each run must score).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeVllm {
  readonly baseUrl: string;
  readonly requests: { model: string; question: string }[];
  close(): Promise<void>;
}

export async function startFakeVllm(options: { models: readonly string[]; gold: ReadonlyMap<string, { index: number; sql: string }>; correct: (model: string, index: number) => boolean }): Promise<FakeVllm> {
  const requests: { model: string; question: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const send = (status: number, value: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method === 'GET' && req.url === '/v1/models') return send(200, { object: 'list', data: options.models.map((id) => ({ id, object: 'model' })) });
      if (req.method === 'POST' && req.url === '/v1/chat/completions') {
        const b = JSON.parse(body) as { model: string; messages: { role: string; content: string }[] };
        if (!options.models.includes(b.model)) return send(404, { error: { message: `model ${b.model} does not exist` } });
        const question = b.messages.at(-1)!.content.split('\n\nQuestion: ').at(-1)!;
        requests.push({ model: b.model, question });
        const gold = options.gold.get(question);
        const text = gold && options.correct(b.model, gold.index) ? gold.sql : 'SELECT no_such_column FROM no_such_table';
        return send(200, {
          id: `cmpl-${requests.length}`,
          object: 'chat.completion',
          created: 0,
          model: b.model,
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        });
      }
      send(404, { error: { message: 'not found' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { baseUrl: `http://127.0.0.1:${port}/v1`, requests, close: () => new Promise((r) => server.close(() => r())) };
}
