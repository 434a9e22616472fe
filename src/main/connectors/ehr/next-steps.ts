/**
 * What the operator reads next to each error: the Cerner error table (domain brief §3), applied to Epic too,
 * plus the codes the table does not cover. Pure data, so the console and the daily report say the same thing.
 */
import type { EhrErrorCode } from './types';

const KEEP_REPOSTING =
  'Clearpost keeps re-posting within the retry window (2 days); if it ends as Failure, post the payment manually.';

export const NEXT_STEP: Readonly<Record<EhrErrorCode, string>> = {
  invalid_request: 'Manually post payment.',
  unauthorized: 'Manually post payment if it still fails after the retry window.',
  forbidden: 'Manually post payment.',
  bo_hp_reltn_missing:
    'Manually post payment and open a support ticket with Oracle about the missing database values (bo_hp_reltn_id).',
  not_found: 'Manually post payment after confirming the guarantor account or encounter number.',
  duplicate:
    'The EHR already has a posting with this transaction id. Check it in the EHR; do not post again (a second posting becomes a credit balance to refund).',
  conflict: 'Manually post payment.',
  business_rule: 'Manually post payment.',
  not_supported: 'Manually post payment.',
  unprocessable: 'Manually post payment.',
  rate_limited: KEEP_REPOSTING,
  daily_limit:
    'The EHR daily limit was reached; Clearpost tries again tomorrow. If it ends as Failure, post manually.',
  server_error: `${KEEP_REPOSTING} The EHR may have posted it: check the EHR for this transaction before posting by hand.`,
  unexpected_response: 'Manually post payment after checking the EHR for this transaction.',
  timeout: `${KEEP_REPOSTING} The EHR may have posted it: check the EHR for this transaction before posting by hand.`,
  connection_reset: `${KEEP_REPOSTING} The EHR may have posted it: check the EHR for this transaction before posting by hand.`,
  connect_failed: KEEP_REPOSTING,
  token_failed:
    "Check the connection's token URL, client id and secret in Settings. Clearpost keeps retrying within the window.",
  mapping_failed:
    'Do not post manually until the 48-hour window has passed; fix the mapping or the payment data so Clearpost can send it.',
  not_by_api: 'Not sent by API: it goes in the daily void/refund file for the EHR.',
};
