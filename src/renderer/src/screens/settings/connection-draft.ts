/**
 * An EHR connection as the Settings form edits it: text fields, with timeouts in seconds and retry
 * windows in hours. The settings document is loosely typed here; main validates it on save.
 */

const HOUR_MS = 3_600_000;

export interface OracleSiteDoc {
  readonly aliases?: { readonly one_time_payment?: string; readonly payment_plan?: string };
  readonly reversalAlias?: string;
  readonly refundAlias?: string;
  readonly [key: string]: unknown;
}

export interface ConnectionDoc {
  readonly id: string;
  readonly name: string;
  readonly ehr: 'epic' | 'oracle_health';
  readonly baseUrl?: string;
  readonly tokenUrl?: string;
  readonly clientId?: string;
  readonly clientSecretRef: string;
  readonly enabled?: boolean;
  readonly connectTimeoutMs?: number;
  readonly responseTimeoutMs?: number;
  readonly timeZone?: string;
  readonly retry?: {
    readonly intervalMs?: number;
    readonly windowMs?: number;
    readonly notApplicableWindowMs?: number;
  };
  readonly sites?: Readonly<Record<string, OracleSiteDoc>>;
  readonly [key: string]: unknown;
}

export interface SiteDraft {
  oneTime: string;
  plan: string;
  reversal: string;
  refund: string;
}

export interface ConnectionDraft {
  name: string;
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  enabled: boolean;
  connectTimeoutS: string;
  responseTimeoutS: string;
  retryIntervalH: string;
  retryWindowH: string;
  notApplicableWindowH: string;
  timeZone: string;
  sites: Record<string, SiteDraft>;
}

/** Field keys are the settings paths below the connection, so main's messages land on their field. */
export const FIELD = {
  name: 'name',
  baseUrl: 'baseUrl',
  tokenUrl: 'tokenUrl',
  clientId: 'clientId',
  connectTimeoutS: 'connectTimeoutMs',
  responseTimeoutS: 'responseTimeoutMs',
  retryIntervalH: 'retry.intervalMs',
  retryWindowH: 'retry.windowMs',
  notApplicableWindowH: 'retry.notApplicableWindowMs',
  timeZone: 'timeZone',
} as const;

export const siteField = (site: string, part: keyof SiteDraft): string =>
  `sites.${site}.${
    {
      oneTime: 'aliases.one_time_payment',
      plan: 'aliases.payment_plan',
      reversal: 'reversalAlias',
      refund: 'refundAlias',
    }[part]
  }`;

const text = (n: number | undefined, unitMs: number, fallbackMs: number): string =>
  String(Number(((n ?? fallbackMs) / unitMs).toFixed(3)));

export function toDraft(c: ConnectionDoc): ConnectionDraft {
  return {
    name: c.name,
    baseUrl: c.baseUrl ?? '',
    tokenUrl: c.tokenUrl ?? '',
    clientId: c.clientId ?? '',
    enabled: c.enabled ?? true,
    connectTimeoutS: text(c.connectTimeoutMs, 1_000, 5_000),
    responseTimeoutS: text(c.responseTimeoutMs, 1_000, 30_000),
    retryIntervalH: text(c.retry?.intervalMs, HOUR_MS, 6 * HOUR_MS),
    retryWindowH: text(c.retry?.windowMs, HOUR_MS, 24 * HOUR_MS),
    notApplicableWindowH: text(c.retry?.notApplicableWindowMs, HOUR_MS, 48 * HOUR_MS),
    timeZone: c.timeZone ?? '',
    sites: Object.fromEntries(
      Object.entries(c.sites ?? {}).map(([code, s]) => [
        code,
        {
          oneTime: s.aliases?.one_time_payment ?? '',
          plan: s.aliases?.payment_plan ?? '',
          reversal: s.reversalAlias ?? '',
          refund: s.refundAlias ?? '',
        },
      ]),
    ),
  };
}

/** The connection with the draft applied, or the fields whose numbers do not read as numbers. */
export function fromDraft(
  original: ConnectionDoc,
  d: ConnectionDraft,
): { connection: ConnectionDoc; issues: Record<string, string> } {
  const issues: Record<string, string> = {};
  const number = (value: string, unitMs: number, key: string, fallback: number | undefined) => {
    const n = Number(value.trim().replace(',', '.'));
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
      issues[key] = 'Enter a number, e.g. 6 or 1.5';
      return fallback;
    }
    return Math.round(n * unitMs);
  };
  const connection: ConnectionDoc = {
    ...original,
    name: d.name,
    baseUrl: d.baseUrl.trim(),
    tokenUrl: d.tokenUrl.trim(),
    clientId: d.clientId.trim(),
    enabled: d.enabled,
    connectTimeoutMs: number(d.connectTimeoutS, 1_000, FIELD.connectTimeoutS, original.connectTimeoutMs),
    responseTimeoutMs: number(d.responseTimeoutS, 1_000, FIELD.responseTimeoutS, original.responseTimeoutMs),
    timeZone: d.timeZone.trim(),
    retry: {
      ...original.retry,
      intervalMs: number(d.retryIntervalH, HOUR_MS, FIELD.retryIntervalH, original.retry?.intervalMs),
      windowMs: number(d.retryWindowH, HOUR_MS, FIELD.retryWindowH, original.retry?.windowMs),
      notApplicableWindowMs: number(
        d.notApplicableWindowH,
        HOUR_MS,
        FIELD.notApplicableWindowH,
        original.retry?.notApplicableWindowMs,
      ),
    },
    ...(original.sites
      ? {
          sites: Object.fromEntries(
            Object.entries(original.sites).map(([code, site]) => {
              const s = d.sites[code];
              if (!s) return [code, site];
              return [
                code,
                {
                  ...site,
                  aliases: {
                    ...site.aliases,
                    one_time_payment: s.oneTime.trim(),
                    payment_plan: s.plan.trim(),
                  },
                  reversalAlias: s.reversal.trim(),
                  refundAlias: s.refund.trim(),
                },
              ];
            }),
          ),
        }
      : {}),
  };
  return { connection, issues };
}
