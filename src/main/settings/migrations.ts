/**
 * Versioned settings migrations: a document written by an older Clearpost is brought forward step by step
 * before validation; a newer one is refused rather than guessed at (and never overwritten).
 */
import { DEFAULT_CURRENCY, SETTINGS_VERSION } from './schema';

export interface SettingsMigration {
  readonly from: number;
  readonly to: number;
  readonly migrate: (doc: Record<string, unknown>) => Record<string, unknown>;
}

export const SETTINGS_MIGRATIONS: readonly SettingsMigration[] = [
  {
    // Before versioning (hand-written files): facility zones sat at the top level as `timeZones`.
    from: 0,
    to: 1,
    migrate: ({ timeZones, ...rest }) => ({
      ...rest,
      ...(timeZones !== undefined ? { facilities: { timeZones } } : {}),
      version: 1,
    }),
  },
  {
    // The manual posting limit was one number in no currency, read as US cents. It
    // becomes the limit of the site's default currency; every other currency then needs a supervisor.
    from: 1,
    to: 2,
    migrate: ({ access, ...rest }) => {
      if (access === null || typeof access !== 'object' || Array.isArray(access)) {
        return { ...rest, ...(access !== undefined ? { access } : {}), version: 2 };
      }
      const { manualPostingLimitMinor, ...others } = access as Record<string, unknown>;
      return {
        ...rest,
        access: {
          ...others,
          ...(manualPostingLimitMinor !== undefined
            ? { manualPostingLimitsMinor: { [DEFAULT_CURRENCY]: manualPostingLimitMinor } }
            : {}),
        },
        version: 2,
      };
    },
  },
];

export class SettingsVersionError extends Error {}

export function migrateSettings(
  doc: Record<string, unknown>,
  migrations: readonly SettingsMigration[] = SETTINGS_MIGRATIONS,
  latest = SETTINGS_VERSION,
): { doc: Record<string, unknown>; from: number } {
  const from = typeof doc.version === 'number' ? doc.version : 0;
  if (from > latest) {
    throw new SettingsVersionError(
      `The settings were written by a newer Clearpost (settings version ${String(from)}; this one knows ` +
        `${String(latest)}). Use the newer Clearpost; the file was not changed.`,
    );
  }
  let current = doc;
  let version = from;
  while (version < latest) {
    const step = migrations.find((m) => m.from === version);
    if (!step) throw new SettingsVersionError(`No settings migration from version ${String(version)}`);
    current = step.migrate(current);
    version = step.to;
  }
  return { doc: current, from };
}
