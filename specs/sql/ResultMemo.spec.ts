import { describe, expect, it } from 'vitest';
import { ResultMemo } from '../../src/sql/ResultMemo.ts';

describe('ResultMemo', () => {
  it('returns what was stored, never keeps timeouts, and evicts least recently used past its budget', () => {
    const memo = new ResultMemo(20);
    const rows = (n: number) => ({ kind: 'rows' as const, rows: Array.from({ length: n }, (_, i) => [BigInt(i)]), ms: 1 });
    memo.set('db', 'q1', rows(1));
    memo.set('db', 'q2', { kind: 'timeout', ms: 5, limitMs: 5 });
    memo.set('db', 'q3', { kind: 'error', message: 'boom', ms: 1 });
    expect(memo.get('db', 'q1')).toEqual(rows(1));
    expect(memo.get('db', 'q2')).toBeUndefined();
    expect(memo.get('other', 'q1')).toBeUndefined();
    memo.set('db', 'big', rows(50)); // larger than a tenth of the budget: not kept
    expect(memo.get('db', 'big')).toBeUndefined();
    for (let i = 0; i < 20; i++) memo.set('db', `k${i}`, rows(0));
    expect(memo.get('db', 'q1')).toBeUndefined(); // the oldest entries went first
    expect(memo.get('db', 'k19')).toEqual(rows(0));
    expect(memo.hits).toBe(2);
  });

  it('runs a query asked for twice at once only once, and shares remembered outcomes at 0 ms', async () => {
    const memo = new ResultMemo();
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const execute = (sql: string) => async () => {
      calls.push(sql);
      await gate;
      return { kind: 'rows' as const, rows: [[1n]], ms: 7 };
    };
    const first = memo.run('db', 'q', execute('q'));
    const twin = memo.run('db', 'q', execute('q'));
    const other = memo.run('db', 'r', execute('r'));
    release();
    expect(await first).toEqual({ kind: 'rows', rows: [[1n]], ms: 7 });
    expect(await twin).toEqual({ kind: 'rows', rows: [[1n]], ms: 0 });
    expect(await other).toMatchObject({ kind: 'rows' });
    expect(calls).toEqual(['q', 'r']);
    expect(await memo.run('db', 'q', execute('q'))).toEqual({ kind: 'rows', rows: [[1n]], ms: 0 });
    expect(calls).toEqual(['q', 'r']);
    // A timeout is shared with a twin already waiting, but never remembered.
    const slow = memo.run('db', 't', async () => ({ kind: 'timeout' as const, ms: 5, limitMs: 5 }));
    expect(await slow).toMatchObject({ kind: 'timeout' });
    await new Promise((r) => setImmediate(r));
    expect(memo.get('db', 't')).toBeUndefined();
  });

  it('passes a failed execution to its caller without an unhandled rejection, and forgets it', async () => {
    const memo = new ResultMemo();
    let calls = 0;
    const failing = async (): Promise<never> => {
      calls++;
      throw new Error('SqlitePool is closed');
    };
    await expect(memo.run('db', 'q', failing)).rejects.toThrow('closed');
    await expect(memo.run('db', 'q', failing)).rejects.toThrow('closed');
    expect(calls).toBe(2);
  });
});
