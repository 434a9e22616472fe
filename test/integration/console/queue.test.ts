import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/main/api/dispatcher';
import type { ClearpostApp } from '../../../src/main/app';
import type { CommandArgs, CommandName } from '../../../src/shared/contract';
import type { PostingStatus } from '../../../src/shared/domain';
import { dispatchOk, testApp } from '../../helpers/app';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const operator: Caller = { actor: 'pat.billing', transport: 'test' };

const call = <N extends CommandName>(app: ClearpostApp, name: N, args: CommandArgs<N>) =>
  dispatchOk(app, name, args, operator);

async function failure(app: ClearpostApp, name: CommandName, args: unknown) {
  const envelope = await app.dispatch(name, args, operator);
  if (envelope.ok) throw new Error(`${name} unexpectedly succeeded`);
  return envelope.error;
}

/** An app whose engine does not run, so seeded statuses stay as seeded. */
const quietApp = () =>
  testApp(tempDir()).then(async (app) => {
    await app.engine.stop();
    return app;
  });

describe('the exception queue', () => {
  it('pages every exception exactly once in each sort, whatever the page size', async () => {
    const app = await quietApp();
    const statuses: PostingStatus[] = ['failure', 'retry', 'success', 'not_applicable', 'needs_verification'];
    for (let i = 0; i < 40; i += 1) {
      seedPosting(app.repos, statuses[i % statuses.length] ?? 'failure', {
        amountMinor: 1_000 + (i % 7) * 100,
      });
    }
    const expected = 32; // 8 of the 40 are Success, which is not an exception
    for (const sort of ['newest', 'oldest', 'amount_desc', 'amount_asc', 'expiry'] as const) {
      const seen: number[] = [];
      let after: string | undefined;
      do {
        const page = await call(app, 'queue.list', { sort, limit: 7, ...(after ? { after } : {}) });
        seen.push(...page.rows.map((r) => r.postingId));
        after = page.next ?? undefined;
      } while (after);
      expect(new Set(seen).size, sort).toBe(expected);
      expect(seen.length, sort).toBe(expected);
    }
    const byAmount = await call(app, 'queue.list', { sort: 'amount_desc', limit: 500 });
    const amounts = byAmount.rows.map((r) => r.amountMinor);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    await app.close();
  });

  it('finds items by account, encounter or transaction id prefix, amount and date range', async () => {
    const app = await quietApp();
    const now = Date.UTC(2026, 10, 23, 15);
    const a = seedPosting(app.repos, 'failure', { guarantorAccount: 'G777001', amountMinor: 4_321 }, now);
    seedPosting(app.repos, 'failure', {
      guarantorAccount: 'G888001',
      encounterId: 'E777',
      transactionAt: now - 86_400_000,
    });
    seedPosting(app.repos, 'success', { guarantorAccount: 'G777002' });

    const byAccount = await call(app, 'queue.list', { search: 'G777' });
    expect(byAccount.rows.map((r) => r.postingId)).toEqual([a.postingId]);
    const byEncounter = await call(app, 'queue.list', { search: 'E777' });
    expect(byEncounter.rows.map((r) => r.guarantorAccount)).toEqual(['G888001']);
    const byAmount = await call(app, 'queue.list', { amountMinor: 4_321 });
    expect(byAmount.rows.map((r) => r.postingId)).toEqual([a.postingId]);
    const byDate = await call(app, 'queue.list', { from: now - 86_400_000, to: now });
    expect(byDate.rows.map((r) => r.guarantorAccount)).toEqual(['G888001']);

    const count = await call(app, 'queue.count', { statuses: ['failure'] });
    expect(count.count).toBe(2);
    expect(count.totals).toEqual([{ currency: 'USD', amountMinor: 4_321 + 12_550, count: 2 }]);
    await app.close();
  });

  it('refuses a made-up cursor instead of returning a wrong page', async () => {
    const app = await quietApp();
    const error = await failure(app, 'queue.list', { sort: 'amount_desc', after: '12' });
    expect(error.code).toBe('invalid_arguments');
    await app.close();
  });

  it('saves, replaces by name, lists and deletes views', async () => {
    const app = await quietApp();
    const saved = await call(app, 'views.save', {
      name: 'Epic failures',
      query: { statuses: ['failure'], ehr: 'epic' },
    });
    await call(app, 'views.save', {
      name: 'Epic failures',
      query: { statuses: ['failure'], ehr: 'epic', sort: 'expiry' },
    });
    const views = await call(app, 'views.list', {});
    expect(views).toEqual([
      expect.objectContaining({
        id: saved.id,
        name: 'Epic failures',
        createdBy: 'pat.billing',
        query: { statuses: ['failure'], ehr: 'epic', sort: 'expiry' },
      }),
    ]);
    expect(await call(app, 'views.delete', { id: saved.id })).toEqual({ deleted: true });
    expect(await call(app, 'views.list', {})).toEqual([]);
    await app.close();
  });
});

