/**
 * Tamper test over 100,000 audit entries: an edit, a deletion, an insertion, a reorder and a truncation
 * (each at the start, the middle and the end of the log), plus a chain rebuilt from scratch, must all be
 * detected, each at the first broken link. Someone who can write the database file can drop the triggers
 * that keep the table append-only; that is what these edits do.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAuditHead } from '../../../src/main/audit/chain-head-file';
import { createHeadAnchor } from '../../../src/main/audit/head-anchor';
import { verifyAudit } from '../../../src/main/audit/verify-audit';
import { runCli } from '../../../src/main/cli';
import { dataLayout } from '../../../src/main/paths';
import { canonicalJson } from '../../../src/main/store/canonical-json';
import { openStore } from '../../../src/main/store/open';
import { auditHash, auditRepository, GENESIS_HASH } from '../../../src/main/store/repositories/audit';
import { silentLogger, testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const ENTRIES = 100_000;
const tempDir = useTempDirs();
let pristine: string;

// Built once (outside useTempDirs, which cleans per test) and copied for each case.
beforeAll(() => {
  pristine = join(process.env.TMPDIR ?? '/tmp', `clearpost-audit-100k-${String(process.pid)}`);
  mkdirSync(pristine, { recursive: true });
  const layout = dataLayout(pristine);
  const store = openStore(layout.database, { backupDir: layout.backups });
  const audit = auditRepository(store.db);
  const start = Date.UTC(2026, 0, 1);
  store.db.transaction(() => {
    for (let i = 1; i <= ENTRIES; i += 1) {
      audit.append(
        {
          actor: i % 7 === 0 ? 'pat.billing' : 'engine',
          action: i % 3 === 0 ? 'posting.retry_scheduled' : 'posting.posted',
          subjectType: 'posting',
          subjectId: String(i),
          details: { attempt: (i % 4) + 1, amountMinor: 1_000 + (i % 50_000), status: 'success' },
        },
        start + i * 1_000,
      );
    }
  })();
  writeAuditHead(layout.auditHead, audit.headEntry()!, start + ENTRIES * 1_000);
  store.db.close();
}, 120_000);

afterAll(() => rmSync(pristine, { recursive: true, force: true }));

/** A copy of the intact log with its copied head, edited by `tamper` with the triggers dropped. */
function tampered(tamper: (db: BetterSqlite3.Database) => void): string {
  const dir = tempDir();
  copyFileSync(join(pristine, 'clearpost.sqlite'), join(dir, 'clearpost.sqlite'));
  copyFileSync(join(pristine, 'audit-head.json'), join(dir, 'audit-head.json'));
  const db = new BetterSqlite3(join(dir, 'clearpost.sqlite'));
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  db.transaction(() => tamper(db))();
  db.close();
  return dir;
}

function verifyDir(dir: string) {
  const layout = dataLayout(dir);
  const store = openStore(layout.database, { readonly: true });
  try {
    return verifyAudit(auditRepository(store.db), layout.auditHead);
  } finally {
    store.db.close();
  }
}

function rowHash(db: BetterSqlite3.Database, id: number): string {
  return (db.prepare('SELECT hash FROM audit_events WHERE id = ?').get(id) as { hash: string }).hash;
}

const POSITIONS = [1, 17, ENTRIES / 2, ENTRIES - 5];

