import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/main/store/open';
import { createRepositories } from '../../../src/main/store/repositories';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

function repos() {
  const store = openStore(join(tempDir(), 'clearpost.sqlite'));
  return { db: store.db, repos: createRepositories(store.db) };
}

describe('repositories', () => {
  it('stores a redelivered processor event once', () => {
    const { repos: r } = repos();
    const event = {
      source: 'webhook' as const,
      processorTxnId: '7012345678901234567890',
      kind: 'one_time_payment' as const,
      tender: 'card' as const,
      amountMinor: 5000,
      currency: 'USD',
      ehr: 'epic' as const,
      facility: 'MAIN',
      transactionAt: 1,
    };
    const first = r.events.insert(event, 10);
    const again = r.events.insert({ ...event, amountMinor: 9999 }, 20);
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    expect(r.events.get(first.id)?.amountMinor).toBe(5000);
    expect(r.events.count()).toBe(1);
  });

  it('chains audit entries so an edited entry is found', () => {
    const { db, repos: r } = repos();
    for (let i = 0; i < 5; i++)
      r.audit.append({ actor: 'a', action: 'note.added', subjectType: 'posting', subjectId: String(i) }, i);
    expect(r.audit.verify()).toMatchObject({ ok: true, checked: 5 });

    // Tampering needs the append-only trigger gone, as an attacker with the file would do.
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE id = 3").run();
    expect(r.audit.verify()).toMatchObject({ ok: false, checked: 2, brokenAt: { id: 3 } });
  });
});
