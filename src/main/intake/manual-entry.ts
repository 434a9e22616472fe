/**
 * A payment taken through the manual-payment workflow and typed in by an operator. It takes intake's one
 * path like a webhook or a report row: card guard (identifiers included, since a "receipt number" a person
 * typed may be a card number), mapping to the canonical event, the guarantor rules, validation, the
 * sanity ceiling, the one-kind-per-transaction rule, then the event and its admission-queue row in one
 * transaction. Routing makes its posting will_not_be_sent, so it is never sent by API and is listed in the
 * daily reconciliation file.
 *
 * What the form itself can tell (an amount that is not money, or not above zero) is refused at its field
 * before anything is stored: the operator still has the form in front of them, so nothing is lost. What
 * intake refuses after that is kept in quarantine with its reason, like any refused input, and the operator
 * is told which entry holds it.
 *
 * An entry that needs a second person (approvals/approval-policy.ts: above its enterer's threshold, or a
 * reversal) gets its approval in the same transaction; its posting is created held and stays so until then.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { ManualPayment } from '../../shared/commands/console';
import { MoneyError, parseMinor } from '../../shared/money';
import { requestApprovalIfNeeded, type ApprovalContext } from '../approvals/request-approval';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { NewPaymentEvent } from '../store/repositories/events';
import type { Repositories } from '../store/repositories';
import { applyGuarantorRules } from './canonical/apply-guarantor-rules';
import { NO_GUARANTOR_RULES } from './canonical/guarantor-rules';
import type { CybersourceIntakeConfig } from './cybersource/webhook-config';
import { ingest, type MapOutcome } from './ingest';
import { loadIntakeConfig } from './intake-config';
import { reject, type IntakeReasonCode } from './quarantine-reasons';

/** The form as the console sends it (already shaped by the command's schema). */
export type ManualEntry = z.output<typeof ManualPayment>;

/** What intake keeps of an entry: the form, who entered it, and the date made explicit. */
const KeptEntry = ManualPayment.extend({ enteredBy: z.string().min(1), transactionAt: z.number().int() });

export type ManualEntryRefusal = 'invalid' | 'conflict' | 'quarantined';

/** Why an entry was not stored; `field` names the form field it is about, when it is about one. */
export class ManualEntryRefused extends Error {
  constructor(
    readonly code: ManualEntryRefusal,
    message: string,
    readonly field: keyof ManualEntry | null,
    /** The quarantine entry that keeps the refused input (`quarantined` only). */
    readonly quarantineId: number | null = null,
  ) {
    super(message);
    this.name = 'ManualEntryRefused';
  }
}

export interface ManualEntryDeps {
  readonly db: Database;
  readonly repos: Pick<
    Repositories,
    'events' | 'quarantine' | 'intakeKeys' | 'intakeSettings' | 'audit' | 'approvals'
  >;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Two-person approval as Settings configures it, and the enterer's role; absent: none is asked. */
  readonly approval?: ApprovalContext;
}

/** The form field an intake refusal is about, so the console shows it there. */
const FIELD_OF_REASON: Partial<Record<IntakeReasonCode, keyof ManualEntry>> = {
  above_ceiling: 'amount',
  too_precise: 'amount',
  invalid_amount: 'amount',
  out_of_range: 'amount',
  zero_amount: 'amount',
  unknown_currency: 'currency',
  guarantor_mismatch: 'guarantorAccount',
  kind_conflict: 'kind',
  invalid_date: 'transactionAt',
};

