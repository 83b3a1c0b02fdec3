import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeHttpFetch } from '../../src/generate/_internals/nodeHttpFetch.ts';

let base = '';
let server: http.Server;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/echo') {
        res.writeHead(201, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
        return res.end(JSON.stringify({ method: req.method, body, length: req.headers['content-length'], custom: req.headers['x-custom'] }));
      }
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        return res.end(zlib.gzipSync(JSON.stringify({ unzipped: true, accept: req.headers['accept-encoding'] })));
      }
      if (req.url === '/empty') return res.writeHead(204).end();
      if (req.url === '/half') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"partial":');
        return setTimeout(() => req.socket.destroy(), 20);
      }
      if (req.url === '/slow') return setTimeout(() => res.end('late'), 2_000);
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('nodeHttpFetch', () => {
  const f = nodeHttpFetch();

  test('sends method, headers and a UTF-8 body with its byte length; returns status, headers, body', async () => {
    const res = await f(`${base}/echo`, { method: 'POST', headers: new Headers({ 'x-custom': 'yes' }), body: 'SELECT "é"' });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-multi')).toBe('a, b');
    expect(await res.json()).toEqual({ method: 'POST', body: 'SELECT "é"', length: '11', custom: 'yes' });
    const bytes = await f(`${base}/echo`, { method: 'POST', body: new TextEncoder().encode('abc') });
    expect(await bytes.json()).toMatchObject({ body: 'abc', length: '3' });
  });

  test('decodes a gzip body and drops the headers that described the encoded one', async () => {
    const res = await f(`${base}/gzip`);
    expect(await res.json()).toEqual({ unzipped: true, accept: 'gzip, deflate, br' });
    expect(res.headers.get('content-encoding')).toBeNull();
  });

  test('a 204 has no body', async () => {
    const res = await f(`${base}/empty`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  test('a connection closed mid-body rejects; an abort rejects as AbortError', async () => {
    await expect(f(`${base}/half`)).rejects.toThrow();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(f(`${base}/slow`, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
