/**
 * Settings applied while Clearpost runs. After a save, routing, facility time zones, schedules, email and
 * access take effect without a restart: what is read on every use is handed out as a live view of the
 * settings store, and what runs on a timer is reconfigured by a settings listener. EHR connections and
 * webhook subscriptions are the exception (see `restartRequired` in settings-store.ts).
 */
import type { HeadAnchor } from '../audit/head-anchor';
import type { RoutingTable } from '../engine/routing';
import type { Logger } from '../logger';
import type { LiveNotifications } from '../notifications/live-notifications';
import { facilityZones, type FacilityZones } from '../reconciliation/facility-zones';
import type { ReportScheduleChange, ReportScheduler } from '../reconciliation/report-scheduler';
import type { Settings } from './schema';
import type { SettingsStore } from './settings-store';

/** The routing table the engine reads on every admission, always the one saved last. */
export function liveRouting(current: () => RoutingTable): RoutingTable {
  return {
    get rules() {
      return current().rules;
    },
    get fileOnlyFacilities() {
      return current().fileOnlyFacilities;
    },
    get postingFileFormats() {
      return current().postingFileFormats;
    },
  };
}

/** Facility time zones as last saved, for the report service and the schedule. */
export function liveFacilityZones(current: () => Settings): FacilityZones {
  let cachedFor: Settings['facilities'] | null = null;
  let zones: FacilityZones = facilityZones();
  const now = () => {
    const facilities = current().facilities;
    // Saved settings were validated, so building the map cannot throw; it is rebuilt only after a save.
    if (facilities !== cachedFor) {
      zones = facilityZones(facilities.timeZones, facilities.defaultTimeZone);
      cachedFor = facilities;
    }
    return zones;
  };
  return {
    zoneFor: (facility) => now().zoneFor(facility),
    get known() {
      return now().known;
    },
  };
}

export function reportSchedule(settings: Settings): ReportScheduleChange {
  return { at: settings.schedules.reports.at, enabled: settings.schedules.reports.enabled };
}

/**
 * Keeps the long-running parts in step with the settings: the report schedule, email notifications and
 * the audit head's copy cadence. (Database snapshots and access read the settings at every use already.)
 */
export function followSettings(deps: {
  readonly settings: SettingsStore;
  readonly logger: Logger;
  readonly scheduler: ReportScheduler | null;
  readonly notifications: LiveNotifications | null;
  /** Re-armed when the audit head's cadence changes (it reads the setting at every wait). */
  readonly anchor: HeadAnchor | null;
}): { stop(): void } {
  const { settings, logger, scheduler, notifications, anchor } = deps;
  scheduler?.reconfigure(reportSchedule(settings.get()));
  const unsubscribe = settings.onChange((next, previous) => {
    scheduler?.reconfigure(reportSchedule(next));
    if (next.schedules.auditHeadEveryMinutes !== previous.schedules.auditHeadEveryMinutes) anchor?.rearm();
    void notifications?.apply();
    logger.info('settings applied');
  });
  return {
    stop() {
      unsubscribe();
    },
  };
}
