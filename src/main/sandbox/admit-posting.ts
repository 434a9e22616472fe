/**
 * What both EHR simulators do with a well-formed posting, in the same order: a scripted business fault
 * first, then the directory's target check, then the site's duplicate policy, then the ledger. Each EHR
 * gives only its words and the shape of its answers (Epic: JSON with numeric codes; Millennium: 201 with a
 * Location), so the two cannot drift apart in what they refuse or when they commit.
 */
import type { EventKind } from '../../shared/domain';
import { localDate } from '../lib/time-zone';
import type { PostAnswer, SimAnswer } from './answers';
import { checkTarget, type SimDirectory } from './directory';
import type { Fault } from './faults';
import type { LedgerPosting } from './ledger';
import type { SimContext, SimRequest } from './sim-server';

/** A posting the EHR's validator accepted, in the ledger's terms. */
export interface ValidPosting {
  readonly externalId: string;
  readonly kind: EventKind;
  /** The EHR's own tender or method code. */
  readonly method: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly targetType: 'encounter' | 'account';
  readonly targetId: string;
  /** The target as the ledger records it (`Encounter/…`, `Guarantor/…`). */
  readonly target: string;
}

/** The scripted faults that are an EHR's business refusal, with the status and issue code each answers. */
const BUSINESS_FAULTS = {
  bo_hp_reltn_missing: { status: 404, issueCode: 'not-found' },
  closed_encounter: { status: 422, issueCode: 'business-rule' },
  combined_account: { status: 422, issueCode: 'business-rule' },
  forbidden: { status: 403, issueCode: 'forbidden' },
  daily_limit: { status: 429, issueCode: 'throttled' },
} as const;
export type BusinessFault = keyof typeof BUSINESS_FAULTS;

export interface EhrPostingAnswers {
  /** How the EHR words each business fault. */
  readonly faultText: Readonly<Record<BusinessFault, string>>;
  /** How the EHR words a refused repeat of an external id. */
  duplicateText(first: LedgerPosting): string;
  /** The EHR's error answer. */
  refuse(status: number, issueCode: string, text: string): PostAnswer;
  /** A new posting's answer, and the answer that points at the first posting (`return_first`). */
  created(posting: LedgerPosting, context: SimContext): SimAnswer;
  existing(first: LedgerPosting, context: SimContext): SimAnswer;
}

export interface AdmitOptions {
  readonly directory?: SimDirectory;
  /** Decides the ledger's posting day. */
  readonly timeZone: string;
}

function isBusinessFault(kind: string | undefined): kind is BusinessFault {
  return kind !== undefined && Object.hasOwn(BUSINESS_FAULTS, kind);
}

/**
 * The EHR's admission, its directory, zone and words bound once where the simulator is made: its `post` hands
 * over each posting its validator accepted, with the request, the context and the scripted fault.
 */
export function admitPostings(
  options: AdmitOptions,
  ehr: EhrPostingAnswers,
): (posting: ValidPosting, request: SimRequest, context: SimContext, fault: Fault | null) => PostAnswer {
  return (posting, request, context, fault) => admitPosting(posting, request, context, fault, options, ehr);
}

function admitPosting(
  posting: ValidPosting,
  request: SimRequest,
  context: SimContext,
  fault: Fault | null,
  options: AdmitOptions,
  ehr: EhrPostingAnswers,
): PostAnswer {
  const kind = fault?.kind;
  if (isBusinessFault(kind)) {
    const { status, issueCode } = BUSINESS_FAULTS[kind];
    return ehr.refuse(status, issueCode, ehr.faultText[kind]);
  }
  const problem = checkTarget(options.directory, posting.targetType, posting.targetId);
  if (problem?.kind === 'unknown') return ehr.refuse(404, 'not-found', problem.text);
  if (problem) return ehr.refuse(422, 'business-rule', problem.text);

  const first = context.ledger.findFirst(posting.externalId);
  if (first && context.duplicatePolicy === 'reject')
    return ehr.refuse(409, 'duplicate', ehr.duplicateText(first));
  if (first && context.duplicatePolicy === 'return_first')
    return { answer: ehr.existing(first, context), committed: false };
  const now = context.clock.now();
  const recorded = context.ledger.record({
    externalId: posting.externalId,
    kind: posting.kind,
    tender: posting.method,
    amountMinor: posting.amountMinor,
    currency: posting.currency,
    target: posting.target,
    day: localDate(now, options.timeZone),
    acceptedAt: now,
    requestBody: request.body,
  });
  return { answer: ehr.created(recorded, context), committed: true };
}
