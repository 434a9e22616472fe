/**
 * What the operator reads next to each error: the Cerner error table (domain brief §3), applied to Epic too,
 * plus the codes the table does not cover. Pure data, so the console and the daily report say the same thing.
 * Texts that name a window are built from the item's own connection settings (`nextStepFor`): a site that
 * sets a 24-hour retry window must not read "2 days".
 */
import { EHR_ERROR_CODES, type EhrErrorCode } from './types';

/** The windows of the item's connection, as its settings give them. */
export interface StepWindows {
  /** How long an item may stay in Retry (connection `retry.windowMs`). */
  readonly windowMs: number;
  /** How long nobody posts a Not Applicable item by hand (connection `retry.notApplicableWindowMs`). */
  readonly notApplicableWindowMs: number;
}

/** The connection defaults (connectors/ehr/config.ts), for errors shown before any connection applies. */
export const DEFAULT_STEP_WINDOWS: StepWindows = {
  windowMs: 24 * 3_600_000,
  notApplicableWindowMs: 48 * 3_600_000,
};

/** "24-hour", "90-minute": the plainest exact wording of a window. */
export function windowWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes % 60 === 0 ? `${String(minutes / 60)}-hour` : `${String(minutes)}-minute`;
}

const MAY_HAVE_POSTED =
  'The EHR may have posted it: check the EHR for this transaction before posting by hand.';

export function nextStepFor(code: EhrErrorCode, windows: StepWindows): string {
  const retry = windowWords(windows.windowMs);
  const keepReposting = `Clearpost keeps re-posting within its ${retry} retry window; if it ends as Failure, post the payment manually.`;
  switch (code) {
    case 'invalid_request':
    case 'forbidden':
    case 'conflict':
    case 'business_rule':
    case 'not_supported':
    case 'unprocessable':
      return 'Manually post payment.';
    case 'unauthorized':
      return `Manually post payment if it still fails after the ${retry} retry window.`;
    case 'bo_hp_reltn_missing':
      return 'Manually post payment and open a support ticket with Oracle about the missing database values (bo_hp_reltn_id).';
    case 'not_found':
      return 'Manually post payment after confirming the guarantor account or encounter number.';
    case 'duplicate':
      return 'The EHR already has a posting with this transaction id. Check it in the EHR; do not post again (a second posting becomes a credit balance to refund).';
    case 'rate_limited':
    case 'connect_failed':
      return keepReposting;
    case 'daily_limit':
      return 'The EHR daily limit was reached; Clearpost tries again tomorrow. If it ends as Failure, post manually.';
    case 'server_error':
    case 'timeout':
    case 'connection_reset':
      return `${keepReposting} ${MAY_HAVE_POSTED}`;
    case 'unexpected_response':
      return 'Manually post payment after checking the EHR for this transaction.';
    case 'token_failed':
      return `Check the connection's token URL, client id and secret in Settings. Clearpost keeps retrying within its ${retry} window.`;
    case 'mapping_failed':
      return `Do not post manually until its ${windowWords(windows.notApplicableWindowMs)} Not Applicable window has passed; fix the mapping or the payment data so Clearpost can send it.`;
    case 'not_by_api':
      return 'Not sent by API: it goes in the daily void/refund file for the EHR.';
  }
}

/** Each code's text under the default windows (an error built before a connection's settings apply). */
export const NEXT_STEP = Object.fromEntries(
  EHR_ERROR_CODES.map((code) => [code, nextStepFor(code, DEFAULT_STEP_WINDOWS)]),
) as Readonly<Record<EhrErrorCode, string>>;
