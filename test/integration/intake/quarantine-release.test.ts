import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleWebhook, type WebhookDeps } from '../../../src/main/intake/cybersource/webhook-handler';
import { discardQuarantined } from '../../../src/main/intake/quarantine/discard';
import { importFile } from '../../../src/main/intake/reports/import-file';
import type {
  QuarantineDetail,
  QuarantineEntry,
  QuarantineListRow,
  QuarantineReleaseResult,
} from '../../../src/shared/commands/quarantine';
import { auditActions, operator, quarantineApi, queuedEvents } from './quarantine-helper';
import { openTestStore, T0, type TestStore } from './store-helper';
import { CONFIG, envelope, payload, signedHeaders } from './webhook-helper';

const PAN = '4111111111111111';
let t: TestStore;
let deps: WebhookDeps;
let api: ReturnType<typeof quarantineApi>;

beforeEach(() => {
  t = openTestStore();
  deps = { db: t.store.db, repos: t.repos, clock: t.clock, config: CONFIG };
  api = quarantineApi(t);
});
afterEach(() => t.close());

/** A webhook that names no facility and an EHR Clearpost does not know: quarantined as missing_facility. */
async function quarantineWebhook(
  id = '7412345678901234567890',
  extra: Record<string, unknown> = {},
): Promise<number> {
  const body = envelope(
    payload({
      id,
      merchantDefinedInformation: [
        { key: 'guarantorAccount', value: 'G100200' },
        { key: 'ehr', value: 'Meditech' },
      ],
      ...extra,
    }),
  );
  const res = await handleWebhook(JSON.stringify(body), signedHeaders(body, T0), deps);
  expect(res.body).toMatchObject({ outcome: 'quarantined' });
  return res.body.quarantineId!;
}

const release = (args: Record<string, unknown>) =>
  api.call<QuarantineReleaseResult>('quarantine.release', args);

