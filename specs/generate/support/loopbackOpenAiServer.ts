/**
 * A loopback server that speaks enough of the OpenAI API for the real `openai` client:
 * `/v1/chat/completions`, `/v1/completions`, `/v1/models`. It answers from a table of canned
 * text keyed by the prompt (the last user message, or the completion prompt) and can inject
 * faults per request. Bounded: 127.0.0.1 only, a request cap, and a lifetime after which it closes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; retryAfterMs?: number }
  /** Close the socket without answering (the client sees a connection reset). */
  | { kind: 'drop' }
  /** Answer normally, but only after `ms` (beyond the client's timeout). */
  | { kind: 'slow'; ms: number }
  /** 200 with a JSON content type and a body that is not JSON. */
  | { kind: 'invalid-json' }
  /** 200 with valid JSON that has no choices. */
  | { kind: 'no-choices' };

export interface LoopbackRequest {
  readonly path: string;
  readonly model: string;
  /** The prompt key: last user message (chat) or the prompt text (completions). */
  readonly prompt: string;
  /** 1 for the first request with this prompt key, 2 for its first retry, … */
  readonly attempt: number;
  readonly body: Record<string, unknown>;
  readonly headers: http.IncomingHttpHeaders;
  readonly receivedAt: number;
  fault: Fault | null;
  finishedAt: number | null;
}

export interface LoopbackOptions {
  /** prompt key → the text the "model" answers. */
  readonly answers?: ReadonlyMap<string, string>;
  /** Answers computed from the prompt (tried before the table). */
  readonly answer?: (prompt: string) => string | undefined;
  /** Answer for prompts not in the table. */
  readonly fallback?: string;
  /** Delay before every answer, ms. */
  readonly latencyMs?: number;
  readonly models?: readonly string[];
  readonly fault?: (request: LoopbackRequest) => Fault | null;
  /** Completion requests served before the server refuses more (503). */
  readonly maxRequests?: number;
  /** The server closes itself after this long, whatever the test does. */
  readonly lifetimeMs?: number;
  /** Called after each successful completion response has been written. */
  readonly onAnswer?: (request: LoopbackRequest) => void;
  /** Completion requests are held (received, unanswered) until this resolves. */
  readonly gate?: Promise<void>;
}

export interface LoopbackServer {
  readonly baseUrl: string;
  readonly requests: LoopbackRequest[];
  /** Most completion requests in flight at once. */
  readonly maxInFlight: number;
  readonly answered: number;
  close(): Promise<void>;
}

export async function startLoopbackOpenAi(options: LoopbackOptions = {}): Promise<LoopbackServer> {
  const answers = options.answers ?? new Map<string, string>();
  const latencyMs = options.latencyMs ?? 0;
  const maxRequests = options.maxRequests ?? 20_000;
  const attempts = new Map<string, number>();
  const requests: LoopbackRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let answered = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      if (req.method === 'GET' && (url === '/v1/models' || url === '/models')) {
        return json(res, 200, { object: 'list', data: (options.models ?? ['test-model']).map((id) => ({ id, object: 'model', owned_by: 'loopback' })) });
      }
      const isChat = url === '/v1/chat/completions';
      if (req.method !== 'POST' || (!isChat && url !== '/v1/completions')) return json(res, 404, { error: { message: `no route ${req.method} ${url}` } });
      if (requests.length >= maxRequests) return json(res, 503, { error: { message: 'loopback request cap reached' } });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return json(res, 400, { error: { message: 'request body is not JSON' } });
      }
      const prompt = isChat ? lastUserMessage(body) : String(body.prompt ?? '');
      const attempt = (attempts.get(prompt) ?? 0) + 1;
      attempts.set(prompt, attempt);
      const request: LoopbackRequest = { path: url, model: String(body.model ?? ''), prompt, attempt, body, headers: req.headers, receivedAt: performance.now(), fault: null, finishedAt: null };
      requests.push(request);
      request.fault = options.fault?.(request) ?? null;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let settled = false;
      const done = (): void => {
        if (settled) return;
        settled = true;
        inFlight--;
        request.finishedAt = performance.now();
      };
      res.on('close', done);
      const fault = request.fault;
      if (fault?.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      const delay = fault?.kind === 'slow' ? fault.ms : latencyMs;
      let timer: NodeJS.Timeout | undefined;
      const respond = (): void => {
        if (res.destroyed) return;
        if (fault?.kind === 'status') {
          const headers: Record<string, string> = {};
          if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
          if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
          return json(res, fault.status, { error: { message: `injected ${fault.status}`, type: 'loopback' } }, headers);
        }
        if (fault?.kind === 'invalid-json') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"choices": [ this is not json');
          return;
        }
        if (fault?.kind === 'no-choices') return json(res, 200, { id: 'x', object: isChat ? 'chat.completion' : 'text_completion', choices: [] });
        const text = options.answer?.(prompt) ?? answers.get(prompt) ?? options.fallback ?? 'SELECT 1';
        const usage = { prompt_tokens: words(prompt), completion_tokens: words(text), total_tokens: words(prompt) + words(text) };
        const choice = isChat
          ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null }
          : { index: 0, text, finish_reason: 'stop', logprobs: null };
        json(res, 200, { id: `cmpl-${requests.length}`, object: isChat ? 'chat.completion' : 'text_completion', created: 0, model: request.model, choices: [choice], usage });
        answered++;
        options.onAnswer?.(request);
      };
      const schedule = (): void => {
        if (!res.destroyed) timer = setTimeout(respond, delay);
      };
      if (options.gate) void options.gate.then(schedule);
      else schedule();
      res.on('close', () => clearTimeout(timer));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 300_000);
  lifetime.unref();

  let closing: Promise<void> | null = null;
  function close(): Promise<void> {
    clearTimeout(lifetime);
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  }

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    get answered() {
      return answered;
    },
    close,
  };
}

function json(res: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function lastUserMessage(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: unknown; content?: unknown }[]) : [];
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === 'user') return String(messages[i]?.content ?? '');
  return '';
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
