/**
 * The offline copy: the last answer of each queue, detail and dashboard read this desktop made to its
 * service (offline-reads.ts), kept in one small owner-only file of the data folder, so the team can still
 * review the queue while the service is unreachable. No card number enters it (every answer is checked
 * first, and one that holds a card number is not kept), no secret (no read that could carry one is kept),
 * and its size is bounded: the oldest answers are dropped first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../lib/atomic-write';
import { guard } from '../lib/card-guard';
import type { Logger } from '../logger';

const FORMAT = 'clearpost-offline-copy/1';
const MAX_ENTRIES = 120;
const MAX_BYTES = 8 * 1024 * 1024;

const fileSchema = z.object({
  format: z.literal(FORMAT),
  /** The service whose state this is: a copy of another service is never shown. */
  origin: z.string(),
  syncedAt: z.number().nullable(),
  entries: z.array(z.object({ key: z.string(), at: z.number(), result: z.unknown() })),
});
type CopyFile = z.output<typeof fileSchema>;

export interface OfflineCopy {
  /** When the service last answered (any command): the time the offline label names. */
  syncedAt(): number | null;
  /** The service answered: its state is current as of `at`. */
  touch(at: number): void;
  record(name: string, args: unknown, result: unknown, at: number): void;
  read(name: string, args: unknown): { readonly result: unknown; readonly at: number } | null;
}

/** One key per command and arguments, the arguments' keys sorted so equal reads share an entry. */
export function readKey(name: string, args: unknown): string {
  return `${name} ${JSON.stringify(sorted(args ?? {}))}`;
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
  );
}

function load(path: string, origin: string, logger: Logger): CopyFile {
  const empty: CopyFile = { format: FORMAT, origin, syncedAt: null, entries: [] };
  if (!existsSync(path)) return empty;
  try {
    const file = fileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    return file.origin === origin ? file : empty;
  } catch (error) {
    // A damaged copy is only a cache: start a new one (the service holds the real state).
    logger.warn({ err: error }, 'offline copy unreadable; starting a new one');
    return empty;
  }
}

export function openOfflineCopy(path: string, origin: string, logger: Logger): OfflineCopy {
  const file = load(path, origin, logger);
  const entries = new Map(file.entries.map((e) => [e.key, e]));
  let syncedAt = file.syncedAt;
  const save = () => {
    // Newest first, within the bounds.
    const kept: CopyFile['entries'] = [];
    let bytes = 0;
    for (const entry of [...entries.values()].sort((a, b) => b.at - a.at)) {
      const size = JSON.stringify(entry).length;
      if (kept.length >= MAX_ENTRIES || bytes + size > MAX_BYTES) break;
      kept.push(entry);
      bytes += size;
    }
    entries.clear();
    for (const entry of kept) entries.set(entry.key, entry);
    const text = JSON.stringify({ format: FORMAT, origin, syncedAt, entries: kept } satisfies CopyFile);
    try {
      writeFileAtomic(path, [Buffer.from(text, 'utf8')], { mode: 0o600 });
    } catch (error) {
      // The copy is a convenience; a full disk must not fail the read that fed it.
      logger.warn({ err: error }, 'offline copy not written');
    }
  };
  return {
    syncedAt: () => syncedAt,
    touch(at) {
      syncedAt = at;
    },
    record(name, args, result, at) {
      syncedAt = at;
      if (guard(result).findings.length > 0) {
        logger.warn({ command: name }, 'an answer holding a card number was not kept in the offline copy');
        return;
      }
      const key = readKey(name, args);
      entries.delete(key);
      entries.set(key, { key, at, result });
      save();
    },
    read(name, args) {
      const entry = entries.get(readKey(name, args));
      return entry ? { result: entry.result, at: entry.at } : null;
    },
  };
}