describe('quarantine.release refuses what is still wrong', () => {
  it('keeps a still-invalid correction in quarantine with the new reason, attributed and audited', async () => {
    const id = await quarantineWebhook();
    expect(t.repos.quarantine.get(id)).toMatchObject({ reasonCode: 'missing_facility', state: 'open' });

    // The facility is fixed, but the EHR the input names is still unknown: the new reason replaces the old.
    const first = await release({ id, corrections: { facility: 'MAIN' } });
    expect(first).toMatchObject({
      outcome: 'still_quarantined',
      eventId: null,
      entry: {
        state: 'open',
        reasonCode: 'unknown_ehr',
        releaseAttempts: 1,
        corrections: { facility: 'MAIN' },
      },
    });
    expect(first.entry.reason).toMatch(/not Epic or Oracle Health/);
    expect(t.repos.events.count()).toBe(0);
    expect(t.repos.quarantine.openCount()).toBe(1);
    expect(auditActions(t, id)).toEqual(['quarantine.release_refused']);
    const [refusal] = t.repos.audit.forSubject('quarantined_input', String(id));
    expect(refusal).toMatchObject({
      actor: operator.actor,
      details: {
        reasonCode: 'unknown_ehr',
        previousReasonCode: 'missing_facility',
        correctedFields: ['facility'],
      },
    });
  });

  it('refuses a card number typed into a correction or a note, and stores nothing of it', async () => {
    const id = await quarantineWebhook();
    for (const args of [
      { id, corrections: { facility: 'MAIN', ehr: 'epic', guarantorAccount: PAN } },
      {
        id,
        corrections: { facility: 'MAIN', ehr: 'epic', encounterId: `ENC ${PAN.slice(0, 8)} ${PAN.slice(8)}` },
      },
      { id, corrections: { facility: 'MAIN', ehr: 'epic' }, note: `card was ${PAN}` },
    ]) {
      const refusal = await release(args).catch((e: unknown) => e as { code: string; message: string });
      expect(refusal).toMatchObject({ code: 'invalid_arguments' });
      expect((refusal as { message: string }).message).toMatch(/card number/);
      expect((refusal as { message: string }).message).not.toContain(PAN.slice(4));
    }
    expect(t.repos.quarantine.get(id)).toMatchObject({
      state: 'open',
      releaseAttempts: 0,
      corrections: null,
    });
    expect(t.repos.events.count()).toBe(0);
    expect(auditActions(t, id)).toEqual([]);
    expect(t.bytes().includes(Buffer.from(PAN))).toBe(false);
  });

  it('refuses a discard without a reason, or with a card number in it', async () => {
    const id = await quarantineWebhook();
    await expect(api.call('quarantine.discard', { id })).rejects.toMatchObject({ code: 'invalid_arguments' });
    await expect(api.call('quarantine.discard', { id, reason: '   ' })).rejects.toMatchObject({
      code: 'invalid_arguments',
      message: expect.stringMatching(/reason is required/) as unknown,
    });
    // Whoever calls the domain function directly meets the same rule.
    expect(() =>
      discardQuarantined({ id, reason: ' ', actor: 'x' }, { db: t.store.db, repos: t.repos, clock: t.clock }),
    ).toThrow(/reason is required/);
    await expect(
      api.call('quarantine.discard', { id, reason: `payer read out ${PAN}` }),
    ).rejects.toMatchObject({ code: 'invalid_arguments' });
    expect(t.repos.quarantine.get(id)).toMatchObject({ state: 'open', resolutionNote: null });
    expect(t.bytes().includes(Buffer.from(PAN))).toBe(false);
  });

  it('refuses to release or discard an entry that is already released, or discarded', async () => {
    const id = await quarantineWebhook();
    const done = await release({ id, corrections: { facility: 'MAIN', ehr: 'epic' } });
    expect(done.outcome).toBe('released');
    await expect(release({ id, corrections: { facility: 'MAIN', ehr: 'epic' } })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(
        new RegExp(`already released by pat.billing as payment event ${String(done.eventId)}`),
      ) as unknown,
    });
    await expect(api.call('quarantine.discard', { id, reason: 'dup' })).rejects.toMatchObject({
      code: 'conflict',
    });

    const other = await quarantineWebhook('7499999999999999999999');
    await api.call('quarantine.discard', { id: other, reason: 'Test payment from the processor sandbox' });
    await expect(release({ id: other, corrections: { facility: 'MAIN' } })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/was discarded by pat.billing/) as unknown,
    });
    expect(t.repos.events.count()).toBe(1);
    await expect(release({ id: 9999 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(api.call('quarantine.get', { id: 9999 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('the schema keeps entries: no delete, no change to what was received, resolved entries final', async () => {
    const id = await quarantineWebhook();
    const db = t.store.db;
    expect(() => db.prepare('DELETE FROM quarantined_inputs WHERE id = ?').run(id)).toThrow(/kept/);
    expect(() =>
      db.prepare("UPDATE quarantined_inputs SET redacted_input = '{}' WHERE id = ?").run(id),
    ).toThrow(/as received/);
    discardQuarantined({ id, reason: 'spam', actor: 'x' }, { db, repos: t.repos, clock: t.clock });
    expect(() => db.prepare("UPDATE quarantined_inputs SET state = 'open' WHERE id = ?").run(id)).toThrow(
      /final/,
    );
  });

  it('leaves a file row refused for its shape in quarantine: its values may be shifted', async () => {
    await importFile(
      join(__dirname, '../../fixtures/intake/batch-detail.csv'),
      { facility: 'MAIN', ehr: 'epic' },
      { db: t.store.db, repos: t.repos, clock: t.clock },
    );
    const damaged = t.repos.quarantine.list({ reasonCodes: ['malformed_row'], limit: 10 }).rows[0]!;
    const res = await release({ id: damaged.id, corrections: { facility: 'MAIN', ehr: 'epic' } });
    expect(res).toMatchObject({ outcome: 'still_quarantined', entry: { reasonCode: 'malformed_row' } });
    expect(res.entry.reason).toMatch(/import it again/);
  });
});

describe('quarantine.release puts a corrected input into the pipeline', () => {
  it('stores the corrected event through the intake path and queues it for the engine', async () => {
    const id = await quarantineWebhook();
    const before = t.repos.events.count();
    t.clock.set(T0 + 60_000);
    const res = await release({
      id,
      corrections: { facility: 'MAIN', ehr: 'epic', encounterId: 'E777' },
      note: 'Facility confirmed with the cashier',
    });
    expect(res).toMatchObject({
      outcome: 'released',
      entry: {
        state: 'released',
        resolvedBy: 'pat.billing',
        resolvedAt: T0 + 60_000,
        resolutionNote: 'Facility confirmed with the cashier',
        corrections: { facility: 'MAIN', ehr: 'epic', encounterId: 'E777' },
      },
    });
    expect(res.entry.releasedEventId).toBe(res.eventId);
    expect(t.repos.events.count()).toBe(before + 1);
    expect(t.repos.events.get(res.eventId!)).toMatchObject({
      source: 'webhook',
      processorTxnId: '7412345678901234567890',
      amountMinor: 12_550,
      facility: 'MAIN',
      ehr: 'epic',
      guarantorAccount: 'G100200',
      encounterId: 'E777',
      merchantRef: 'HB-2025-0042|ENC:E777',
    });
    expect(queuedEvents(t)).toEqual([res.eventId]);
    expect(auditActions(t, id)).toEqual(['quarantine.released']);
    expect(api.changed.at(-1)).toEqual(['quarantined_inputs', 'payment_events', 'audit_events']);
    expect(t.repos.audit.verify().ok).toBe(true);

    // The processor redelivers the original: it lands on the released entry; nothing new is stored.
    const body = envelope(
      payload({
        merchantDefinedInformation: [
          { key: 'guarantorAccount', value: 'G100200' },
          { key: 'ehr', value: 'Meditech' },
        ],
      }),
      { transactionTraceId: 'trace-0002', retryNumber: 1 },
    );
    await handleWebhook(JSON.stringify(body), signedHeaders(body, T0), deps);
    expect(t.repos.events.count()).toBe(before + 1);
    expect(t.repos.quarantine.list({ limit: 10 }).rows).toHaveLength(1);
  });

  it('clears a wrong account with null, and an input already received since points at that event', async () => {
    const id = await quarantineWebhook();
    // The processor later sends the same transaction complete: it is stored on its own.
    const fixed = envelope(payload(), { transactionTraceId: 'trace-9' });
    const stored = await handleWebhook(JSON.stringify(fixed), signedHeaders(fixed, T0), deps);
    expect(stored.body.outcome).toBe('stored');
    const res = await release({ id, corrections: { facility: 'MAIN', ehr: 'epic', guarantorAccount: null } });
    expect(res).toMatchObject({ outcome: 'already_received', eventId: stored.body.eventId });
    expect(res.entry).toMatchObject({ state: 'released', releasedEventId: stored.body.eventId });
    expect(t.repos.events.count()).toBe(1);
    const [released] = t.repos.audit.forSubject('quarantined_input', String(id));
    expect(released?.details).toMatchObject({ alreadyReceived: true });
  });

  it('releases a report row with the format of the file it came from', async () => {
    // Imported without a facility: Payment Batch Detail never names one, so good rows wait in quarantine.
    const summary = await importFile(
      join(__dirname, '../../fixtures/intake/batch-detail-reordered.csv'),
      {},
      { db: t.store.db, repos: t.repos, clock: t.clock },
    );
    expect(summary.imported).toBe(0);
    const waiting = t.repos.quarantine.list({ reasonCodes: ['missing_facility'], limit: 50 }).rows;
    expect(waiting.length).toBeGreaterThan(0);
    const row = waiting.at(-1)!;
    const res = await release({ id: row.id, corrections: { facility: 'RIVERSIDE', ehr: 'epic' } });
    expect(res.outcome).toBe('released');
    expect(t.repos.events.get(res.eventId!)).toMatchObject({
      source: 'file',
      processorTxnId: '7500000000000000000001',
      facility: 'RIVERSIDE',
      amountMinor: 9_999,
      effectiveDate: '2025-03-04',
    });
  });

  it('discards with the reason kept, attributed and audited', async () => {
    const id = await quarantineWebhook();
    const entry = await api.call<QuarantineEntry>('quarantine.discard', {
      id,
      reason: '  Test transaction from the processor  ',
    });
    expect(entry).toMatchObject({
      state: 'discarded',
      resolvedBy: 'pat.billing',
      resolutionNote: 'Test transaction from the processor',
      releasedEventId: null,
    });
    expect(t.repos.audit.forSubject('quarantined_input', String(id))).toEqual([
      expect.objectContaining({
        action: 'quarantine.discarded',
        details: { reasonCode: 'missing_facility', reason: 'Test transaction from the processor' },
      }),
    ]);
    expect(api.changed.at(-1)).toEqual(['quarantined_inputs', 'audit_events']);
  });
});

describe('quarantine.list and quarantine.get', () => {
  it('lists newest first with filters by state, reason and source, paged by keyset', async () => {
    const a = await quarantineWebhook('7400000000000000000001');
    const b = await quarantineWebhook('7400000000000000000002');
    const c = await quarantineWebhook('7400000000000000000003', {
      orderInformation: { amountDetails: { totalAmount: '1.00', currency: 'XXX' } },
    });
    await importFile(
      join(__dirname, '../../fixtures/intake/batch-detail.csv'),
      { facility: 'MAIN', ehr: 'epic' },
      { db: t.store.db, repos: t.repos, clock: t.clock },
    );
    await api.call('quarantine.discard', { id: a, reason: 'duplicate of a later delivery' });

    type Page = { rows: QuarantineListRow[]; next: number | null };
    const webhooks = await api.call<Page>('quarantine.list', { sources: ['webhook'] });
    expect(webhooks.rows.map((r) => r.id)).toEqual([c, b, a]);
    expect(webhooks.rows[0]).toMatchObject({
      reasonCode: 'unknown_currency',
      sourceRef: 'webhook:trace-0001',
    });
    expect(webhooks.rows[0]!.reason).toMatch(/ISO 4217/);
    expect(webhooks.rows[0]!.inputPreview).toContain('"payload"');

    const open = await api.call<Page>('quarantine.list', { states: ['open'], sources: ['webhook'] });
    expect(open.rows.map((r) => r.id)).toEqual([c, b]);
    const missing = await api.call<Page>('quarantine.list', { reasonCodes: ['missing_facility'] });
    expect(missing.rows.map((r) => r.id)).toEqual([b, a]);
    const cards = await api.call<Page>('quarantine.list', {
      reasonCodes: ['card_number'],
      sources: ['file'],
    });
    expect(cards.rows).toHaveLength(1);
    expect(cards.rows[0]!.inputPreview).not.toContain(PAN);
    const byFile = await api.call<Page>('quarantine.list', { sourceRef: 'batch-detail.csv#' });
    expect(byFile.rows.length).toBe(7);

    // Keyset paging visits every entry once, newest first.
    const seen: number[] = [];
    let after: number | undefined;
    for (;;) {
      const page: Page = await api.call<Page>('quarantine.list', { limit: 3, ...(after ? { after } : {}) });
      seen.push(...page.rows.map((r) => r.id));
      if (page.next === null) break;
      after = page.next;
    }
    const all = t.store.db
      .prepare<[], { id: number }>('SELECT id FROM quarantined_inputs ORDER BY id DESC')
      .all();
    expect(seen).toEqual(all.map((r) => r.id));

    await expect(api.call('quarantine.list', { states: ['deleted'] })).rejects.toMatchObject({
      code: 'invalid_arguments',
    });
  });

  it('shows a long input truncated in the list and whole in get, with the event and the history', async () => {
    const id = await quarantineWebhook('7400000000000000000009', { notes: 'x'.repeat(1_000) });
    const [row] = (await api.call<{ rows: QuarantineListRow[] }>('quarantine.list', {})).rows;
    expect(row).toMatchObject({ id, inputTruncated: true });
    expect(row!.inputPreview.length).toBe(400);
    await release({ id, corrections: { facility: 'MAIN', ehr: 'epic' } });
    const detail = await api.call<QuarantineDetail>('quarantine.get', { id });
    expect(detail.entry.redactedInput.length).toBeGreaterThan(1_000);
    expect(detail.event).toMatchObject({ processorTxnId: '7400000000000000000009', facility: 'MAIN' });
    expect(detail.history.map((h) => h.action)).toEqual(['quarantine.released']);
  });
});