describe(`audit log tamper evidence over ${String(ENTRIES)} entries`, () => {
  it('verifies the intact log and reports how long it took', async () => {
    const started = performance.now();
    const result = verifyDir(pristine);
    const ms = performance.now() - started;
    expect(result).toMatchObject({ ok: true, checked: ENTRIES, brokenAt: null, anchor: { id: ENTRIES } });
    console.info(`audit verify: ${String(ENTRIES)} entries in ${ms.toFixed(0)} ms (verifyAudit, in-process)`);

    const out: string[] = [];
    const cliStart = performance.now();
    const code = await runCli(['audit', 'verify', '--data-dir', pristine], {
      stdout: (l) => out.push(l),
      stderr: (l) => out.push(l),
    });
    console.info(
      `clearpost audit verify --data-dir <100k>: ${(performance.now() - cliStart).toFixed(0)} ms; ${out.join(' ')}`,
    );
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/Audit log intact: 100000 entries/);
  }, 60_000);

  const cases: {
    name: string;
    tamper: (db: BetterSqlite3.Database, k: number) => void;
    firstBroken: (k: number) => number;
  }[] = [
    {
      name: 'an edited entry',
      tamper: (db, k) =>
        db.prepare(`UPDATE audit_events SET details = '{"amountMinor":1}' WHERE id = ?`).run(k),
      firstBroken: (k) => k,
    },
    {
      name: 'a deleted entry',
      tamper: (db, k) => db.prepare('DELETE FROM audit_events WHERE id = ?').run(k),
      firstBroken: (k) => k + 1,
    },
    {
      name: 'an inserted entry (with a correct hash over its predecessor)',
      tamper: (db, k) => {
        db.prepare('UPDATE audit_events SET id = -id WHERE id > ?').run(k);
        db.prepare('UPDATE audit_events SET id = -id + 1 WHERE id < 0').run();
        const prevHash = k > 0 ? rowHash(db, k) : GENESIS_HASH;
        const entry = {
          at: 0,
          actor: 'intruder',
          action: 'posting.posted',
          subjectType: 'posting',
          subjectId: '1',
          details: canonicalJson({}),
        };
        db.prepare(
          `INSERT INTO audit_events (id, at, actor, action, subject_type, subject_id, details, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          k + 1,
          entry.at,
          entry.actor,
          entry.action,
          entry.subjectType,
          entry.subjectId,
          entry.details,
          prevHash,
          auditHash(prevHash, entry),
        );
      },
      firstBroken: (k) => k + 2,
    },
    {
      name: 'two entries swapped (reorder)',
      tamper: (db, k) => {
        db.prepare('UPDATE audit_events SET id = -1 WHERE id = ?').run(k);
        db.prepare('UPDATE audit_events SET id = ? WHERE id = ?').run(k, k + 1);
        db.prepare('UPDATE audit_events SET id = ? WHERE id = -1').run(k + 1);
      },
      firstBroken: (k) => k,
    },
    {
      name: 'entries cut off the end (truncation)',
      tamper: (db, k) => db.prepare('DELETE FROM audit_events WHERE id > ?').run(k),
      firstBroken: () => ENTRIES,
    },
  ];

  for (const c of cases) {
    it(`detects ${c.name} at the first broken link, wherever it is`, () => {
      for (const k of POSITIONS.filter((p) => p < ENTRIES)) {
        const result = verifyDir(tampered((db) => c.tamper(db, k)));
        expect(result.ok, `${c.name} at ${String(k)}`).toBe(false);
        expect(result.brokenAt?.id, `${c.name} at ${String(k)}`).toBe(c.firstBroken(k));
      }
    }, 120_000);
  }

  it('detects a chain rebuilt from scratch with valid links, through the head copied outside', () => {
    const dir = tampered((db) => {
      db.prepare(`UPDATE audit_events SET details = '{"amountMinor":1}' WHERE id = 500`).run();
      const rows = db
        .prepare(
          'SELECT id, at, actor, action, subject_type AS subjectType, subject_id AS subjectId, details FROM audit_events ORDER BY id',
        )
        .all() as {
        id: number;
        at: number;
        actor: string;
        action: string;
        subjectType: string;
        subjectId: string | null;
        details: string;
      }[];
      const update = db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?');
      let prev = GENESIS_HASH;
      for (const row of rows) {
        const hash = auditHash(prev, row);
        update.run(prev, `pending-${String(row.id)}`, row.id);
        update.run(prev, hash, row.id);
        prev = hash;
      }
    });
    const result = verifyDir(dir);
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toMatchObject({
      id: ENTRIES,
      reason: expect.stringMatching(/rewritten/) as unknown,
    });
  }, 120_000);

  it('reports a damaged head file, and the CLI exits 1 naming the broken link', async () => {
    const dir = tampered((db) => db.prepare('DELETE FROM audit_events WHERE id > ?').run(ENTRIES - 10));
    const out: string[] = [];
    const code = await runCli(['audit', 'verify', '--data-dir', dir, '--json'], {
      stdout: (l) => out.push(l),
      stderr: (l) => out.push(l),
    });
    expect(code).toBe(1);
    expect(JSON.parse(out[0]!)).toMatchObject({
      ok: false,
      brokenAt: { id: ENTRIES, reason: expect.stringMatching(/cut off the end/) as unknown },
    });

    writeFileSync(join(dir, 'audit-head.json'), '{"format":"clearpost-audit-head/1","id":1}');
    expect(verifyDir(dir)).toMatchObject({
      ok: false,
      brokenAt: { id: null, reason: expect.stringMatching(/not in the expected form/) as unknown },
    });
  }, 60_000);
});

describe('the copied chain head and the audit.verify command', () => {
  it('never moves the copied head over a log that no longer holds it, and audit.verify says so', async () => {
    const dir = tempDir();
    const app = await testApp(dir);
    const append = (n: number) =>
      app.store.db.transaction(() => {
        for (let i = 0; i < n; i += 1) {
          app.repos.audit.append(
            { actor: 'engine', action: 'posting.posted', subjectType: 'posting', subjectId: String(i) },
            1_000 + i,
          );
        }
      })();
    append(10);
    const anchor = createHeadAnchor({
      audit: app.repos.audit,
      file: app.layout.auditHead,
      clock: { now: () => 5_000 },
      logger: silentLogger,
    });
    expect(anchor.flush()).toBe('written');
    expect(anchor.flush()).toBe('unchanged');

    app.store.db.exec('DROP TRIGGER audit_events_no_delete');
    app.store.db.prepare('DELETE FROM audit_events WHERE id > 5').run();
    append(3);
    expect(anchor.flush()).toBe('refused');

    const verdict = await app.dispatch(
      'audit.verify',
      {},
      { actor: 'auditor', transport: 'test', role: 'viewer' },
    );
    expect(verdict).toMatchObject({
      ok: true,
      result: {
        ok: false,
        brokenAt: { id: 10, reason: expect.stringMatching(/ends at entry 8/) as unknown },
        anchor: { id: 10 },
      },
    });
    await app.close();
  });
});
