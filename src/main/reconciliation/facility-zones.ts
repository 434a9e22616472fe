/**
 * Which time zone decides "the day" for each facility. Until facility settings exist, the map comes from
 * the connection settings or the caller, with one default zone for facilities it does not name.
 */
import { isValidTimeZone } from '../lib/time-zone';

export interface FacilityZones {
  zoneFor(facility: string): string;
  /** Facilities named in the map (they get a daily file even on a day without payments). */
  readonly known: readonly string[];
}

export function facilityZones(
  map: Readonly<Record<string, string>> = {},
  defaultZone = 'America/Chicago',
): FacilityZones {
  for (const [facility, zone] of [...Object.entries(map), ['(default)', defaultZone] as const]) {
    if (!isValidTimeZone(zone)) throw new RangeError(`Unknown time zone "${zone}" for ${facility}`);
  }
  return {
    zoneFor: (facility) => (Object.hasOwn(map, facility) ? (map[facility] ?? defaultZone) : defaultZone),
    known: Object.keys(map).sort(),
  };
}
