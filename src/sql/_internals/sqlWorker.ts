// Child process that runs queries for SqlitePool: plain queries (rows sent back) and pair
// checks (checkPair: gold and prediction run and compared here; no prediction rows sent back).
// One request at a time; the parent kills this process when a step overruns its time limit
// (better-sqlite3 has no interrupt). Requests arrive in batches and replies leave in batches;
// before each query or step the worker writes the request's id and step to a pipe
// (STARTED_FD), so the parent always knows what is running and since when.
//
// Tamper-proofing: a database file is read once into memory and opened from that buffer
// (sqlite3_deserialize), so no statement can reach the file. Every query also runs inside
// BEGIN ... ROLLBACK (SQLite then refuses VACUUM and VACUUM INTO), and ATTACH, the one
// statement that could still create or write another file, is refused outright. A
// connection that ran anything but a read-only statement is rebuilt from the file's bytes.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CHECK_PHASES, checkPair } from '../checkPair.ts';
import type { ExecLimits, ExecOutcome } from '../ExecOutcome.ts';
import type { PyValue, Row } from '../PyValue.ts';
import { ResultMemo } from '../ResultMemo.ts';
import { STARTED_FD, STARTED_RECORD_BYTES, STEPS, type ExecBatch, type ExecReply, type WorkerMessage, type WorkerRequest } from './workerProtocol.ts';
import { leadingStatement } from './leadingStatement.ts';
import { ResultMeter } from './resultMeter.ts';

const MAX_OPEN = 24;
const open = new Map<string, Database.Database>();
/** BEGIN and ROLLBACK prepared once per connection (they run around every query). */
const txn = new WeakMap<Database.Database, { begin: Database.Statement; rollback: Database.Statement }>();
function transaction(db: Database.Database) {
  let t = txn.get(db);
  if (!t) txn.set(db, (t = { begin: db.prepare('BEGIN'), rollback: db.prepare('ROLLBACK') }));
  return t;
}

function connection(dbPath: string): Database.Database {
  const existing = open.get(dbPath);
  if (existing) {
    // Refresh LRU position.
    open.delete(dbPath);
    open.set(dbPath, existing);
    return existing;
  }
  const bytes = fs.readFileSync(dbPath);
  const db = new Database(bytes);
  db.defaultSafeIntegers(true);
  // better-sqlite3 turns foreign keys on by default; Python's sqlite3 (the official evaluator) does not.
  db.pragma('foreign_keys = OFF');
  open.set(dbPath, db);
  if (open.size > MAX_OPEN) {
    const [oldestPath, oldest] = open.entries().next().value as [string, Database.Database];
    open.delete(oldestPath);
    oldest.close();
  }
  return db;
}

function discard(dbPath: string): void {
  const db = open.get(dbPath);
  open.delete(dbPath);
  db?.close();
}

/**
 * Turns a row from better-sqlite3 into Python's values, in place (the array is fresh per row).
 * Python decodes TEXT with errors="ignore"; V8 has already turned invalid bytes into U+FFFD,
 * which is dropped here.
 */
function decodeRow(row: unknown[]): void {
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (typeof v === 'string') {
      if (v.includes('\uFFFD')) row[c] = v.replaceAll('\uFFFD', '');
    } else if (v instanceof Uint8Array) {
      row[c] = new Uint8Array(v); // a plain copy, not a Buffer view of a shared pool
    }
  }
}

