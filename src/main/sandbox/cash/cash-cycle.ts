/**
 * The sandbox's cash loop as an app runs it: at each cut-off the sandbox's processor and bank hand over the
 * day's files (cash-desk.ts), which are saved under `<dataDir>/sandbox/cash/` and imported exactly as an
 * operator's `clearpost import FILE` would (funding, then chargebacks, then the bank statement), and the
 * week's deposits are matched to funding batches. A new user sees the first cut-off a couple of minutes after
 * the sandbox starts, then one at every local midnight: the whole loop on the first day.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { IsoDate } from '../../../shared/domain';
import type { Clock } from '../../clock';
import { addDays, localDate, msUntilNextLocalMidnight } from '../../lib/time-zone';
import type { Logger } from '../../logger';
import { runMatching } from '../../reconciliation/cash/run-matching';
import { importCashFile, type CashImportSummary } from '../../reconciliation/funding/import-cash-file';
import type { Repositories } from '../../store/repositories';
import type { SandboxCashDay, SandboxCashDesk } from './cash-desk';

export interface SandboxCashDeps {
  readonly db: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where the day's files are saved before they are imported. */
  readonly dir: string;
}

export interface CutOffResult {
  readonly cashDay: SandboxCashDay;
  readonly imports: readonly CashImportSummary[];
  readonly matched: number;
}

/** Days of deposits matched after a cut-off: the matching window and a little more. */
const MATCH_DAYS = 7;
/** The first cut-off after the sandbox starts: soon enough for a first look, late enough to have payments. */
const FIRST_CUT_OFF_MS = 2 * 60_000;

/** Settles `day` up to `until`, saves its files and imports them; null when nothing was due. */
export async function runCutOff(
  desk: SandboxCashDesk,
  day: IsoDate,
  until: number,
  deps: SandboxCashDeps,
): Promise<CutOffResult | null> {
  const cashDay = desk.cutOff(day, until);
  if (!cashDay) return null;
  mkdirSync(deps.dir, { recursive: true });
  const imports: CashImportSummary[] = [];
  for (const file of cashDay.files) {
    const path = join(deps.dir, file.name);
    writeFileSync(path, file.text);
    const summary = await importCashFile(path, {}, deps);
    if (summary) imports.push(summary);
  }
  const matching = runMatching({ from: addDays(day, -MATCH_DAYS), to: day }, deps);
  return { cashDay, imports, matched: matching.matched };
}

/** Runs the cut-offs on the app's clock until stopped: the first soon after start, then every local midnight. */
export function startCashCycle(
  desk: SandboxCashDesk,
  timeZone: string,
  deps: SandboxCashDeps,
): { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => void tick(), ms);
    timer.unref();
  };
  const tick = async () => {
    const now = deps.clock.now();
    // Just after midnight the cut-off belongs to the day that ended.
    const day = localDate(now - 60_000, timeZone);
    try {
      const result = await runCutOff(desk, day, now, deps);
      if (result)
        deps.logger.info(
          {
            day,
            batches: result.cashDay.batches.length,
            files: result.imports.length,
            matched: result.matched,
          },
          'sandbox cash cut-off imported',
        );
    } catch (error) {
      deps.logger.error({ err: error, day }, 'sandbox cash cut-off failed');
    }
    schedule(msUntilNextLocalMidnight(deps.clock.now(), timeZone) + 60_000);
  };
  schedule(FIRST_CUT_OFF_MS);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
