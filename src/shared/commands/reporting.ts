/**
 * The Cybersource reporting account (the morning backfill and the funding pull): its settings are edited
 * through `settings.save` (section `cybersourceReporting`) and its shared secret through `secrets.set`, like
 * every other credential; this adds the one thing they lack, a test of the saved account against the API.
 */
import { command, none } from './define';

/** The API hosts Cybersource publishes (Reporting REST API, "Environments"). */
export const CYBERSOURCE_HOSTS = {
  test: 'https://apitest.cybersource.com',
  production: 'https://api.cybersource.com',
} as const;

export interface ReportingTestResult {
  readonly ok: boolean;
  /**
   * How far the test got: `settings` (none saved), `secret` (the shared secret is not in the vault for the
   * saved key id and address), `request` (the signed request went out and was refused or failed), `done`.
   */
  readonly stage: 'settings' | 'secret' | 'request' | 'done';
  /** What happened, in plain words, and what to do about it. */
  readonly message: string;
  /** Cybersource's HTTP status when it answered; null when it was not reached. */
  readonly httpStatus: number | null;
}

export const REPORTING_COMMANDS = {
  'settings.testReporting': command<ReportingTestResult>()(
    "Makes one signed request to Cybersource's Reporting REST API with the saved reporting account: downloads the subscribed report of the previous day for the first organization, and says what Cybersource answered.",
    none,
  ),
} as const;