describe('bulk actions', () => {
  it('act on the frozen, previewed set only and end with a receipt', async () => {
    const app = await quietApp();
    const held = seedPosting(app.repos, 'failure', { guarantorAccount: 'B1' });
    const first = seedPosting(app.repos, 'failure', { guarantorAccount: 'B2' });
    await call(app, 'postings.hold', { id: held.postingId, held: true });

    const preview = await call(app, 'bulk.preview', { filter: { statuses: ['failure'] }, action: 'hold' });
    expect(preview.count).toBe(2);
    expect(preview.totals).toEqual([{ currency: 'USD', amountMinor: 25_100, count: 2 }]);
    expect(preview.confirmationPhrase).toBeNull();

    // Arrives after the preview: must not be touched.
    const late = seedPosting(app.repos, 'failure', { guarantorAccount: 'B3' });

    const receipt = await call(app, 'bulk.run', { previewId: preview.previewId });
    expect({ done: receipt.done, skipped: receipt.skipped, failed: receipt.failed }).toEqual({
      done: 1,
      skipped: 1,
      failed: 0,
    });
    expect(receipt.items.find((i) => i.postingId === held.postingId)?.message).toBe('Already on hold.');
    expect(app.repos.postings.get(first.postingId)?.held).toBe(true);
    expect(app.repos.postings.get(late.postingId)?.held).toBe(false);

    // One run per preview.
    expect((await failure(app, 'bulk.run', { previewId: preview.previewId })).code).toBe('not_found');
    const audited = app.repos.audit.forSubject('bulk', preview.previewId);
    expect(audited.map((a) => [a.action, a.details.done, a.details.skipped])).toEqual([['bulk.run', 1, 1]]);
    await app.close();
  });

  it('retries through the operator action, skipping what cannot be retried', async () => {
    const app = await quietApp();
    const retryable = seedPosting(app.repos, 'failure');
    const quarantined = seedPosting(app.repos, 'quarantined');
    const preview = await call(app, 'bulk.preview', {
      filter: { statuses: ['failure', 'quarantined'] },
      action: 'retry',
    });
    const receipt = await call(app, 'bulk.run', { previewId: preview.previewId });
    expect(receipt.items.map((i) => [i.postingId, i.outcome])).toEqual([
      [retryable.postingId, 'done'],
      [quarantined.postingId, 'skipped'],
    ]);
    expect(app.repos.postings.get(retryable.postingId)?.status).toBe('retry');
    await app.close();
  });

  it('needs the typed confirmation above the threshold', async () => {
    const app = await quietApp();
    for (let i = 0; i < 12; i += 1) seedPosting(app.repos, 'failure');
    const preview = await call(app, 'bulk.preview', { filter: {}, action: 'assign', assignee: 'sam' });
    expect(preview.confirmationPhrase).toBe('assign 12');
    expect((await failure(app, 'bulk.run', { previewId: preview.previewId })).message).toMatch(
      /Type "assign 12"/,
    );
    expect(
      (await failure(app, 'bulk.run', { previewId: preview.previewId, confirmation: 'assign 11' })).code,
    ).toBe('conflict');
    const receipt = await call(app, 'bulk.run', {
      previewId: preview.previewId,
      confirmation: ' Assign 12 ',
    });
    expect(receipt.done).toBe(12);
    expect((await call(app, 'queue.list', { assignee: 'sam' })).rows).toHaveLength(12);
    await app.close();
  });

  it('refuses an empty set', async () => {
    const app = await quietApp();
    expect((await failure(app, 'bulk.preview', { filter: {}, action: 'retry' })).code).toBe('conflict');
    await app.close();
  });
});

