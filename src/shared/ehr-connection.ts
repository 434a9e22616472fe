/**
 * The rules of one EHR connection's settings, shared by the main process (which validates the settings
 * document with them) and the renderer (whose connection editor shows them under each field before saving).
 * Pure zod: nothing here reaches the network, the disk or the vault. The client secret is supplied by the
 * caller (the vault); main never logs it or writes it back out (`redactConnection`).
 */
import { z } from 'zod';
import { isKnownCurrency } from './money';
import { isValidTimeZone } from './time-zone-name';

const HOUR = 3_600_000;

/**
 * An EHR endpoint: https, because the requests carry an OAuth client secret, bearer tokens and patient
 * accounts. Plain http only to this machine (a simulator, or a TLS-terminating proxy on loopback), as
 * OAuth 2.0 for Native Apps allows for loopback redirects (RFC 8252 §7.3).
 */
const httpUrl = z.url({ protocol: /^https?$/, error: 'Expected an http(s) URL' }).refine(
  // Not a URL at all is reported by the check above; this one speaks only of the scheme.
  (url) => !URL.canParse(url) || new URL(url).protocol === 'https:' || isLoopback(new URL(url).hostname),
  'Use https: plain http is allowed only to this machine (127.0.0.1, ::1, localhost)',
);

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}
const aliasCode = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'An alias is the site-defined code (letters, digits, - or _)');

const common = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'Letters, digits, - or _ (at most 64)'),
  /** The registered connector that posts for this connection (registry.ts); by default its EHR's own. */
  connector: z.string().min(1).max(40).optional(),
  name: z.string().trim().min(1).max(120),
  baseUrl: httpUrl,
  tokenUrl: httpUrl,
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Space-separated OAuth2 scopes; defaults per EHR. */
  scope: z.string().optional(),
  /** How the client authenticates at the token endpoint: HTTP Basic header (RFC 6749 default) or form fields. */
  clientAuth: z.enum(['basic', 'body']).default('basic'),
  connectTimeoutMs: z.int().min(100).max(120_000).default(5_000),
  responseTimeoutMs: z.int().min(100).max(600_000).default(30_000),
  /** Refresh the token this long before the EHR says it expires. */
  tokenSkewMs: z.int().min(0).max(600_000).default(60_000),
  /** The facility's time zone decides posting dates and "tomorrow". */
  timeZone: z.string().refine(isValidTimeZone, 'Unknown IANA time zone').default('America/Chicago'),
  currency: z
    .string()
    .refine((c) => isKnownCurrency(c), 'Unknown ISO 4217 currency')
    .default('USD'),
  /** Retry service settings, read by the engine. */
  retry: z
    .object({
      intervalMs: z
        .int()
        .min(60_000)
        .default(6 * HOUR),
      windowMs: z
        .int()
        .min(60_000)
        .default(24 * HOUR),
      notApplicableWindowMs: z
        .int()
        .min(60_000)
        .default(48 * HOUR),
    })
    .prefault({}),
};

/** Per Oracle Health site (facility key as it arrives on the event): the aliases the site's PA team defined. */
export const oracleSiteSchema = z.object({
  aliases: z.object({ one_time_payment: aliasCode, payment_plan: aliasCode }),
  /** Posts a void as a further transaction under the site's own alias (ASSUMPTION: how a site reverses a posting). */
  reversalAlias: aliasCode,
  /** Posts a refund as a further transaction (ASSUMPTION, as for voids). */
  refundAlias: aliasCode,
  /**
   * Posts the reversal of a charged-back card payment (ASSUMPTION, as for refunds); the refund alias when the
   * site has no alias of its own for chargebacks.
   */
  chargebackAlias: aliasCode.optional(),
  /** Posts the reversal of a returned eCheck (ACH return); the refund alias when absent. */
  returnAlias: aliasCode.optional(),
  /** `financial-transaction-location`: where the payment was received, when the site uses it. */
  location: z.string().min(1).max(100).optional(),
});
export type OracleSite = z.infer<typeof oracleSiteSchema>;

const methodCode = z.enum(['CASH', 'CCCA', 'CHCK', 'CCHK', 'TRAC']);
export type OracleMethodCode = z.infer<typeof methodCode>;

export const oracleConnectionSchema = z.object({
  ...common,
  ehr: z.literal('oracle_health'),
  sites: z
    .record(z.string().min(1), oracleSiteSchema)
    .refine((s) => Object.keys(s).length > 0, 'At least one site'),
  /**
   * Whether this site's Millennium refuses a second FinancialTransaction with the same identifier. Off by
   * default: "FinancialTransaction | R4 API" (https://fhir.cerner.com/millennium/r4/financial/general/financial-transaction/)
   * documents no duplicate detection for create, and 409 is documented only for an update with an
   * out-of-date version (https://fhir.cerner.com/millennium/r4/#client-errors). Without it, an ambiguous post
   * (timeout, reset, 5xx) is held for verification instead of being sent again. Turn it on only for a site
   * whose refusal of a repeated identifier has been confirmed.
   */
  dedupesOnExternalId: z.boolean().default(false),
  /** Post to the encounter's self-pay balance when the event has one, else to the guarantor account. */
  allocateTo: z.enum(['encounter_first', 'account_first']).default('encounter_first'),
  /** HL7 v2-0570 method per tender. PayPal is not an Oracle Health API tender. */
  methods: z
    .object({ card: methodCode, echeck: methodCode, manual_check: methodCode, cash: methodCode })
    .default({ card: 'CCCA', echeck: 'CHCK', manual_check: 'CHCK', cash: 'CASH' }),
  /**
   * `financial-transaction-type` of voids, refunds and the reversals of chargebacks and eCheck returns.
   * ASSUMPTION: configurable per site; a chargeback or a return is an adjustment unless the site says otherwise.
   */
  reversalTypes: z
    .object({
      void: z.enum(['payment', 'adjustment']),
      refund: z.enum(['payment', 'adjustment']),
      chargeback: z.enum(['payment', 'adjustment']).default('adjustment'),
      echeck_return: z.enum(['payment', 'adjustment']).default('adjustment'),
    })
    .default({
      void: 'payment',
      refund: 'adjustment',
      chargeback: 'adjustment',
      echeck_return: 'adjustment',
    }),
});

export const epicConnectionSchema = z.object({
  ...common,
  ehr: z.literal('epic'),
  /** ASSUMPTION: Epic's payment web service is not public; the paths are settings. */
  paths: z
    .object({
      post: z.string().startsWith('/').default('/api/epic/2025/Billing/External/Payments'),
      lookup: z.string().startsWith('/').default('/api/epic/2025/Billing/External/Payments'),
    })
    .prefault({}),
  dedupesOnExternalId: z.boolean().default(true),
  /** Post to the guarantor account, or the hospital account (encounter) when the event has one. */
  accountPreference: z.enum(['guarantor_first', 'hospital_first']).default('guarantor_first'),
  batchPrefix: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,20}$/)
    .default('CLEARPOST'),
});

export const ehrConnectionSchema = z.discriminatedUnion('ehr', [
  oracleConnectionSchema,
  epicConnectionSchema,
]);

export type OracleConnectionConfig = z.output<typeof oracleConnectionSchema>;
export type EpicConnectionConfig = z.output<typeof epicConnectionSchema>;
export type EhrConnectionConfig = z.output<typeof ehrConnectionSchema>;
/** What settings and tests write: defaults may be left out. */
export type EhrConnectionInput = z.input<typeof ehrConnectionSchema>;
