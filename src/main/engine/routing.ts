/**
 * Routing: which channel each payment event takes to its EHR. The table is data so a
 * site can edit it in settings; the defaults are the documented behaviour of each EHR.
 */
import { z } from 'zod';
import {
  CHANNELS,
  EHR_LABEL,
  EHR_SYSTEMS,
  EVENT_KIND_LABEL,
  EVENT_KINDS,
  TENDER_LABEL,
  TENDERS,
  type Channel,
  type PaymentEvent,
  type PostingStatus,
} from '../../shared/domain';
import { postingFileFormatSchema } from '../reconciliation/posting-file-format';

export const routingRuleSchema = z.object({
  ehr: z.enum(EHR_SYSTEMS),
  kinds: z.array(z.enum(EVENT_KINDS)).min(1),
  tenders: z.array(z.enum(TENDERS)).min(1),
  channel: z.enum(CHANNELS),
  /** Shown to the operator when the rule sends an item to the exception queue. */
  reason: z.string().max(300).optional(),
});

export const routingTableSchema = z.object({
  /** First matching rule wins. */
  rules: z.array(routingRuleSchema),
  /** Facilities whose EHR takes files only (Soarian, Revelate): every event goes by daily file. */
  fileOnlyFacilities: z.array(z.string().min(1)).default([]),
  /** The daily posting file's layout per file-only facility; one not named here gets the default layout. */
  postingFileFormats: z.record(z.string().min(1), postingFileFormatSchema).default({}),
});
export type RoutingTable = z.output<typeof routingTableSchema>;

const ALL_KINDS = [...EVENT_KINDS];
const API_TENDERS_ORACLE = ['card', 'echeck', 'manual_check', 'cash'] as const;

export const DEFAULT_ROUTING: RoutingTable = {
  rules: [
    { ehr: 'epic', kinds: ['one_time_payment', 'payment_plan'], tenders: [...TENDERS], channel: 'api' },
    // Epic takes voids and refunds in its daily file, not by API.
    { ehr: 'epic', kinds: ['void', 'refund'], tenders: [...TENDERS], channel: 'daily_file' },
    { ehr: 'oracle_health', kinds: ALL_KINDS, tenders: [...API_TENDERS_ORACLE], channel: 'api' },
    {
      ehr: 'oracle_health',
      kinds: ALL_KINDS,
      tenders: ['paypal'],
      channel: 'exception',
      reason: 'PayPal payments are not posted to Oracle Health by API.',
    },
  ],
  fileOnlyFacilities: [],
  postingFileFormats: {},
};

/** Processor statuses that mean the money never moved: recorded, never posted. */
const DECLINED_STATUSES = new Set([
  'DECLINED',
  'AUTHORIZED_RISK_DECLINED',
  'INVALID_REQUEST',
  'FAILED',
  'CANCELLED',
  'REJECTED',
]);

export interface Route {
  readonly channel: Channel;
  /** The posting's first status. */
  readonly status: PostingStatus;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly nextStep: string | null;
}

type RoutableEvent = Pick<
  PaymentEvent,
  'source' | 'ehr' | 'kind' | 'tender' | 'facility' | 'processorStatus' | 'amountMinor' | 'reasonCode'
>;

export function routeEvent(event: RoutableEvent, table: RoutingTable): Route {
  if (event.source === 'manual') {
    return {
      channel: 'manual',
      status: 'will_not_be_sent',
      reasonCode: 'manual_workflow',
      reason: 'Taken through the manual-payment workflow; never sent by API.',
      nextStep: 'Listed in the daily reconciliation file.',
    };
  }
  if (event.processorStatus && DECLINED_STATUSES.has(event.processorStatus.toUpperCase())) {
    return {
      channel: 'exception',
      status: 'declined',
      reasonCode: event.reasonCode ?? 'declined',
      reason: `The processor declined this payment (${event.processorStatus}); no money moved.`,
      nextStep: 'Nothing to post. Contact the patient for another payment if needed.',
    };
  }
  if (event.amountMinor <= 0) {
    return notPostable('zero_amount', 'The amount is zero or negative, so there is nothing to post.');
  }
  if (table.fileOnlyFacilities.includes(event.facility)) {
    return { channel: 'daily_file', status: 'pending', reasonCode: null, reason: null, nextStep: null };
  }
  const rule = table.rules.find(
    (r) => r.ehr === event.ehr && r.kinds.includes(event.kind) && r.tenders.includes(event.tender),
  );
  if (!rule) {
    return notPostable(
      'no_route',
      `No route sends a ${EVENT_KIND_LABEL[event.kind].toLowerCase()} by ${TENDER_LABEL[event.tender]} to ${EHR_LABEL[event.ehr]}.`,
    );
  }
  switch (rule.channel) {
    case 'api':
      return { channel: 'api', status: 'pending', reasonCode: null, reason: null, nextStep: null };
    case 'daily_file':
      return { channel: 'daily_file', status: 'pending', reasonCode: null, reason: null, nextStep: null };
    case 'manual':
      return {
        channel: 'manual',
        status: 'will_not_be_sent',
        reasonCode: 'manual_workflow',
        reason: rule.reason ?? 'Routed to the manual-payment workflow.',
        nextStep: 'Listed in the daily reconciliation file.',
      };
    case 'exception':
      return notPostable('not_routable', rule.reason ?? 'This payment is not sent to the EHR automatically.');
  }
}

function notPostable(reasonCode: string, reason: string): Route {
  return { channel: 'exception', status: 'failure', reasonCode, reason, nextStep: 'Manually post payment' };
}