export function enterManualPayment(
  deps: ManualEntryDeps,
  entry: ManualEntry,
  actor: string,
): { eventId: number; created: true; awaitingApproval: boolean } {
  const currency = entry.currency.toUpperCase();
  const amount = readAmount(entry.amount, currency);
  if (!amount.ok) throw new ManualEntryRefused('invalid', amount.message, 'amount');

  const now = deps.clock.now();
  const config = loadIntakeConfig(deps.repos.intakeSettings);
  // The input as entered, with who entered it and the default date made explicit, so that the mapping is a
  // function of what is kept (a quarantined entry shows the operator exactly what was refused).
  const input = { ...entry, currency, transactionAt: entry.transactionAt ?? now, enteredBy: actor };
  const result = deps.db
    .transaction(() => {
      const stored = ingest(
        {
          source: 'manual',
          sourceRef: `manual entry by ${actor}`,
          input,
          typedByPerson: true,
          map: (clean) => mapManualEntry(clean, config),
        },
        {
          db: deps.db,
          repos: deps.repos,
          clock: deps.clock,
          ...(deps.logger ? { logger: deps.logger } : {}),
          ...(config.amountCeilingMinor === undefined
            ? {}
            : { amountCeilingMinor: config.amountCeilingMinor }),
        },
      );
      if (stored.outcome === 'stored') {
        deps.repos.audit.append(
          {
            actor,
            action: 'payment.manual_entered',
            subjectType: 'payment_event',
            subjectId: String(stored.eventId),
            details: { amountMinor: amount.minor, currency, tender: entry.tender, ehr: entry.ehr },
          },
          now,
        );
        const approvalId = deps.approval
          ? requestApprovalIfNeeded(
              deps.repos,
              deps.approval,
              { eventId: stored.eventId, kind: entry.kind, amountMinor: amount.minor, currency, actor },
              now,
            )
          : null;
        return { ...stored, awaitingApproval: approvalId !== null };
      }
      return stored;
    })
    .immediate();

  switch (result.outcome) {
    case 'stored':
      return {
        eventId: result.eventId,
        created: true,
        awaitingApproval: 'awaitingApproval' in result && result.awaitingApproval,
      };
    case 'duplicate':
      throw new ManualEntryRefused(
        'conflict',
        `A ${entry.kind.replace(/_/g, ' ')} with transaction ${entry.processorTxnId} is already recorded.`,
        'processorTxnId',
      );
    case 'quarantined': {
      const reason = deps.repos.quarantine.get(result.quarantineId)?.reason ?? 'Intake refused it.';
      throw new ManualEntryRefused(
        'quarantined',
        `Not entered: ${reason} What was typed is kept in quarantine (entry ${String(result.quarantineId)}).`,
        FIELD_OF_REASON[result.reasonCode] ?? null,
        result.quarantineId,
      );
    }
  }
}

function readAmount(
  text: string,
  currency: string,
): { ok: true; minor: number } | { ok: false; message: string } {
  try {
    const minor = parseMinor(text, currency);
    return minor > 0 ? { ok: true, minor } : { ok: false, message: 'The amount must be more than zero.' };
  } catch (error) {
    if (error instanceof MoneyError) return { ok: false, message: error.message };
    throw error;
  }
}

/** The canonical event of a (guarded) manual entry, with the site's guarantor rules applied. */
export function mapManualEntry(input: unknown, config: CybersourceIntakeConfig): MapOutcome {
  const parsed = KeptEntry.safeParse(input);
  if (!parsed.success) return { ok: false, rejection: reject('invalid_payload') };
  const entry = parsed.data;
  const amount = readAmount(entry.amount, entry.currency);
  if (!amount.ok) return { ok: false, rejection: reject('invalid_amount', amount.message) };
  const event: NewPaymentEvent = {
    source: 'manual',
    processorTxnId: entry.processorTxnId,
    kind: entry.kind,
    tender: entry.tender,
    amountMinor: amount.minor,
    currency: entry.currency,
    ehr: entry.ehr,
    facility: entry.facility,
    guarantorAccount: entry.guarantorAccount,
    encounterId: entry.encounterId || null,
    checkNumber: entry.checkNumber || null,
    transactionAt: entry.transactionAt,
    extras: { enteredBy: entry.enteredBy },
  };
  // A manual entry carries no date of birth: the rules that need one treat it as absent.
  return applyGuarantorRules(
    { ok: true, event, disposition: 'post' },
    { present: false },
    config.guarantorRules ?? NO_GUARANTOR_RULES,
  );
}
