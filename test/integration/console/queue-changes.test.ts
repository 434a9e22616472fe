/**
 * Issue 22: on a change the console refreshes only the rows that changed. `queue.changes` over the real
 * engine and the Epic simulator on loopback, a real SQLite file, read through the console API.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/main/api/dispatcher';
import { CHANGES_MAX_IDS } from '../../../src/shared/commands/console';
import {
  COMMANDS,
  type CommandArgs,
  type CommandName,
  type CommandResult,
} from '../../../src/shared/contract';
import { dispatchOk } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { HOUR, harness, type Harness } from '../engine/harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});
const operator: Caller = { actor: 'pat.billing', transport: 'test', role: 'operator' };
const call = <N extends CommandName>(x: Harness, name: N, args: CommandArgs<N>): Promise<CommandResult<N>> =>
  dispatchOk(x.app, name, args, operator);

/** Epic's simulator answers "not found" for this guarantor: every attempt is refused (a Failure). */
const UNKNOWN_ACCOUNT = '40000000';

describe('queue.changes', () => {
  it('refuses more loaded ids than one call checks, and a negative time', () => {
    const args = COMMANDS['queue.changes'].args;
    const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect(args.safeParse({ ids: ids(CHANGES_MAX_IDS), since: 0, newestId: 0 }).success).toBe(true);
    expect(args.safeParse({ ids: ids(CHANGES_MAX_IDS + 1), since: 0, newestId: 0 }).success).toBe(false);
    expect(args.safeParse({ ids: [], since: -1, newestId: 0 }).success).toBe(false);
  });

  it('answers only the loaded rows that changed, those that left the filter, and new matching postings', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    const [a, b, c] = [1, 2, 3].map(() => h!.pay({ guarantorAccount: UNKNOWN_ACCOUNT }));
    await h.runUntil(h.clock.now() + HOUR);
    const filter = { statuses: ['failure' as const] };
    // A bookmark before the full load: the time and the newest posting id, nothing else.
    const bookmark = await call(h, 'queue.changes', { ...filter, ids: [], since: 0 });
    expect(bookmark).toMatchObject({ rows: [], left: [], more: false, newestId: Math.max(a!, b!, c!) });
    const page = await call(h, 'queue.list', { ...filter, sort: 'newest' });
    const ids = page.rows.map((r) => r.postingId);
    expect(ids).toEqual([c, b, a]);
    const { newestId } = bookmark;

    // Nothing happened: nothing comes back, however many rows are loaded.
    const quiet = await call(h, 'queue.changes', { ...filter, ids, since: h.clock.now() + 1, newestId });
    expect(quiet).toMatchObject({ rows: [], left: [], more: false, newestId });
    const since = quiet.asOf;

    h.clock.advance(1_000);
    await call(h, 'postings.hold', { id: a!, held: true });
    await call(h, 'postings.markManual', {
      id: b!,
      ehrReference: 'R-7',
      note: 'Posted by hand in Epic, receipt 7',
    });
    const d = h.pay({ guarantorAccount: UNKNOWN_ACCOUNT });
    await h.runUntil(h.clock.now() + HOUR);

    const changes = await call(h, 'queue.changes', { ...filter, ids: [...ids, 999_999], since, newestId });
    // a is held (still a Failure), d is new; c did not change and is not sent again.
    expect(changes.rows.map((r) => [r.postingId, r.held])).toEqual([
      [a, true],
      [d, false],
    ]);
    // b is Manually posted now: it left the Failure filter; a posting that does not exist has left too.
    expect(changes.left).toEqual([b, 999_999]);
    expect(changes.more).toBe(false);
    expect(changes.asOf).toBeGreaterThanOrEqual(since);
    expect(changes.newestId).toBe(d);
  });

  it('returns an older row that moved into the filter within the loaded range, not one beyond it', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    const [a, b, c, d, e] = [1, 2, 3, 4, 5].map(() => h!.pay({ guarantorAccount: UNKNOWN_ACCOUNT }));
    await h.runUntil(h.clock.now() + HOUR);
    const filter = { statuses: ['failure' as const], assignee: 'sam.lee' };
    for (const id of [e!, c!]) await call(h, 'postings.assign', { id, assignee: 'sam.lee' });
    h.clock.advance(1_000);
    const bookmark = await call(h, 'queue.changes', { ...filter, ids: [], since: 0 });
    // The console has loaded e and c, newest first; c is its last loaded row (a next page may follow).
    const ids = (await call(h, 'queue.list', { ...filter, sort: 'newest' })).rows.map((r) => r.postingId);
    expect(ids).toEqual([e, c]);
    const since = bookmark.asOf;

    h.clock.advance(1_000);
    // d (between e and c) and a (beyond c) are given to Sam: both now match, deep in the list.
    for (const id of [d!, a!]) await call(h, 'postings.assign', { id, assignee: 'sam.lee' });
    const args = { ...filter, ids, since, newestId: bookmark.newestId };

    // Without the loaded range, as before: nothing comes back for rows the console does not hold.
    expect((await call(h, 'queue.changes', args)).rows).toEqual([]);
    // With it: d comes back at once; a sorts after the last loaded row, so the next page fetches it.
    const moved = await call(h, 'queue.changes', { ...args, loaded: { sort: 'newest', through: c! } });
    expect(moved.rows.map((r) => [r.postingId, r.assignee])).toEqual([[d, 'sam.lee']]);
    expect(moved).toMatchObject({ left: [], more: false });
    // Oldest first, c is near the top: a sorts before it and comes back; d and e sort after it.
    const oldest = await call(h, 'queue.changes', {
      ...args,
      ids: [c!],
      loaded: { sort: 'oldest', through: c! },
    });
    expect(oldest.rows.map((r) => r.postingId)).toEqual([a]);
    // A list loaded to its end holds every matching row: both come back; b, never assigned, does not.
    const complete = await call(h, 'queue.changes', {
      ...args,
      loaded: { sort: 'amount_desc', through: null },
    });
    expect(complete.rows.map((r) => r.postingId).sort((x, y) => x - y)).toEqual([a, d]);
    expect(complete.rows.map((r) => r.postingId)).not.toContain(b);
  });
});
