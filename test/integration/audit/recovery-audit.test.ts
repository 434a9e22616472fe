/**
 * Recovery from a snapshot, as the audit chain sees it: the restored log ends where the snapshot did, while
 * the head copied outside the database names a later entry that went with the damaged file. The recovery is
 * recorded as an entry and the head moves on to it, so `clearpost audit verify` passes on the recovered log
 * and still names any later break; a head no recovery entry accounts for is never moved.
 */
import { closeSync, copyFileSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readAuditHead, writeAuditHead } from '../../../src/main/audit/chain-head-file';
import { RECOVERY_ACTION } from '../../../src/main/audit/recovery-anchor';
import { runCli } from '../../../src/main/cli';
import { dataLayout } from '../../../src/main/paths';
import { takeSnapshot } from '../../../src/main/store/snapshots';
import { testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const SNAPSHOT_AT = Date.UTC(2026, 10, 22);

function appendEntries(app: Awaited<ReturnType<typeof testApp>>, from: number, count: number): void {
  app.store.db.transaction(() => {
    for (let i = from; i < from + count; i += 1) {
      app.repos.audit.append(
        { actor: 'pat.billing', action: 'posting.retry', subjectType: 'posting', subjectId: String(i) },
        Date.UTC(2026, 10, 21) + i,
      );
    }
  })();
}

/** Overwrites the header of a closed database file, as a failing disk would. */
function damageHeader(path: string): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.from('NOT A DATABASE!!'), 0, 16, 0);
  closeSync(fd);
}

async function verify(dir: string): Promise<{ code: number; result: VerifyJson }> {
  const out: string[] = [];
  const code = await runCli(['audit', 'verify', '--data-dir', dir, '--json'], {
    stdout: (l) => out.push(l),
    stderr: (l) => out.push(l),
  });
  return { code, result: JSON.parse(out[0] ?? 'null') as VerifyJson };
}

interface VerifyJson {
  readonly ok: boolean;
  readonly brokenAt: { readonly id: number | null; readonly reason: string } | null;
  readonly head: { readonly id: number; readonly hash: string } | null;
  readonly recoveries: readonly Record<string, unknown>[];
}

/** Drops the append-only triggers, as someone able to write the file can, and runs `edit`. */
function tamper(database: string, edit: (db: BetterSqlite3.Database) => void): void {
  const db = new BetterSqlite3(database);
  try {
    db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
    edit(db);
  } finally {
    db.close();
  }
}

/**
 * A data folder whose database was damaged after a snapshot: 30 entries in the snapshot, 20 more after it,
 * the head copied at close naming the last of those 50. Returns the head as it was.
 */
async function damagedAfterSnapshot(dir: string): Promise<{ id: number; hash: string }> {
  const app = await testApp(dir);
  appendEntries(app, 0, 30);
  takeSnapshot(app.store.db, app.layout.backups, SNAPSHOT_AT, 3);
  appendEntries(app, 30, 20);
  await app.close(); // copies the head at close
  damageHeader(app.layout.database);
  const head = readAuditHead(app.layout.auditHead);
  if (!head) throw new Error('the app did not copy the audit head at close');
  return head;
}

function recoveryEntry(database: string): { id: number; at: number; details: Record<string, unknown> } {
  const db = new BetterSqlite3(database, { readonly: true });
  try {
    const row = db
      .prepare('SELECT id, at, details FROM audit_events WHERE action = ? ORDER BY id DESC')
      .get(RECOVERY_ACTION) as { id: number; at: number; details: string } | undefined;
    if (!row) throw new Error('no recovery entry');
    return { id: row.id, at: row.at, details: JSON.parse(row.details) as Record<string, unknown> };
  } finally {
    db.close();
  }
}

