import { afterEach, describe, expect, it, vi } from 'vitest';
import { readAuditHead } from '../../../src/main/audit/chain-head-file';
import { createHeadAnchor } from '../../../src/main/audit/head-anchor';
import { silentLogger, testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const MINUTE = 60_000;

afterEach(() => {
  vi.useRealTimers();
});

describe('the audit head copy follows its cadence setting', () => {
  it('copies after the interval read at each wait, and a rearm applies a shorter one at once', async () => {
    const app = await testApp(tempDir());
    const append = (n: number) =>
      app.store.db.transaction(() => {
        app.repos.audit.append(
          { actor: 'engine', action: 'posting.success', subjectType: 'posting', subjectId: String(n) },
          n,
        );
      })();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let minutes = 60;
    const anchor = createHeadAnchor({
      audit: app.repos.audit,
      file: app.layout.auditHead,
      clock: { now: () => 5_000 },
      logger: silentLogger,
      intervalMs: () => minutes * MINUTE,
    });
    append(1);
    anchor.start();
    vi.advanceTimersByTime(60 * MINUTE - 1);
    expect(readAuditHead(app.layout.auditHead)).toBeNull();
    vi.advanceTimersByTime(1);
    const first = readAuditHead(app.layout.auditHead);
    expect(first).not.toBeNull();

    // The setting drops to one minute: without the rearm the next copy would wait out the hour.
    minutes = 1;
    anchor.rearm();
    append(2);
    vi.advanceTimersByTime(MINUTE);
    expect(readAuditHead(app.layout.auditHead)?.id).toBeGreaterThan(first!.id);

    anchor.stop();
    append(3);
    const stopped = readAuditHead(app.layout.auditHead)?.id;
    vi.advanceTimersByTime(10 * MINUTE);
    expect(readAuditHead(app.layout.auditHead)?.id).toBe(stopped);
    vi.useRealTimers();
    await app.close();
  });
});
