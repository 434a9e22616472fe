import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/main/api/dispatcher';
import { useTempDirs } from '../../helpers/temp-dir';
import { attemptsOf, harness, HOUR, type Harness } from './harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});
const operator: Caller = { actor: 'dana.cashposter', transport: 'test' };

async function call(x: Harness, name: string, args: unknown) {
  const result = await x.app.dispatch(name, args, operator);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.result as {
    status: string;
    held: boolean;
    assignee: string | null;
    ehrReference: string | null;
  };
}

describe('operator actions through the console API', () => {
  it('announces Failures for the notification digest, once per item', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    const failed: number[] = [];
    h.app.engine.events.on('failed', (ids) => failed.push(...ids));
    h.sim.faults.configure({ rates: [{ fault: { kind: 'forbidden' }, rate: 1 }] });
    const a = h.pay();
    const b = h.pay();
    await h.runUntil(h.clock.now() + HOUR);
    expect(failed.sort()).toEqual([a, b].sort());
  });

  it('retry now re-sends a Failure once the cause is fixed, and it posts', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    h.sim.faults.enqueue([{ kind: 'forbidden' }]);
    const id = h.pay();
    await h.runUntil(h.clock.now() + HOUR);
    expect(h.app.repos.postings.get(id)?.status).toBe('failure');
    await call(h, 'postings.retryNow', { id });
    await h.runUntil(h.clock.now() + HOUR);
    expect(h.app.repos.postings.get(id)?.status).toBe('success');
    expect(h.sim.ledger.postings()).toHaveLength(1);
    expect(h.app.repos.audit.forSubject('posting', String(id)).map((e) => e.action)).toContain(
      'posting.retry_now',
    );
  });

  it('retry now of an item the EHR may already hold looks it up first and never double-posts', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir(), duplicatePolicy: 'accept_twice' });
    // Committed, then the answer was lost; afterwards the window ran out while the EHR refused lookups.
    h.sim.faults.enqueue([{ kind: 'commit_then_drop' }]);
    h.sim.faults.configure({
      rates: [{ fault: { kind: 'server_error', status: 503 }, rate: 1, route: 'lookup' }],
    });
    const id = h.pay();
    await h.runUntil(h.clock.now() + 48 * HOUR);
    expect(h.app.repos.postings.get(id)?.status).toBe('needs_verification');
    h.sim.faults.clear();
    await call(h, 'postings.retryNow', { id });
    await h.runUntil(h.clock.now() + HOUR);
    const posting = h.app.repos.postings.get(id)!;
    expect(posting.status).toBe('success');
    expect(posting.reasonCode).toBe('found_in_ehr');
    expect(h.sim.ledger.postings()).toHaveLength(1);
    expect(attemptsOf(h.app, id).at(-1)?.kind).toBe('lookup');
  });

  it('mark manually posted needs an EHR reference and a note, stops retries, and keeps both', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    h.sim.faults.configure({
      rates: [{ fault: { kind: 'rate_limited', retryAfter: 'seconds', seconds: 60 }, rate: 1 }],
    });
    const id = h.pay();
    await h.app.engine.waitForIdle();
    expect(h.app.repos.postings.get(id)?.status).toBe('retry');

    await expect(call(h, 'postings.markManual', { id, ehrReference: '', note: 'x' })).rejects.toMatchObject({
      code: 'invalid_arguments',
    });
    await expect(call(h, 'postings.markManual', { id, ehrReference: 'PMT-1' })).rejects.toMatchObject({
      code: 'invalid_arguments',
    });
    const marked = await call(h, 'postings.markManual', {
      id,
      ehrReference: 'PMT-88812',
      note: 'Posted in Epic by hand; batch 7',
    });
    expect(marked).toMatchObject({ status: 'manually_posted', ehrReference: 'PMT-88812' });

    const postsBefore = h.sim.stats.post;
    await h.runUntil(h.clock.now() + 48 * HOUR);
    expect(h.sim.stats.post).toBe(postsBefore);
    expect(h.app.repos.notes.forPosting(id)).toEqual([
      expect.objectContaining({ author: 'dana.cashposter', body: 'Posted in Epic by hand; batch 7' }),
    ]);
    await expect(
      call(h, 'postings.markManual', { id, ehrReference: 'PMT-2', note: 'again' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('hold keeps the engine away until release; assign records who works it', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    await h.app.engine.stop();
    const id = h.pay();
    expect(await call(h, 'postings.hold', { id, held: true })).toMatchObject({ held: true });
    await h.app.engine.start();
    await h.runUntil(h.clock.now() + HOUR);
    expect(h.app.repos.postings.get(id)?.status).toBe('pending');
    expect(h.sim.stats.post).toBe(0);
    await expect(call(h, 'postings.retryNow', { id })).rejects.toMatchObject({ code: 'conflict' });

    expect(await call(h, 'postings.assign', { id, assignee: 'sam.supervisor' })).toMatchObject({
      assignee: 'sam.supervisor',
    });
    await call(h, 'postings.hold', { id, held: false });
    await h.runUntil(h.clock.now() + HOUR);
    expect(h.app.repos.postings.get(id)?.status).toBe('success');
    const actions = h.app.repos.audit.forSubject('posting', String(id)).map((e) => `${e.actor}:${e.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'dana.cashposter:posting.held',
        'dana.cashposter:posting.assigned',
        'dana.cashposter:posting.released',
      ]),
    );
  });

  it('refuses to retry what is not sent by API or already posted', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    const voidId = h.pay({ kind: 'void' });
    expect(h.app.repos.postings.get(voidId)?.channel).toBe('daily_file');
    await expect(call(h, 'postings.retryNow', { id: voidId })).rejects.toMatchObject({ code: 'conflict' });
    const id = h.pay();
    await h.runUntil(h.clock.now() + HOUR);
    await expect(call(h, 'postings.retryNow', { id })).rejects.toMatchObject({ code: 'conflict' });
  });
});
