/**
 * What crosses between the main thread and the writer thread (writer-thread.ts, writer-runtime.ts): writes
 * as an op name with plain data, answers as a value or an error described as data. Errors are sent as their
 * name, message, SQLite or system code and, for a lost claim, its posting, and made again on the main side
 * as the classes the callers test for (`LeaseLost`, better-sqlite3's `SqliteError`), so `instanceof` and
 * `isDiskFull` answer there as they did when the write ran on the main thread.
 */
import BetterSqlite3 from 'better-sqlite3';
import { LeaseLost } from './repositories/posting-work';

export interface WriteRequest {
  readonly id: number;
  readonly op: string;
  readonly args: readonly unknown[];
}

export interface SentError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  /** A `LeaseLost`'s posting. */
  readonly postingId?: number;
}

export type WriteAnswer =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: SentError };

export type ToWriter =
  | { readonly type: 'writes'; readonly writes: readonly WriteRequest[] }
  /** Answer what was sent before, close the connection, end. */
  | { readonly type: 'close' };

export interface FromWriter {
  readonly type: 'answers';
  readonly answers: readonly WriteAnswer[];
}

/** What the worker is started with. */
export interface WriterData {
  readonly path: string;
  /** The main connection's busy timeout and automatic checkpoint threshold, kept alike. */
  readonly busyTimeoutMs: number;
  readonly autocheckpointPages: number;
}

export function sentError(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code } = error as { code?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(error instanceof LeaseLost ? { postingId: error.postingId } : {}),
  };
}

/** The error as the write on the main thread would have thrown it. */
export function rebuiltError(sent: SentError): Error {
  if (sent.name === 'LeaseLost' && sent.postingId !== undefined) return new LeaseLost(sent.postingId);
  if (sent.name === 'SqliteError' && sent.code !== undefined)
    return new BetterSqlite3.SqliteError(sent.message, sent.code);
  const error = new Error(sent.message) as Error & { code?: string };
  if (sent.name !== error.name) error.name = sent.name;
  if (sent.code !== undefined) error.code = sent.code;
  return error;
}
