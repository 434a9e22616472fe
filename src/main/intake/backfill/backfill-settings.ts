/**
 * What backfill needs to run: the REST credentials (merchant id, key id, and the shared secret from the
 * vault), the report's subscribed name, the webhook subscription to replay, and for each Cybersource
 * organization (merchant id) the facility and EHR its payments belong to: Payment Batch Detail rows name
 * neither, and a health system usually holds one merchant id per facility.
 */
import { z } from 'zod';
import { EHR_SYSTEMS } from '../../../shared/domain';

/** The name Cybersource subscriptions give the daily Payment Batch Detail report unless renamed. */
export const DEFAULT_REPORT_NAME = 'PaymentBatchDetailReport';

export const backfillOrganizationSchema = z
  .object({
    organizationId: z.string().trim().min(1).max(100),
    facility: z.string().trim().min(1).max(100),
    ehr: z.enum(EHR_SYSTEMS),
  })
  .strict();
export type BackfillOrganization = z.output<typeof backfillOrganizationSchema>;

export interface BackfillPlan {
  readonly reportName: string;
  /** The webhook subscription whose failed notifications are replayed; null requests no replay. */
  readonly webhookId: string | null;
  /** The zone `reportDate` is a day of (the report subscription's), for the replay span. */
  readonly timeZone: string;
  readonly organizations: readonly BackfillOrganization[];
}
