/**
 * `clearpost backfill` over loopback against the sandbox's simulated Cybersource: the day's Payment Batch
 * Detail report (written from the processor's own ledger) is compared with what the webhooks brought, exactly
 * the lost notifications are imported through file import, a webhook replay is requested for the day, and
 * a second run imports nothing. A refused or failing report download (401, 429, 5xx) says why and changes
 * nothing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { localDate } from '../../../src/main/lib/time-zone';
import { backfillCommand } from '../../../src/main/commands/backfill-command';
import { dataLayout } from '../../../src/main/paths';
import type { SandboxProcessor } from '../../../src/main/sandbox/cybersource/sandbox-processor';
import { SANDBOX_TIME_ZONE } from '../../../src/main/sandbox/world';
import { useTempDirs } from '../../helpers/temp-dir';
import { createApp } from '../../../src/main/app';
import { configureReporting, deliverTraffic, silent, startProcessor } from './backfill-helper';

const tempDir = useTempDirs();
const processors: SandboxProcessor[] = [];
afterEach(async () => {
  for (const p of processors.splice(0)) await p.sim.close();
});

interface Printed {
  date: string;
  reportRows: number;
  alreadyHad: number;
  imported: number;
  quarantined: number;
  replayRequested: boolean;
  funding?: { rows: number; imported: number; quarantined: number };
  chargebacks?: { rows: number; imported: number; quarantined: number; reversals: number; reposted: number };
}

/** The simulated processor settles nothing through the Reporting API (the sandbox's cash desk does). */
const NO_MONEY = {
  funding: { rows: 0, imported: 0, quarantined: 0 },
  chargebacks: { rows: 0, imported: 0, quarantined: 0, reversals: 0, reposted: 0 },
};

async function backfill(dataDir: string, date: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await backfillCommand(
    ['--date', date, '--data-dir', dataDir],
    { stdout: (l) => out.push(l), stderr: (l) => err.push(l) },
    { dataDir },
  );
  return { code, out, err, printed: out[0] ? (JSON.parse(out[0]) as Printed) : null };
}