describe('audit chain after recovery from a snapshot', () => {
  it('a truncated log (no recovery) is never re-anchored: verify keeps naming the missing entry', async () => {
    const dir = tempDir();
    const app = await testApp(dir);
    appendEntries(app, 0, 10);
    await app.close();
    const head = readAuditHead(app.layout.auditHead)!;
    tamper(app.layout.database, (db) => db.prepare('DELETE FROM audit_events WHERE id > ?').run(head.id - 3));

    await (await testApp(dir)).close(); // a start and a close must not accept the cut
    expect(readAuditHead(app.layout.auditHead)).toEqual(head);
    const { code, result } = await verify(dir);
    expect(code).toBe(1);
    expect(result.brokenAt).toMatchObject({
      id: head.id,
      reason: expect.stringMatching(/cut off the end/) as unknown,
    });
  });

  it('records the recovery, re-anchors the head, and verify passes; the old head is kept', async () => {
    const dir = tempDir();
    const layout = dataLayout(dir);
    const oldHead = await damagedAfterSnapshot(dir);
    const oldHeadBytes = readFileSync(layout.auditHead);

    const recovered = await testApp(dir);
    let recoveryId: number;
    try {
      expect(recovered.recovery?.message).toMatch(/recorded in the audit log\.$/);
      const entry = recoveryEntry(layout.database);
      recoveryId = entry.id;
      expect(entry.at).toBe(recovered.recovery!.at);
      expect(entry.details).toMatchObject({
        snapshot: basename(recovered.recovery!.restoredFrom),
        lastEntryHeld: { id: expect.any(Number) as unknown },
        damagedKeptAt: basename(recovered.recovery!.damagedKeptAt),
        previousHead: { id: oldHead.id, hash: oldHead.hash },
        previousHeadInSnapshot: 'lost',
      });
      const held = (entry.details.lastEntryHeld as { id: number }).id;
      expect(held).toBeLessThan(oldHead.id);
      // The snapshot ends 20 entries before the old head (plus whatever the app itself audited at start).
      expect(oldHead.id - held).toBeGreaterThanOrEqual(20);
      expect(held).toBeGreaterThanOrEqual(30);
      const keptAt = join(dir, entry.details.previousHeadKeptAt as string);
      expect(readFileSync(keptAt).equals(oldHeadBytes)).toBe(true);
      expect(readAuditHead(layout.auditHead)).toMatchObject({ id: entry.id });
    } finally {
      await recovered.close();
    }

    const { code, result } = await verify(dir);
    expect(result).toMatchObject({ ok: true, brokenAt: null });
    expect(result.head!.id).toBeGreaterThanOrEqual(recoveryId);
    expect(code).toBe(0);
    // Intact again, but verify still says what the recovery cost.
    const entry = recoveryEntry(layout.database);
    const held = (entry.details.lastEntryHeld as { id: number }).id;
    expect(result.recoveries).toEqual([
      {
        entryId: recoveryId,
        at: entry.at,
        snapshotTakenAt: entry.details.snapshotTakenAt,
        lastEntryHeld: held,
        previousHead: oldHead.id,
        entriesLost: oldHead.id - held,
      },
    ]);
    const words: string[] = [];
    expect(
      await runCli(['audit', 'verify', '--data-dir', dir], {
        stdout: (l) => words.push(l),
        stderr: (l) => words.push(l),
      }),
    ).toBe(0);
    expect(words.join('\n')).toMatch(
      new RegExp(
        `^Audit log intact: .* Recovered from the snapshot of ${new Date(entry.details.snapshotTakenAt as number).toISOString()} .*\\(entry ${String(recoveryId)}\\): ${String(oldHead.id - held)} entries after entry ${String(held)} were lost with the damaged database\\.$`,
      ),
    );
  });

  it('after recovery, an edited entry (before or after the recovery entry) is named by verify', async () => {
    for (const where of ['before', 'after'] as const) {
      const dir = tempDir();
      const layout = dataLayout(dir);
      await damagedAfterSnapshot(dir);
      const recovered = await testApp(dir);
      appendEntries(recovered, 100, 5);
      await recovered.close();
      const recoveryId = recoveryEntry(layout.database).id;
      const target = where === 'before' ? recoveryId - 2 : recoveryId + 2;
      tamper(layout.database, (db) =>
        db.prepare(`UPDATE audit_events SET actor = 'someone.else' WHERE id = ?`).run(target),
      );
      const { code, result } = await verify(dir);
      expect(code).toBe(1);
      expect(result.brokenAt).toEqual({ id: target, reason: 'content does not match its hash' });
    }
  });

  it('a crash between recording the recovery and moving the head is finished at the next start', async () => {
    const dir = tempDir();
    const layout = dataLayout(dir);
    const oldHead = await damagedAfterSnapshot(dir);
    await (await testApp(dir)).close();
    const entry = recoveryEntry(layout.database);
    // The state a crash right after the recovered database took its place leaves: the old head on disk.
    copyFileSync(join(dir, entry.details.previousHeadKeptAt as string), layout.auditHead);
    expect(readAuditHead(layout.auditHead)).toEqual(oldHead);
    expect((await verify(dir)).code).toBe(1);

    await (await testApp(dir)).close();
    expect(readAuditHead(layout.auditHead)!.id).toBeGreaterThanOrEqual(entry.id);
    expect((await verify(dir)).code).toBe(0);
  });

  it('a snapshot that holds the old head entry with another hash: recorded, but the head is not moved', async () => {
    const dir = tempDir();
    const layout = dataLayout(dir);
    const app = await testApp(dir);
    appendEntries(app, 0, 10);
    await app.close();
    const head = readAuditHead(layout.auditHead)!;
    // A snapshot taken after the head was copied, and rewritten at the head's entry.
    const again = await testApp(dir);
    appendEntries(again, 10, 5);
    const snapshot = takeSnapshot(again.store.db, again.layout.backups, SNAPSHOT_AT, 3);
    await again.close();
    // The close moved the head on; put back the one the snapshot contradicts.
    writeAuditHead(layout.auditHead, head, head.writtenAt);
    tamper(snapshot.file, (db) =>
      db.prepare(`UPDATE audit_events SET hash = ? WHERE id = ?`).run('f'.repeat(64), head.id),
    );
    damageHeader(layout.database);

    const recovered = await testApp(dir);
    try {
      expect(recovered.recovery?.message).toMatch(
        /chain head copied outside the database was left as it was/,
      );
      expect(recoveryEntry(layout.database).details).toMatchObject({ previousHeadInSnapshot: 'differs' });
    } finally {
      await recovered.close();
    }
    expect(readAuditHead(layout.auditHead)).toEqual(head);
    const { code, result } = await verify(dir);
    expect(code).toBe(1);
    expect(result.brokenAt?.id).toBe(head.id);
    expect(existsSync(layout.database)).toBe(true);
  });
});