/** One query under the row and byte caps: rows, a SQL error or too_large (the parent enforces time). */
function run(dbPath: string, sql: string, caps: Pick<ExecLimits, 'maxRows' | 'maxBytes'>): ExecOutcome {
  const t0 = performance.now();
  const ms = () => performance.now() - t0;
  let db: Database.Database;
  try {
    db = connection(dbPath);
  } catch (err) {
    return { kind: 'error', message: `cannot open database: ${(err as Error).message}`, ms: ms() };
  }
  // Python's sqlite3 refuses such text before SQLite sees it (SQLite would stop at the NUL).
  if (sql.includes('\u0000')) return { kind: 'error', message: 'the query contains a null character', ms: ms() };
  const statement = leadingStatement(sql);
  // Python's cursor.execute("") and execute(";") succeed and fetch nothing.
  if (statement === null) return { kind: 'rows', rows: [], ms: ms() };
  const { keyword } = statement;
  if (keyword === 'ATTACH' || keyword === 'VACUUM') {
    return { kind: 'error', message: `${keyword} is not allowed: evaluation is read-only`, ms: ms() };
  }
  let stmt: Database.Statement;
  try {
    stmt = db.prepare(sql);
  } catch (err) {
    return { kind: 'error', message: (err as Error).message, ms: ms() };
  }
  // Anything that is not a plain query may have changed the connection (a PRAGMA setting,
  // an attached database): such a connection is rebuilt after the statement.
  const dirty = !stmt.readonly || !stmt.reader || keyword === 'PRAGMA' || keyword === 'DETACH';
  try {
    transaction(db).begin.run();
  } catch {
    // Only possible if a previous statement left a transaction open; rebuild and retry once.
    discard(dbPath);
    return run(dbPath, sql, caps);
  }
  try {
    if (!stmt.reader) {
      stmt.run();
      return { kind: 'rows', rows: [], ms: ms() };
    }
    const rows: Row[] = [];
    const meter = new ResultMeter(caps.maxRows, caps.maxBytes);
    for (const row of stmt.raw(true).iterate() as IterableIterator<unknown[]>) {
      decodeRow(row);
      rows.push(row as PyValue[]);
      const tooLarge = meter.add(row as PyValue[]);
      if (tooLarge) return { kind: 'too_large', reason: tooLarge, ms: ms() };
    }
    return { kind: 'rows', rows, ms: ms() };
  } catch (err) {
    return { kind: 'error', message: (err as Error).message, ms: ms() };
  } finally {
    try {
      if (db.inTransaction) transaction(db).rollback.run();
    } catch {
      /* the connection is discarded below */
    }
    if (dirty || db.inTransaction) discard(dbPath);
  }
}

/**
 * Gold outcomes this process already has, for checks: run here or sent from the parent's cache
 * (once: the parent keeps track), found again by another example or by a prediction identical
 * to a gold. Plain `exec` requests neither read nor fill it.
 */
const memo = new ResultMemo(2_000_000);

function answer(req: WorkerRequest): ExecReply {
  if (req.type === 'exec') {
    announce(req.id, 0);
    return { type: 'exec', id: req.id, outcome: run(req.dbPath, req.sql, req) };
  }
  const checked = checkPair(req.pair, req, (dbPath, sql) => run(dbPath, sql, req), memo, (index, phase) =>
    announce(req.id, index * STEPS + CHECK_PHASES.indexOf(phase)),
  );
  return { type: 'check', id: req.id, checks: checked.checks, ms: checked.ms, ...(checked.tieOrder !== undefined ? { tieOrder: checked.tieOrder } : {}) };
}

// The parent may disconnect at any moment (pool closed); a message with nowhere to go is dropped.
const send = (msg: WorkerMessage) => {
  if (process.connected) process.send!(msg, undefined, undefined, () => undefined);
};

const record = Buffer.alloc(STARTED_RECORD_BYTES);
/** Tells the parent that step `step` of request `id` starts now (a blocking write; retried if the pipe is full). */
function announce(id: number, step: number): void {
  record.writeDoubleLE(id, 0);
  record.writeDoubleLE(step, 8);
  let written = 0;
  for (let attempt = 0; written < record.length; attempt++) {
    try {
      written += fs.writeSync(STARTED_FD, record, written, record.length - written);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // The parent is gone (it exited while this query ran): nobody is waiting for the answer.
      if (code === 'EPIPE' || code === 'EBADF') process.exit(0);
      if (code !== 'EAGAIN' || attempt > 10_000) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); // parent busy: wait 1 ms
    }
  }
}

/** Replies are sent every FLUSH_EVERY replies or FLUSH_MS, so the parent can refill the queue early. */
const FLUSH_EVERY = 8;
const FLUSH_MS = 5;
process.on('message', (msg: ExecBatch) => {
  if (msg?.type !== 'exec') return;
  let pending: ExecReply[] = [];
  let since = performance.now();
  for (const req of msg.requests) {
    if (!process.connected) return;
    pending.push(answer(req));
    if (pending.length >= FLUSH_EVERY || performance.now() - since >= FLUSH_MS) {
      send({ type: 'replies', replies: pending });
      pending = [];
      since = performance.now();
    }
  }
  if (pending.length > 0) send({ type: 'replies', replies: pending });
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
