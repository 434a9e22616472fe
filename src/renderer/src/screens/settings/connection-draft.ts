/**
 * An EHR connection as the Settings form edits it: text fields, with timeouts in seconds and retry
 * windows in hours. The settings document is loosely typed here; the form checks what it edits with the
 * connection's own rules (`shared/ehr-connection.ts`, the ones main validates the document with).
 */
import type { FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import type { SettingsView } from '../../../../shared/commands/settings';
import { epicConnectionSchema, oracleConnectionSchema } from '../../../../shared/ehr-connection';
import type { ArgumentIssue } from '../../components/form/command-resolver';

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

const SITE_PATH: Readonly<Record<keyof SiteDraft, string>> = {
  oneTime: 'aliases.one_time_payment',
  plan: 'aliases.payment_plan',
  reversal: 'reversalAlias',
  refund: 'refundAlias',
};
export const SITE_PARTS = Object.keys(SITE_PATH) as readonly (keyof SiteDraft)[];

export const siteField = (site: string, part: keyof SiteDraft): string => `sites.${site}.${SITE_PATH[part]}`;

/**
 * The form field each rule's path is typed in, under the connection (what the form's own check reports) and
 * under the whole document (what main reports after saving, `connections.2.retry.windowMs`).
 */
export function connectionFieldPaths(index: number, siteCodes: readonly string[]): Record<string, string> {
  const own: [string, string][] = [
    ...Object.entries(FIELD).map(([field, path]): [string, string] => [path, field]),
    ...siteCodes.flatMap((code) =>
      SITE_PARTS.map((part): [string, string] => [siteField(code, part), `sites.${code}.${part}`]),
    ),
  ];
  const byPath: Record<string, string> = {};
  for (const [path, field] of own) {
    byPath[path] = field;
    byPath[`connections.${String(index)}.${path}`] = field;
  }
  return byPath;
}

const EDITED = {
  name: true,
  baseUrl: true,
  tokenUrl: true,
  clientId: true,
  connectTimeoutMs: true,
  responseTimeoutMs: true,
  timeZone: true,
  retry: true,
} as const;

/** The rules of what this form edits: the connection's own, picked from the schema main saves it with. */
export const connectionRules = (ehr: ConnectionDoc['ehr']) =>
  ehr === 'epic'
    ? epicConnectionSchema.pick(EDITED)
    : oracleConnectionSchema.pick({ ...EDITED, sites: true });

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

/** The unit each duration is typed in: the rules count milliseconds. */
const UNIT_OF: Readonly<Record<string, { readonly ms: number; readonly word: string }>> = {
  connectTimeoutMs: { ms: 1_000, word: 'seconds' },
  responseTimeoutMs: { ms: 1_000, word: 'seconds' },
  'retry.intervalMs': { ms: HOUR_MS, word: 'hours' },
  'retry.windowMs': { ms: HOUR_MS, word: 'hours' },
  'retry.notApplicableWindowMs': { ms: HOUR_MS, word: 'hours' },
};

/** A limit on a duration said in the unit its field is typed in ("At least 100" → "At least 0.1 seconds"). */
export function inFormUnits(issue: { readonly path: string; readonly message: string }): string {
  const unit = UNIT_OF[issue.path];
  if (!unit) return issue.message;
  return issue.message.replace(/\d[\d,]*(?:\.\d+)?/, (n) => {
    const value = Number(n.replace(/,/g, '')) / unit.ms;
    return `${String(Number(value.toFixed(3)))} ${unit.word}`;
  });
}

/**
 * Text in a unit as milliseconds. Empty or unreadable text stays NaN, so the connection's rule refuses it in
 * words ("Must be a number") under its field before anything is saved.
 */
function ms(value: string, unitMs: number): number {
  const text = value.trim().replace(',', '.');
  return text === '' ? Number.NaN : Math.round(Number(text) * unitMs);
}

/** The connection with the draft applied. */
export function fromDraft(original: ConnectionDoc, d: ConnectionDraft): ConnectionDoc {
  return {
    ...original,
    name: d.name,
    baseUrl: d.baseUrl.trim(),
    tokenUrl: d.tokenUrl.trim(),
    clientId: d.clientId.trim(),
    enabled: d.enabled,
    connectTimeoutMs: ms(d.connectTimeoutS, 1_000),
    responseTimeoutMs: ms(d.responseTimeoutS, 1_000),
    timeZone: d.timeZone.trim(),
    retry: {
      ...original.retry,
      intervalMs: ms(d.retryIntervalH, HOUR_MS),
      windowMs: ms(d.retryWindowH, HOUR_MS),
      notApplicableWindowMs: ms(d.notApplicableWindowH, HOUR_MS),
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
}

/** How one connection form reads and writes its part of the connection, and checks it. */
export interface ConnectionForm<Draft extends FieldValues> {
  readonly toDraft: (connection: ConnectionDoc) => Draft;
  readonly fromDraft: (original: ConnectionDoc, draft: Draft) => ConnectionDoc;
  readonly schema: z.ZodType<unknown, FieldValues>;
  readonly fields: Readonly<Record<string, string>>;
  readonly reword: (issue: ArgumentIssue) => string;
}

/**
 * A connection form bound to `settings.save`: the document with this connection replaced, checked first by the
 * connection's own rules (each refusal on its field). The editor, its details and its advanced panel differ
 * only in their `ConnectionForm`.
 */
export function connectionSaveBinding<Draft extends FieldValues>(
  view: SettingsView,
  index: number,
  original: ConnectionDoc,
  form: ConnectionForm<Draft>,
) {
  const connections = (view.settings.connections ?? []) as readonly ConnectionDoc[];
  return {
    command: 'settings.save' as const,
    toArgs: (v: Draft) => ({
      settings: {
        ...view.settings,
        connections: connections.map((c, i) => (i === index ? form.fromDraft(original, v) : c)),
      },
    }),
    rules: { schema: form.schema, input: (v: Draft) => form.fromDraft(original, v) },
    fields: form.fields,
    reword: form.reword,
    defaultValues: form.toDraft(original),
  };
}

/** The editor's form (limits said in the field's unit). */
export const connectionBinding = (view: SettingsView, index: number, original: ConnectionDoc) =>
  connectionSaveBinding(view, index, original, {
    toDraft,
    fromDraft,
    schema: connectionRules(original.ehr),
    fields: connectionFieldPaths(index, Object.keys(original.sites ?? {})),
    reword: inFormUnits,
  });
