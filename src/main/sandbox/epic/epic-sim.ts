/**
 * The Epic simulator over the modeled payment contract: post, look up by external transaction id, and answer
 * errors the Epic way (OperationOutcome with Epic numeric codes: 59141, 59144, 59159, 4118, 4135).
 */
import { EPIC_CODES, EPIC_ERROR_SYSTEM } from '../../connectors/ehr/epic/epic-codes';
import type { PostAnswer, SimAnswer } from '../answers';
import { admitPostings, type EhrPostingAnswers } from '../admit-posting';
import type { SimDirectory } from '../directory';
import type { Fault } from '../faults';
import { SimLedger, type LedgerPosting } from '../ledger';
import { operationOutcome } from '../operation-outcome';
import {
  startSimulator,
  type SimBehaviour,
  type SimContext,
  type SimRequest,
  type Simulator,
  type SimulatorOptions,
} from '../sim-server';
import { validateEpicPayment } from './validate-payment';
import { formatMinor } from '../../../shared/money';

export const EPIC_REFERENCE_PREFIX = 'EPM-';
const PAYMENTS_PATH = '/api/epic/2025/Billing/External/Payments';

export interface EpicSimOptions extends Omit<SimulatorOptions, 'ledger'> {
  readonly ledgerPath: string;
  readonly currency?: string;
  readonly directory?: SimDirectory;
  readonly timeZone?: string;
}

function epicOutcome(issueCode: string, text: string, epicCode?: string): string {
  return operationOutcome(
    issueCode,
    text,
    epicCode ? { system: EPIC_ERROR_SYSTEM, code: epicCode, display: text } : undefined,
  );
}

function paymentJson(posting: LedgerPosting) {
  return {
    PaymentID: posting.ehrReference,
    ExternalTransactionID: posting.externalId,
    Amount: formatMinor(posting.amountMinor, posting.currency),
    Currency: posting.currency,
    PostedAt: new Date(posting.acceptedAt).toISOString(),
    Status: 'Posted',
  };
}

export function epicBehaviour(options: EpicSimOptions): SimBehaviour {
  const currency = options.currency ?? 'USD';
  const timeZone = options.timeZone ?? 'America/Chicago';
  const fail = (status: number, issueCode: string, text: string, epicCode?: string): PostAnswer => ({
    answer: { status, body: epicOutcome(issueCode, text, epicCode) },
    committed: false,
  });

  // Epic's numeric code for each refusal the shared posting steps give (admit-posting.ts).
  const codeFor: Readonly<Record<string, string>> = {
    'not-found': EPIC_CODES.referenceNotFound,
    'business-rule': EPIC_CODES.businessRule,
    forbidden: EPIC_CODES.notAuthorized,
    throttled: EPIC_CODES.dailyLimit,
    duplicate: EPIC_CODES.duplicate,
  };
  const answers: EhrPostingAnswers = {
    faultText: {
      bo_hp_reltn_missing: 'Reference not found',
      closed_encounter: 'The hospital account is closed',
      combined_account: 'The guarantor account was combined into another',
      forbidden: 'Not authorized',
      daily_limit: 'Daily limit reached. Try again tomorrow.',
    },
    duplicateText: (first) => `Duplicate record: payment ${first.ehrReference} has this external id`,
    refuse: (status, issueCode, text) => fail(status, issueCode, text, codeFor[issueCode]),
    created: (posting) => ({ status: 201, body: JSON.stringify(paymentJson(posting)) }),
    existing: (first) => ({ status: 200, body: JSON.stringify(paymentJson(first)) }),
  };
  const admitPosting = admitPostings({ directory: options.directory, timeZone }, answers);

  return {
    name: 'epic',
    errorContentType: 'application/json',
    basePath: '',
    tokenPath: '/oauth2/token',
    route(method, path) {
      if (path !== PAYMENTS_PATH) return null;
      if (method === 'POST') return 'post';
      if (method === 'GET') return 'lookup';
      return null;
    },
    post(request: SimRequest, context: SimContext, fault: Fault | null): PostAnswer {
      const validation = validateEpicPayment(request.body, request.headers['content-type'], currency);
      if (!validation.ok)
        return fail(validation.status, validation.issueCode, validation.text, validation.epicCode);
      return admitPosting(validation.value, request, context, fault);
    },
    lookup(request: SimRequest, context: SimContext): SimAnswer {
      const externalId = request.url.searchParams.get('ExternalTransactionID');
      if (!externalId)
        return { status: 400, body: epicOutcome('required', 'ExternalTransactionID is required') };
      const matches = context.ledger.findAll(externalId);
      return {
        status: 200,
        body: JSON.stringify({ Payments: matches.map(paymentJson) }),
        headers: { 'content-type': 'application/json' },
      };
    },
    errorBody: (_status, issueCode, text) => epicOutcome(issueCode, text),
  };
}

export function startEpicSim(options: EpicSimOptions): Promise<Simulator> {
  const ledger = new SimLedger(options.ledgerPath, EPIC_REFERENCE_PREFIX);
  return startSimulator(epicBehaviour(options), { ...options, ledger });
}
