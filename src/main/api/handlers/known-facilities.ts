import type { Database } from 'better-sqlite3';
import { loadIntakeSettings } from '../../intake/intake-config';
import type { Settings } from '../../settings/schema';
import type { HandlerContext } from './context';

/** How many of the newest payments are looked at for facility names: a bounded read at any database size. */
const RECENT_PAYMENTS = 5_000;

function recentFacilities(db: Database): string[] {
  return db
    .prepare<[number], { facility: string }>(
      `SELECT DISTINCT facility FROM (SELECT facility FROM payment_events ORDER BY id DESC LIMIT ?)`,
    )
    .all(RECENT_PAYMENTS)
    .map((r) => r.facility);
}

function settingsFacilities(settings: Settings | undefined): string[] {
  if (!settings) return [];
  return [...Object.keys(settings.facilities.timeZones), ...settings.routing.fileOnlyFacilities];
}

/**
 * The facilities Clearpost knows, for the console's pickers: those settings name (time zones, file-only
 * routing, the intake default) and those on the newest payments. A facility outside this list may still be
 * typed: a new site's first file names one nobody has seen yet.
 */
export function knownFacilities(ctx: Pick<HandlerContext, 'db' | 'repos' | 'trust'>): string[] {
  const names = new Set<string>([
    ...settingsFacilities(ctx.trust?.settings.get()),
    ...recentFacilities(ctx.db),
  ]);
  const fallback = loadIntakeSettings(ctx.repos.intakeSettings).defaultFacility;
  if (fallback) names.add(fallback);
  return [...names].filter((n) => n.trim() !== '').sort((a, b) => a.localeCompare(b));
}
