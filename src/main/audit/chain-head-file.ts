/**
 * The audit chain head copied outside the database (`audit-head.json` in the data folder). Inside the
 * database, someone able to write the file could rebuild the whole chain or cut entries off its end, and
 * every link would still hold; the copied head is what such an edit no longer matches.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../lib/atomic-write';

export const AUDIT_HEAD_FORMAT = 'clearpost-audit-head/1';

const headSchema = z
  .object({
    format: z.literal(AUDIT_HEAD_FORMAT),
    id: z.number().int().positive(),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    writtenAt: z.number().int().nonnegative(),
  })
  .strict();
export type AuditHead = z.output<typeof headSchema>;

export class AuditHeadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditHeadError';
  }
}

/** The copied head, or null when none was written yet; a damaged file is an error, never "no head". */
export function readAuditHead(file: string): AuditHead | null {
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new AuditHeadError(
      `The audit chain head file ${file} is not valid JSON: it was altered or damaged.`,
    );
  }
  const result = headSchema.safeParse(parsed);
  if (!result.success) {
    throw new AuditHeadError(
      `The audit chain head file ${file} is not in the expected form: it was altered.`,
    );
  }
  return result.data;
}

/** Replaces the file whole (temporary file, fsync, rename), so a crash never leaves half a head. */
export function writeAuditHead(file: string, head: { id: number; hash: string }, writtenAt: number): void {
  const body: AuditHead = { format: AUDIT_HEAD_FORMAT, id: head.id, hash: head.hash, writtenAt };
  writeFileAtomic(file, [Buffer.from(`${JSON.stringify(body, null, 2)}\n`, 'utf8')]);
}
