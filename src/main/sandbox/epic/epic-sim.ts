/**
 * The Epic simulator over the modeled payment contract: post, look up by external transaction id, and answer
 * errors the Epic way (OperationOutcome with Epic numeric codes: 59141, 59144, 59159, 4118, 4135).
 */
import { localDate } from '../../lib/time-zone';
import { EPIC_CODES, EPIC_ERROR_SYSTEM } from '../../connectors/ehr/epic/epic-codes';
import type { PostAnswer, SimAnswer } from '../answers';
import { checkTarget, type SimDirectory } from '../directory';
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

  function businessFault(fault: Fault | null): PostAnswer | null {
    switch (fault?.kind) {
      case 'bo_hp_reltn_missing':
        return fail(404, 'not-found', 'Reference not found', EPIC_CODES.referenceNotFound);
      case 'closed_encounter':
        return fail(422, 'business-rule', 'The hospital account is closed', EPIC_CODES.businessRule);
      case 'combined_account':
        return fail(
          422,
          'business-rule',
          'The guarantor account was combined into another',
          EPIC_CODES.businessRule,
        );
      case 'forbidden':
        return fail(403, 'forbidden', 'Not authorized', EPIC_CODES.notAuthorized);
      case 'daily_limit':
        return fail(429, 'throttled', 'Daily limit reached. Try again tomorrow.', EPIC_CODES.dailyLimit);
      default:
        return null;
    }
  }

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
      const payment = validation.value;
      const business = businessFault(fault);
      if (business) return business;
      const problem = checkTarget(
        options.directory,
        payment.accountType === 'guarantor' ? 'account' : 'encounter',
        payment.accountId,
      );
      if (problem?.kind === 'unknown')
        return fail(404, 'not-found', problem.text, EPIC_CODES.referenceNotFound);
      if (problem) return fail(422, 'business-rule', problem.text, EPIC_CODES.businessRule);

      const first = context.ledger.findFirst(payment.externalId);
      if (first && context.duplicatePolicy === 'reject') {
        return fail(
          409,
          'duplicate',
          `Duplicate record: payment ${first.ehrReference} has this external id`,
          EPIC_CODES.duplicate,
        );
      }
      if (first && context.duplicatePolicy === 'return_first') {
        return { answer: { status: 200, body: JSON.stringify(paymentJson(first)) }, committed: false };
      }
      const now = context.clock.now();
      const posting = context.ledger.record({
        externalId: payment.externalId,
        kind: payment.kind,
        tender: payment.method,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        target: `${payment.accountType === 'guarantor' ? 'Guarantor' : 'Hospital'}/${payment.accountId}`,
        day: localDate(now, timeZone),
        acceptedAt: now,
        requestBody: request.body,
      });
      return { answer: { status: 201, body: JSON.stringify(paymentJson(posting)) }, committed: true };
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
