/** The status bar's counts, read through the (ehr, channel, status) index and folded over channels. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/main/store/open';
import { createRepositories } from '../../../src/main/store/repositories';
import type { Channel, PostingStatus } from '../../../src/shared/domain';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('postings by EHR and status', () => {
  it('adds up every channel of an EHR and status, and leaves out what does not exist', () => {
    const { db } = openStore(join(tempDir(), 'clearpost.sqlite'));
    const repos = createRepositories(db);
    const channels: Channel[] = ['api', 'daily_file', 'manual', 'exception'];
    const statuses: PostingStatus[] = ['success', 'failure', 'retry'];
    for (let i = 0; i < 60; i += 1) {
      const ehr = i % 4 === 0 ? 'epic' : 'oracle_health';
      const { id: eventId } = repos.events.insert(
        {
          source: 'sandbox',
          processorTxnId: `T${String(i)}`,
          kind: 'one_time_payment',
          tender: 'card',
          amountMinor: 100 + i,
          currency: 'USD',
          ehr,
          facility: 'MAIN',
          transactionAt: 1,
        },
        1,
      );
      const channel = channels[i % channels.length] ?? 'api';
      repos.postings.create(
        { eventId, ehr, connectionId: 'c', channel, status: statuses[i % statuses.length] ?? 'success' },
        1,
      );
    }
    const direct = db
      .prepare(
        'SELECT ehr, status, count(*) AS count FROM postings GROUP BY ehr, status ORDER BY ehr, status',
      )
      .all();
    expect(repos.postings.countsByStatus()).toEqual(direct);
    expect(repos.postings.countsByStatus().reduce((n, c) => n + c.count, 0)).toBe(60);
    db.close();
  });
});
