/**
 * Display names for the values a person sees: statuses, payment kinds, tenders, EHRs, attempt outcomes,
 * and the labels of totals. Screens show these, never the stored key (`will_not_be_sent`).
 */
import {
  EHR_LABEL,
  EVENT_KIND_LABEL,
  STATUS_INFO,
  TENDER_LABEL,
  type AttemptOutcome,
  type EhrSystem,
  type PostingStatus,
} from '../domain';
import { keyInWords } from './fields';

/** Status display names; STATUS_INFO's label stays the daily file's column value, this is the console's. */
export const STATUS_NAME: Readonly<Record<PostingStatus, string>> = {
  success: 'Success',
  retry: 'Retry',
  failure: 'Failure',
  not_applicable: 'Not applicable',
  will_not_be_sent: 'Will not be sent',
  pending: 'Pending',
  in_flight: 'In flight',
  needs_verification: 'Needs verification',
  manually_posted: 'Manually posted',
  quarantined: 'Quarantined',
  declined: 'Declined',
};

export const statusName = (status: PostingStatus): string => STATUS_NAME[status];
export const statusMeaning = (status: PostingStatus): string => STATUS_INFO[status].meaning;

/** What one attempt came to, for the timeline and the lineage. */
export const OUTCOME_NAME: Readonly<Record<AttemptOutcome, string>> = {
  posted: 'posted',
  duplicate: 'already in the EHR (duplicate)',
  retry: 'not posted, will retry',
  rate_limited: 'asked to slow down, will retry',
  failed: 'refused',
  ambiguous: 'outcome unknown',
  not_applicable: 'could not be processed',
};

/** Values of the dimensions a total is grouped by (`kind`, `tender`, `ehr`, `status`). */
const GROUP_VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  kind: EVENT_KIND_LABEL,
  tender: TENDER_LABEL,
  ehr: EHR_LABEL,
  status: STATUS_NAME,
};

/** The dimensions control totals are grouped by (the reconciliation preview's first column). */
export const DIMENSION_NAME: Readonly<Record<string, string>> = {
  all: 'All',
  status: 'Status',
  kind: 'Payment kind',
  tender: 'Tender',
  facility: 'Facility',
  ehr: 'EHR',
};

/** "kind one_time_payment" → "One-time payment"; an unknown value is put in words, not shown raw. */
export function groupValueName(dimension: string, value: string): string {
  return GROUP_VALUES[dimension]?.[value] ?? keyInWords(value);
}

/** A label such as "kind one_time_payment" or "tender manual_check", as written by older reports. */
export function totalsLabel(label: string): string {
  const [dimension, value, ...rest] = label.trim().split(/\s+/);
  if (dimension && value && rest.length === 0 && GROUP_VALUES[dimension])
    return groupValueName(dimension, value);
  return keyInWords(label);
}

/**
 * A connection by its name when the name already says the EHR ("Oracle Health (sandbox)"), otherwise as
 * "Epic · North campus": never "Oracle Health · Oracle Health (sandbox)".
 */
export function connectionLabel(ehr: EhrSystem, name: string): string {
  const label = EHR_LABEL[ehr];
  const trimmed = name.trim();
  if (trimmed === '') return label;
  if (trimmed.toLowerCase().startsWith(label.toLowerCase())) return trimmed;
  return `${label} · ${trimmed}`;
}

/** A connection's state and its circuit breaker, as the status bar and the dashboard say them. */
export const CONNECTION_STATE_NAME: Readonly<Record<'up' | 'down' | 'unknown', string>> = {
  up: 'answering',
  down: 'not answering',
  unknown: 'not tried yet',
};
export const BREAKER_NAME: Readonly<Record<string, string>> = {
  closed: 'sending normally',
  open: 'paused after repeated failures',
  half_open: 'trying again carefully',
};
export const breakerName = (state: string): string => BREAKER_NAME[state] ?? keyInWords(state);
