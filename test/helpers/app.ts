import pino from 'pino';
import type { Caller } from '../../src/main/api/dispatcher';
import { createApp, type ClearpostApp } from '../../src/main/app';
import type { Clock } from '../../src/main/clock';
import type { CommandArgs, CommandName, CommandResult } from '../../src/shared/contract';

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

/** Runs a command through the app's dispatcher, as the console does, and returns its result; an error throws. */
export async function dispatchOk<N extends CommandName>(
  app: ClearpostApp,
  name: N,
  args: CommandArgs<N>,
  caller: Caller,
): Promise<CommandResult<N>> {
  const envelope = await app.dispatch(name, args, caller);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.result as CommandResult<N>;
}