describe('the dashboard summary', () => {
  it('counts by EHR, channel and status, totals what posted today and this week, finds the oldest Retry', async () => {
    const day = 86_400_000;
    const today = Date.UTC(2026, 10, 23);
    const app = await quietApp();
    seedPosting(app.repos, 'success', { amountMinor: 1_000 }, today + 3_600_000);
    seedPosting(app.repos, 'success', { amountMinor: 2_000 }, today - 2 * day);
    seedPosting(app.repos, 'success', { amountMinor: 4_000 }, today - 20 * day);
    const retry = seedPosting(app.repos, 'retry', { ehr: 'epic' });
    app.store.db
      .prepare('UPDATE postings SET window_expires_at = ? WHERE id = ?')
      .run(today + day, retry.postingId);
    const later = seedPosting(app.repos, 'retry', { ehr: 'epic' });
    app.store.db
      .prepare('UPDATE postings SET window_expires_at = ? WHERE id = ?')
      .run(today + 2 * day, later.postingId);

    const dayStarts = Array.from({ length: 14 }, (_, i) => today - (13 - i) * day);
    const summary = await call(app, 'dashboard.summary', { dayStarts });
    expect(summary.postedToday).toEqual([{ currency: 'USD', amountMinor: 1_000, count: 1 }]);
    expect(summary.postedLast7Days).toEqual([{ currency: 'USD', amountMinor: 3_000, count: 2 }]);
    expect(summary.series).toHaveLength(14);
    expect(summary.series.at(-1)).toEqual({ dayStart: today, posted: 1, failed: 0 });
    expect(summary.series.at(-3)?.posted).toBe(1);
    expect(summary.oldestRetry).toEqual(
      expect.objectContaining({ postingId: retry.postingId, windowExpiresAt: today + day }),
    );
    expect(summary.exceptions).toBe(2);
    expect(summary.counts).toContainEqual({ ehr: 'epic', channel: 'api', status: 'retry', count: 2 });
    expect(summary.counts).toContainEqual({
      ehr: 'oracle_health',
      channel: 'api',
      status: 'success',
      count: 3,
    });
    await app.close();
  });
});

describe('manual payments and history', () => {
  it('stores a manual-workflow payment once, refuses card numbers and bad amounts', async () => {
    const app = await quietApp();
    const payment = {
      processorTxnId: 'MAN-1001',
      tender: 'manual_check',
      amount: '80.25',
      ehr: 'epic',
      facility: 'MAIN',
      guarantorAccount: 'G5000',
      checkNumber: '1042',
    } as const;
    const result = await call(app, 'payments.enterManual', payment);
    const event = app.repos.events.get(result.eventId);
    expect(event).toEqual(expect.objectContaining({ source: 'manual', amountMinor: 8_025, currency: 'USD' }));
    expect((await failure(app, 'payments.enterManual', payment)).code).toBe('conflict');
    const card = await failure(app, 'payments.enterManual', {
      ...payment,
      processorTxnId: 'MAN-2',
      guarantorAccount: '4111111111111111',
    });
    expect(card.message).toMatch(/card number/);
    expect(app.repos.events.findByTxn('MAN-2', 'one_time_payment')).toBeUndefined();
    const precise = await failure(app, 'payments.enterManual', {
      ...payment,
      processorTxnId: 'MAN-3',
      amount: '1.234',
    });
    expect(precise.code).toBe('invalid_arguments');
    await app.close();
  });

  it('routes a manual payment to will_not_be_sent once the engine admits it', async () => {
    const app = await testApp(tempDir());
    const result = await call(app, 'payments.enterManual', {
      processorTxnId: 'MAN-77',
      tender: 'cash',
      amount: '10',
      ehr: 'oracle_health',
      facility: 'MAIN',
      guarantorAccount: 'G77',
    });
    await expect
      .poll(() => app.repos.postings.forEvent(result.eventId)?.status, { timeout: 5_000 })
      .toBe('will_not_be_sent');
    await app.close();
  });

  it("returns a posting's audit trail", async () => {
    const app = await quietApp();
    const { postingId } = seedPosting(app.repos, 'failure');
    await call(app, 'postings.assign', { id: postingId, assignee: 'sam' });
    await call(app, 'postings.markManual', { id: postingId, ehrReference: 'PMT-1', note: 'Posted by phone' });
    const history = await call(app, 'postings.history', { id: postingId });
    expect(history.map((h) => h.action)).toEqual(['posting.assigned', 'posting.manually_posted']);
    expect((await failure(app, 'postings.history', { id: 99_999 })).code).toBe('not_found');
    await app.close();
  });
});
