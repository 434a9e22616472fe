/**
 * The Oracle Health Millennium simulator: `POST {base}/Basic` FinancialTransaction create with Cerner's token
 * endpoint shape, 201 + `Location: {base}/Basic/FT-PL-<n>`, OperationOutcome errors. Like Millennium it
 * offers no read or search of posted transactions; the ledger is reachable only through the control API.
 *
 * Like Millennium, it does not refuse a repeated identifier by default: "FinancialTransaction | R4 API"
 * (https://fhir.cerner.com/millennium/r4/financial/general/financial-transaction/) documents no duplicate
 * detection for create, and the Millennium R4 client errors (https://fhir.cerner.com/millennium/r4/#client-errors)
 * document 409 only for "an update with an out-of-date version id". A second identical POST therefore creates
 * a second transaction. Refusing it (409 `duplicate`) or answering with the first stays available as an opt-in
 * duplicate policy (`duplicatePolicy: 'reject' | 'return_first'`, or `PUT /_sim/duplicate-policy`) for tests
 * of sites that do.
 */
import type { EventKind } from '../../../shared/domain';
import type { DuplicatePolicy, PostAnswer, SimAnswer } from '../answers';
import { admitPostings, type EhrPostingAnswers } from '../admit-posting';
import type { SimDirectory } from '../directory';
import type { Fault } from '../faults';
import { SimLedger } from '../ledger';
import { operationOutcome } from '../operation-outcome';
import {
  startSimulator,
  type SimBehaviour,
  type SimContext,
  type SimRequest,
  type Simulator,
  type SimulatorOptions,
} from '../sim-server';
import { acceptsJson } from './media-types';
import { validateFinancialTransaction, type ValidationRules } from './validate-financial-transaction';

export const ORACLE_REFERENCE_PREFIX = 'FT-PL-';
const FHIR_JSON = 'application/fhir+json';
/** Millennium creates a second transaction for a repeated identifier (see above). */
export const ORACLE_DEFAULT_DUPLICATE_POLICY: DuplicatePolicy = 'accept_twice';

/**
 * The headers of the documented 201 examples in "FinancialTransaction | R4 API": `Etag: W/"0"` (a new
 * resource's first version), `Last-Modified` as an HTTP-date, `Location` of the new Basic resource, and an
 * empty `application/fhir+json` body with `Cache-Control: no-cache`.
 */
function created(baseUrl: string, reference: string, at: number): SimAnswer {
  return {
    status: 201,
    headers: {
      'cache-control': 'no-cache',
      'content-type': FHIR_JSON,
      etag: 'W/"0"',
      'last-modified': new Date(at).toUTCString(),
      location: `${baseUrl}/Basic/${reference}`,
    },
  };
}

export interface OracleSimOptions extends Omit<SimulatorOptions, 'ledger'> {
  /** SQLite file of the ledger, or ':memory:'. */
  readonly ledgerPath: string;
  readonly tenant?: string;
  readonly currency?: string;
  /** Site-defined aliases and what each posts; unknown aliases are refused (422). */
  readonly aliases: Readonly<Record<string, EventKind>>;
  readonly directory?: SimDirectory;
  /** Decides the ledger's posting day. */
  readonly timeZone?: string;
}

export function oracleBehaviour(options: OracleSimOptions): SimBehaviour {
  const tenant = options.tenant ?? 'ec2458f2-1e24-41c8-b71b-0e701af7583d';
  const timeZone = options.timeZone ?? 'America/Chicago';
  const rules: ValidationRules = { currency: options.currency ?? 'USD', aliases: options.aliases };
  const fail = (status: number, issueCode: string, text: string): PostAnswer => ({
    answer: { status, body: operationOutcome(issueCode, text), headers: { 'content-type': FHIR_JSON } },
    committed: false,
  });

  const answers: EhrPostingAnswers = {
    faultText: {
      bo_hp_reltn_missing: 'bo_hp_reltn_id is missing',
      closed_encounter: 'The encounter is closed and cannot accept financial transactions',
      combined_account: 'The account was combined into another account',
      forbidden: 'The tenant is not accessible to this client',
      daily_limit: 'Too Many Requests',
    },
    duplicateText: (first) => `A financial transaction with identifier ${first.externalId} already exists`,
    refuse: fail,
    created: (posting, context) => created(context.baseUrl, posting.ehrReference, posting.acceptedAt),
    // Silently answers as if created, pointing at the first posting.
    existing: (first, context) => created(context.baseUrl, first.ehrReference, first.acceptedAt),
  };
  const admitPosting = admitPostings({ directory: options.directory, timeZone }, answers);

  return {
    name: 'oracle-health',
    errorContentType: FHIR_JSON,
    basePath: `/r4/${tenant}`,
    tokenPath: `/tenants/${tenant}/protocols/oauth2/profiles/smart-v1/token`,
    route(method, path) {
      return method === 'POST' && path === '/Basic' ? 'post' : null;
    },
    post(request: SimRequest, context: SimContext, fault: Fault | null): PostAnswer {
      // Documented: a non-JSON `Accept` is 406 Not Acceptable with an empty body (see media-types.ts).
      if (!acceptsJson(request.headers)) return { answer: { status: 406 }, committed: false };
      const validation = validateFinancialTransaction(request.body, request.headers['content-type'], rules);
      if (!validation.ok) return fail(validation.status, validation.issueCode, validation.text);
      return admitPosting(validation.value, request, context, fault);
    },
    lookup(): SimAnswer {
      return {
        status: 404,
        body: operationOutcome('not-supported', 'Search of FinancialTransaction is not supported'),
      };
    },
    errorBody: (_status, issueCode, text) => operationOutcome(issueCode, text),
  };
}

export function startOracleSim(options: OracleSimOptions): Promise<Simulator> {
  const ledger = new SimLedger(options.ledgerPath, ORACLE_REFERENCE_PREFIX);
  return startSimulator(oracleBehaviour(options), {
    ...options,
    ledger,
    duplicatePolicy: options.duplicatePolicy ?? ORACLE_DEFAULT_DUPLICATE_POLICY,
  });
}
