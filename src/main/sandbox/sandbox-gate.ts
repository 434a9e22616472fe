/**
 * Whether this start may run the sandbox (architecture principle 10: the sandbox never meets production).
 * Decided before any database is opened for writing, from what cannot be faked by losing a file: the
 * production database's own record of having held real payments (migration 0017), besides the real EHR
 * connections and webhook subscriptions configured now. The sandbox then runs on a database of its own,
 * `sandbox/clearpost-sandbox.sqlite`, so the production database never receives a synthetic event.
 */
import { existsSync } from 'node:fs';
import { sandboxLayout, type DataLayout } from '../paths';

export { sandboxLayout };
import { probeDatabaseRole } from '../store/repositories/data-folder-role';
import { StoreError } from '../store/store-error';

export interface RealConfiguration {
  /** EHR connections that are not the sandbox's (in settings, enabled or not, or given by the caller). */
  readonly connections: number;
  /** Cybersource webhook subscriptions (in settings, or from the command line). */
  readonly webhookSubscriptions: number;
}

export type GateDecision =
  | { readonly database: 'sandbox' }
  /** `sandboxOff`: why a requested sandbox stays off (null when none was requested). */
  | { readonly database: 'production'; readonly sandboxOff: string | null };

export function sandboxGate(input: {
  readonly layout: DataLayout;
  readonly requested: boolean;
  readonly real: RealConfiguration;
}): GateDecision {
  const { layout, requested, real } = input;
  if (!requested) return { database: 'production', sandboxOff: null };
  // Real configuration makes this start production: a real webhook must never be posted to a simulator.
  if (real.connections > 0) {
    return { database: 'production', sandboxOff: 'EHR connections configured: the sandbox stays off' };
  }
  if (real.webhookSubscriptions > 0) {
    return {
      database: 'production',
      sandboxOff:
        'a Cybersource webhook subscription or reporting account is configured: the sandbox stays off',
    };
  }
  if (probeDatabaseRole(layout.database) !== 'production') return { database: 'sandbox' };
  // The folder has held real payments and its settings say nothing: settings.json was lost, not never made.
  if (!existsSync(layout.settings)) throw productionWithoutSettings(layout);
  return {
    database: 'production',
    sandboxOff: 'this data folder holds real payments: the sandbox stays off',
  };
}

function productionWithoutSettings(layout: DataLayout): StoreError {
  return new StoreError(
    'production_without_settings',
    `The data folder ${layout.dataDir} holds real payments but its settings.json is missing, so Clearpost ` +
      `will not start the sandbox on it: restore settings.json from your backup into that folder, or start ` +
      `with the sandbox off (--ehr-sandbox off), or start the sandbox with a new data folder (--data-dir).`,
  );
}

/** Reports and import staging of the sandbox stay out of the production folders too. */
export function sandboxFilesDir(layout: DataLayout): string {
  return sandboxLayout(layout).sandboxDir;
}
