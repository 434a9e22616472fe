/** For the renderer's unit tests only: a queue row with every field set, the test naming what matters to it. */
import type { ExceptionItem } from '../../../shared/domain';

export const exceptionItem = (over: Partial<ExceptionItem> = {}): ExceptionItem => ({
  postingId: 1,
  status: 'failure',
  ehr: 'epic',
  channel: 'api',
  kind: 'one_time_payment',
  tender: 'card',
  amountMinor: 1_000,
  currency: 'USD',
  facility: 'NORTH',
  guarantorAccount: null,
  encounterId: null,
  processorTxnId: 'T1',
  reasonCode: null,
  reason: null,
  nextStep: null,
  attempts: 1,
  nextAttemptAt: null,
  windowExpiresAt: null,
  assignee: null,
  held: false,
  transactionAt: 0,
  updatedAt: 0,
  ...over,
});
