import pino from 'pino';
import { createApp, type ClearpostApp } from '../../src/main/app';
import type { Clock } from '../../src/main/clock';

export const silentLogger = pino({ level: 'silent' });

/** A real app (real SQLite file under `dataDir`) with a silent logger, no EHR connections, no sandbox. */
export function testApp(dataDir: string, clock?: Clock): Promise<ClearpostApp> {
  return createApp({ dataDir, mode: 'test', logger: silentLogger, ...(clock ? { clock } : {}) });
}

/** A clock the test moves by hand. */
export function fakeClock(start = Date.UTC(2026, 10, 23, 15, 0, 0)): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
