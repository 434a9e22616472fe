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
});