function readDb<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(dataLayout(dataDir).database, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function eventsBySource(dataDir: string): Map<string, string> {
  return readDb(dataDir, (db) => {
    const rows = db
      .prepare<[], { id: string; source: string }>(
        'SELECT processor_txn_id AS id, source FROM payment_events',
      )
      .all();
    return new Map(rows.map((r) => [r.id, r.source]));
  });
}

async function siteWithLostNotifications() {
  const dataDir = tempDir();
  const processor = await startProcessor();
  processors.push(processor);
  await configureReporting(dataDir, processor);
  const traffic = await deliverTraffic(dataDir, processor, 80, 0.2);
  const date = localDate(Date.now(), SANDBOX_TIME_ZONE);
  // Voids never reach a batch, so the report cannot name them: only the replay brings a lost void back.
  const inReport = processor.sim.ledger.all().filter((s) => s.payment.event.kind !== 'void');
  const lost = traffic.dropped.filter((p) => p.event.kind !== 'void').map((p) => p.event.processorTxnId);
  return { dataDir, processor, date, inReport, lost, traffic };
}

describe('clearpost backfill against the simulated Cybersource', () => {
  it('refuses 401, 429 and 5xx from the report API with a clear error, importing nothing', async () => {
    const { dataDir, processor, date, lost } = await siteWithLostNotifications();
    const before = eventsBySource(dataDir);
    for (const [status, words] of [
      [401, /refused the credentials .*HTTP 401.*check the merchant id, key id and shared secret/],
      [429, /limiting requests \(HTTP 429\).*try again in 1 s/],
      [503, /server error \(HTTP 503\).*try again later/],
    ] as const) {
      processor.sim.failNext(status);
      const run = await backfill(dataDir, date);
      expect(run.code).toBe(1);
      expect(run.out).toEqual([]);
      expect(run.err.join('\n')).toMatch(words);
      expect(run.err.join('\n')).toMatch(/Nothing was imported\./);
    }
    // Nothing changed: no event, no row handed over, no replay; each failed run is on record with its reason.
    expect(eventsBySource(dataDir)).toEqual(before);
    expect(processor.sim.replays).toEqual([]);
    readDb(dataDir, (db) => {
      expect(db.prepare('SELECT count(*) FROM backfill_rows').pluck().get()).toBe(0);
      const runs = db
        .prepare<[], { error: string | null; finished: number | null }>(
          'SELECT error, finished_at AS finished FROM backfill_runs ORDER BY id',
        )
        .all();
      expect(runs).toHaveLength(3);
      expect(runs.every((r) => r.error !== null && r.finished === null)).toBe(true);
    });
    // Once Cybersource answers, the same day goes through.
    expect(lost.length).toBeGreaterThan(0);
    const ok = await backfill(dataDir, date);
    expect(ok.code).toBe(0);
    expect(ok.printed?.imported).toBe(lost.length);
  });

  it('imports exactly the lost notifications, requests a replay, and a second run imports nothing', async () => {
    const { dataDir, processor, date, inReport, lost, traffic } = await siteWithLostNotifications();
    // The traffic lost some of each: payments, and (usually) a refund or void too.
    expect(lost.length).toBeGreaterThanOrEqual(3);
    const arrived = eventsBySource(dataDir);
    for (const id of lost) expect(arrived.has(id)).toBe(false);

    const first = await backfill(dataDir, date);
    expect(first.code).toBe(0);
    expect(first.printed).toEqual({
      date,
      reportRows: inReport.length,
      alreadyHad: inReport.length - lost.length,
      imported: lost.length,
      quarantined: 0,
      replayRequested: true,
      ...NO_MONEY,
    });
    // The day's money was asked for with the same credentials, and answered (empty), not refused.
    expect(first.err.join('\n')).not.toMatch(/Not pulled/);
    // Exactly the lost ones are new, stored as report rows (source file); nothing that arrived is repeated.
    const after = eventsBySource(dataDir);
    const added = [...after.keys()].filter((id) => !arrived.has(id));
    expect(added.sort()).toEqual([...lost].sort());
    for (const id of lost) expect(after.get(id)).toBe('file');
    expect(after.size).toBe(arrived.size + lost.length);
    // Rows with no account say so in words (the sandbox tags only references that have an encounter).
    if (traffic.dropped.some((p) => !p.event.encounterId && p.event.kind !== 'void'))
      expect(first.err.join('\n')).toMatch(/no guarantor account or encounter/);

    // The replay covers the report's day: one request, at most 24 hours, for the sandbox's subscription.
    expect(processor.sim.replays).toHaveLength(1);
    const [replay] = processor.sim.replays;
    expect(replay).toMatchObject({ webhookId: 'clearpost-sandbox-webhook', status: 'FAILED' });
    const span = Date.parse(replay!.endTime) - Date.parse(replay!.startTime);
    expect(span).toBeGreaterThan(0);
    expect(span).toBeLessThanOrEqual(24 * 3_600_000);
    expect(localDate(Date.parse(replay!.startTime), SANDBOX_TIME_ZONE)).toBe(date);

    // The file that was imported is kept beside the data.
    expect(existsSync(join(dataDir, 'backfill'))).toBe(true);

    const second = await backfill(dataDir, date);
    expect(second.code).toBe(0);
    expect(second.printed).toEqual({
      date,
      reportRows: inReport.length,
      alreadyHad: inReport.length,
      imported: 0,
      quarantined: 0,
      replayRequested: false,
      ...NO_MONEY,
    });
    expect(eventsBySource(dataDir).size).toBe(after.size);
    expect(processor.sim.replays).toHaveLength(1);
  });

  it('a folder with a real Cybersource reporting account never starts the sandbox', async () => {
    const dataDir = tempDir();
    const processor = await startProcessor();
    processors.push(processor);
    await configureReporting(dataDir, processor);
    const app = await createApp({
      dataDir,
      mode: 'test',
      logger: silent,
      engine: { autoStart: false },
      sandbox: { traffic: true },
    });
    try {
      expect(app.sandbox).toBeNull();
      const source = await app.backfill.source();
      expect(source.ok && source.source.eventSource).toBe('file');
    } finally {
      await app.close();
    }
  });

  it('says plainly when backfill is not configured', async () => {
    const run = await backfill(tempDir(), '2026-12-01');
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/Cybersource reporting is not configured/);
    const bad = await backfillCommand(
      ['--date', '12/01/2026'],
      { stdout: () => {}, stderr: () => {} },
      {
        dataDir: tempDir(),
      },
    );
    expect(bad).toBe(2);
  });
});
