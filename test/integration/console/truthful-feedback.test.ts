/**
 * What the console tells an operator after "Retry now" and after a bulk retry is what the EHR answered:
 * the real engine against the Epic simulator over loopback, a real SQLite file, read back through the
 * console API exactly as the renderer reads it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/main/api/dispatcher';
import { receiptCsv } from '../../../src/renderer/src/screens/exceptions/receipt-csv';
import { receiptLines } from '../../../src/renderer/src/screens/exceptions/receipt-lines';
import { BULK_MAX_ITEMS } from '../../../src/main/api/bulk/bulk-runner';
import {
  COMMANDS,
  type CommandArgs,
  type CommandName,
  type CommandResult,
} from '../../../src/shared/contract';
import type { ExceptionItem } from '../../../src/shared/domain';
import { afterRetry, itemReason, startsWithHttpStatus } from '../../../src/shared/words';
import { dispatchOk } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { HOUR, harness, type Harness } from '../engine/harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});
const supervisor: Caller = { actor: 'sam.lead', transport: 'test', role: 'supervisor' };
const call = <N extends CommandName>(x: Harness, name: N, args: CommandArgs<N>): Promise<CommandResult<N>> =>
  dispatchOk(x.app, name, args, supervisor);

/** Epic's simulator answers "not found" for this guarantor: every attempt is refused. */
const UNKNOWN_ACCOUNT = '40000000';

async function stateOf(x: Harness, id: number): Promise<ExceptionItem> {
  const [row] = await call(x, 'queue.byIds', { ids: [id] });
  if (!row) throw new Error(`posting ${String(id)} not found`);
  return row;
}

describe('truthful feedback', () => {
  it('a refused item reads in words, with no HTTP status in its reason', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    const id = h.pay({ guarantorAccount: UNKNOWN_ACCOUNT });
    await h.runUntil(h.clock.now() + HOUR);
    const item = await stateOf(h, id);
    expect(item.status).toBe('failure');
    expect(item.reasonCode).toBe('not_found');
    expect(startsWithHttpStatus(item.reason ?? '')).toBe(false);
    const words = itemReason(item);
    expect(words.sentence).toBe('The account or encounter was not found in Epic.');
    expect(words.detail).toMatch(/40000000 was not found/);
    // Only the EHR's own words: not the sentence again, not "Epic said:", not the quotes.
    expect(words.detail).not.toMatch(/account or encounter|said:|[“”]/);
    // The HTTP status stays in the technical section: the attempt.
    const detail = await call(h, 'postings.get', { id });
    expect(detail.attempts.map((a) => [a.kind, a.httpStatus])).toEqual([['post', 404]]);
    // A posting that does not exist is left out, not an error: a receipt outlives what it lists.
    expect((await call(h, 'queue.byIds', { ids: [id, 999_999] })).map((r) => r.postingId)).toEqual([id]);
  });

  it('queue.byIds takes a whole bulk set, and no more', () => {
    const ids = (n: number) => ({ ids: Array.from({ length: n }, (_, i) => i + 1) });
    const args = COMMANDS['queue.byIds'].args;
    expect(args.safeParse(ids(BULK_MAX_ITEMS)).success).toBe(true);
    expect(args.safeParse(ids(BULK_MAX_ITEMS + 1)).success).toBe(false);
  });

  it('"Retry now" reads as waiting until the attempt it caused answers, then as refused, never as done', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    const id = h.pay({ guarantorAccount: UNKNOWN_ACCOUNT });
    await h.runUntil(h.clock.now() + HOUR);
    await h.app.engine.stop();
    await call(h, 'postings.retryNow', { id, confirmedNotInEhr: false });
    const queued = afterRetry(await stateOf(h, id));
    expect(queued).toMatchObject({ settled: false, tone: 'info' });
    expect(queued.text).toMatch(/^Sent again — waiting for Epic’s answer/);
    await h.app.engine.start();
    await h.runUntil(h.clock.now() + HOUR);
    expect(afterRetry(await stateOf(h, id))).toEqual({
      settled: true,
      tone: 'bad',
      text: 'Sent again — refused: the account or encounter was not found in Epic.',
    });
  });

  it('a bulk retry the EHR refuses ends as refused per item, with status before and now and totals', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    const ids = [1, 2, 3].map((i) => h!.pay({ guarantorAccount: UNKNOWN_ACCOUNT, amountMinor: i * 1_000 }));
    await h.runUntil(h.clock.now() + HOUR);
    const preview = await call(h, 'bulk.preview', {
      filter: { statuses: ['failure'] },
      action: 'retry',
      assignee: null,
    });
    const receipt = await call(h, 'bulk.run', { previewId: preview.previewId });
    expect(receipt.items.map((i) => [i.statusBefore, i.statusAfter, i.outcome])).toEqual(
      ids.map(() => ['failure', 'retry', 'done']),
    );
    await h.runUntil(h.clock.now() + HOUR);
    const now = new Map((await call(h, 'queue.byIds', { ids })).map((r) => [r.postingId, r]));
    const lines = receiptLines(receipt, now);
    expect(lines.map((l) => [l.statusBefore, l.statusNow, l.result])).toEqual(
      ids.map(() => ['Failure', 'Failure', 'refused']),
    );
    const csv = receiptCsv(receipt, lines).split('\r\n');
    expect(csv).toContain(
      `total,,,60.00,USD,,,refused,3 items,retry,sam.lead,${new Date(receipt.finishedAt).toISOString()}`,
    );
  });
});
