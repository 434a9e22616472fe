/**
 * The close package: what a month's close rests on, in one folder an auditor can check without Clearpost's
 * database. `manifest.json` lists every file of the period the store knows (imports by their recorded SHA-256,
 * generated reports copied in when their bytes still match), the package's own files with their SHA-256, who
 * prepared and who approved, and the audit chain's head at approval. The manifest's own hash is recorded in
 * the audit log, so a package rewritten as a whole is caught too (verifyClosePackage with the audit log).
 * A period closed again after a reopening gets a new folder (`-r2`, …); the earlier package is kept as it was,
 * with a `superseded.json` beside its manifest naming its successor (outside the manifest, so it still verifies).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../lib/atomic-write';
import { sha256 } from '../../lib/sha256';
import type { AuditRepository, ChainAnchor } from '../../store/repositories/audit';
import type { CashException } from '../../store/repositories/cash-matching';
import { ALL_FACILITIES, type ClosePeriod, type PeriodFile } from '../../store/repositories/period-close';
import type { CashBalance } from '../cash/cash-balance';
import { UNEXPLAINED_CASH_CAUSES } from '../cash/cash-variance';

export const CLOSE_PACKAGE_FORMAT = 'clearpost-close-package/1';
export const MANIFEST = 'manifest.json';
export const SUPERSEDED = 'superseded.json';

export interface ClosePackageInput {
  readonly period: ClosePeriod;
  readonly balance: CashBalance;
  readonly files: readonly PeriodFile[];
  readonly openExceptions: readonly CashException[];
  readonly anchor: ChainAnchor;
  readonly reportsDir: string;
}

export interface WrittenPackage {
  readonly dir: string;
  readonly manifestSha256: string;
  readonly files: number;
}

const contentEntry = z.object({
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number(),
});
const manifestSchema = z.object({
  format: z.literal(CLOSE_PACKAGE_FORMAT),
  scope: z.string(),
  month: z.string(),
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  preparedBy: z.string(),
  preparedAt: z.number(),
  approvedBy: z.string(),
  approvedAt: z.number(),
  /** Absent in packages written before reopening existed: revision 1. */
  revision: z.number().int().positive().optional(),
  auditAnchor: z.object({ id: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
  periodFiles: z.array(
    z.object({
      kind: z.enum(['import', 'export']),
      fileName: z.string(),
      source: z.string(),
      sha256: z.string(),
      sizeBytes: z.number(),
      copy: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  contents: z.array(contentEntry),
});
export type CloseManifest = z.infer<typeof manifestSchema>;

const safeName = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_');

/** Writes the package into a fresh folder of `reportsDir` (a temporary one renamed at the end). */
export function writeClosePackage(input: ClosePackageInput): WrittenPackage {
  const { period, balance, anchor } = input;
  if (period.approvedBy === null || period.approvedAt === null)
    throw new Error('only an approved period is packaged');
  const scope = period.scope === ALL_FACILITIES ? 'all' : safeName(period.scope);
  const revision = period.revision > 1 ? `-r${String(period.revision)}` : '';
  const dir = join(input.reportsDir, `close-${period.month}-${scope}${revision}`);
  if (existsSync(dir)) throw new Error(`${dir} already exists; move it away to write this close package`);
  const temp = `${dir}.partial-${String(period.approvedAt)}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(join(temp, 'files'), { recursive: true });

  const contents: z.infer<typeof contentEntry>[] = [];
  const put = (path: string, bytes: Buffer) => {
    writeFileAtomic(join(temp, path), [bytes]);
    contents.push({ path, sha256: sha256(bytes), bytes: bytes.length });
  };
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

  const periodFiles = input.files.map((f) => {
    if (f.kind === 'import' || f.path === null) {
      return {
        ...pick(f),
        copy: null,
        note: `import ${f.state ?? ''}: Clearpost keeps its hash, not the file`,
      };
    }
    if (!existsSync(f.path)) return { ...pick(f), copy: null, note: 'no longer in the reports folder' };
    const bytes = readFileSync(f.path);
    if (sha256(bytes) !== f.sha256) {
      return { ...pick(f), copy: null, note: 'changed since it was generated: not copied' };
    }
    const copy = `files/${String(f.id)}-${safeName(f.fileName)}`;
    put(copy, bytes);
    return { ...pick(f), copy, note: null };
  });
  put('balance.json', json(balance));
  put(
    'open-items.json',
    json({
      cashExceptions: input.openExceptions,
      // Explained but still open: money in transit, awaiting funding, not yet posted.
      openVariances: balance.variances.filter((v) => !UNEXPLAINED_CASH_CAUSES.has(v.cause)),
      lateEvents: balance.lateEvents,
    }),
  );
  const manifest: CloseManifest = {
    format: CLOSE_PACKAGE_FORMAT,
    scope: period.scope,
    month: period.month,
    from: balance.from,
    to: balance.to,
    timeZone: period.timeZone,
    preparedBy: period.preparedBy,
    preparedAt: period.preparedAt,
    approvedBy: period.approvedBy,
    approvedAt: period.approvedAt,
    revision: period.revision,
    auditAnchor: { id: anchor.id, hash: anchor.hash },
    periodFiles,
    contents,
  };
  const manifestBytes = json(manifest);
  writeFileAtomic(join(temp, MANIFEST), [manifestBytes]);
  renameSync(temp, dir);
  return { dir, manifestSha256: sha256(manifestBytes), files: periodFiles.length };
}

function pick(f: PeriodFile) {
  return { kind: f.kind, fileName: f.fileName, source: f.source, sha256: f.sha256, sizeBytes: f.sizeBytes };
}

export interface PackageCheck {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly manifestSha256: string | null;
  readonly checked: number;
  /** The package that replaced this one after a reopening, when it was marked so. */
  readonly supersededBy?: string;
}

const supersededSchema = z.object({ supersededBy: z.string(), manifestSha256: z.string(), at: z.number() });

/** Marks an earlier package superseded by the package of a later close of the same period. */
export function markSuperseded(
  dir: string,
  by: { readonly dir: string; readonly manifestSha256: string; readonly at: number; readonly reason: string },
): boolean {
  if (!existsSync(join(dir, MANIFEST))) return false;
  const marker = {
    supersededBy: by.dir,
    manifestSha256: by.manifestSha256,
    at: by.at,
    reopenedBecause: by.reason,
  };
  writeFileAtomic(join(dir, SUPERSEDED), [Buffer.from(`${JSON.stringify(marker, null, 2)}\n`, 'utf8')]);
  return true;
}

function supersededBy(dir: string): string | undefined {
  const path = join(dir, SUPERSEDED);
  if (!existsSync(path)) return undefined;
  try {
    return supersededSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).supersededBy;
  } catch {
    return 'a later package (its superseded.json is unreadable)';
  }
}

/**
 * Re-hashes every file the manifest lists. With the audit log: the anchor still names the entry it named, the
 * chain holds up to it and past it, and the log recorded this very manifest when the period was approved.
 */
export function verifyClosePackage(dir: string, audit?: AuditRepository): PackageCheck {
  const problems: string[] = [];
  const path = join(dir, MANIFEST);
  if (!existsSync(path))
    return { ok: false, problems: [`${path} is missing`], manifestSha256: null, checked: 0 };
  const bytes = readFileSync(path);
  const manifestSha256 = sha256(bytes);
  let manifest: CloseManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch (error) {
    const why =
      error instanceof z.ZodError ? error.issues.map((i) => i.path.join('.')).join(', ') : 'not JSON';
    return {
      ok: false,
      problems: [`${MANIFEST} is not a close manifest (${why})`],
      manifestSha256,
      checked: 0,
    };
  }
  let checked = 0;
  for (const entry of manifest.contents) {
    const rel = normalize(entry.path);
    if (isAbsolute(rel) || rel.startsWith(`..${sep}`) || rel === '..') {
      problems.push(`${entry.path}: outside the package`);
      continue;
    }
    const file = join(dir, rel);
    if (!existsSync(file)) {
      problems.push(`${entry.path}: missing`);
      continue;
    }
    const actual = sha256(readFileSync(file));
    if (actual !== entry.sha256)
      problems.push(`${entry.path}: SHA-256 ${actual}, the manifest says ${entry.sha256}`);
    checked += 1;
  }
  if (audit) {
    const { id, hash } = manifest.auditAnchor;
    if (audit.hashAt(id) !== hash) {
      problems.push(`audit entry ${String(id)} is no longer the one recorded at close`);
    } else {
      const chain = audit.verify({ id, hash });
      if (!chain.ok && chain.brokenAt) {
        problems.push(`audit chain broken at entry ${String(chain.brokenAt.id)}: ${chain.brokenAt.reason}`);
      }
    }
    const recorded = audit
      .withAction('cash.close.packaged')
      .some((e) => e.details.manifestSha256 === manifestSha256);
    if (!recorded)
      problems.push(`the audit log records no close package with this manifest (${manifestSha256})`);
  }
  const later = supersededBy(dir);
  return {
    ok: problems.length === 0,
    problems,
    manifestSha256,
    checked,
    ...(later ? { supersededBy: later } : {}),
  };
}
