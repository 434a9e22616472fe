/**
 * The connection fields that had no screen: OAuth2 scope and client authentication, the token refresh
 * margin, how Oracle Health allocates and types reversals, each Oracle site's location, and Epic's account
 * preference and batch prefix. Blank text means "the EHR's default" (the key is left out). The form checks
 * them with the connection's own rules (`shared/ehr-connection.ts`, the ones main saves the document with).
 */
import { z } from 'zod';
import type { SettingsView } from '../../../../shared/commands/settings';
import {
  epicConnectionSchema,
  oracleConnectionSchema,
  oracleSiteSchema,
} from '../../../../shared/ehr-connection';
import type { ArgumentIssue } from '../../components/form/command-resolver';
import { connectionSaveBinding, type ConnectionDoc } from './connection-draft';

export interface AdvancedDraft {
  scope: string;
  clientAuth: 'basic' | 'body';
  tokenSkewS: string;
  allocateTo: 'encounter_first' | 'account_first';
  voidType: 'payment' | 'adjustment';
  refundType: 'payment' | 'adjustment';
  accountPreference: 'guarantor_first' | 'hospital_first';
  batchPrefix: string;
  /** Oracle Health site → its `financial-transaction-location`. */
  locations: Record<string, string>;
}

/** The settings path below the connection of each field, for the rules' and main's messages. */
export const ADVANCED_FIELD = {
  scope: 'scope',
  clientAuth: 'clientAuth',
  tokenSkewS: 'tokenSkewMs',
  allocateTo: 'allocateTo',
  voidType: 'reversalTypes.void',
  refundType: 'reversalTypes.refund',
  accountPreference: 'accountPreference',
  batchPrefix: 'batchPrefix',
} as const;

/**
 * The form field each rule's path is typed in, under the connection (the form's own check) and under the
 * whole document (main's refusal after saving, `connections.1.batchPrefix`). A site's location is typed in
 * `locations.<site>`.
 */
export function advancedFieldPaths(index: number, siteCodes: readonly string[]): Record<string, string> {
  const own: [string, string][] = [
    ...Object.entries(ADVANCED_FIELD).map(([field, path]): [string, string] => [path, field]),
    ...siteCodes.map((code): [string, string] => [`sites.${code}.location`, `locations.${code}`]),
  ];
  const byPath: Record<string, string> = {};
  for (const [path, field] of own) {
    byPath[path] = field;
    byPath[`connections.${String(index)}.${path}`] = field;
  }
  return byPath;
}

const COMMON = { scope: true, clientAuth: true, tokenSkewMs: true } as const;

/**
 * The rules of what this form edits, picked from the schemas main saves the connection with. Of a site only
 * its location is typed here (its aliases are the connection editor's, which checks them).
 */
export const advancedRules = (ehr: ConnectionDoc['ehr']) =>
  ehr === 'epic'
    ? epicConnectionSchema.pick({ ...COMMON, accountPreference: true, batchPrefix: true })
    : oracleConnectionSchema
        .pick({ ...COMMON, allocateTo: true, reversalTypes: true })
        .extend({ sites: z.record(z.string(), oracleSiteSchema.pick({ location: true })) });

const SECOND = 1_000;
const NOT_SECONDS = 'Enter a number of seconds, e.g. 60';

/** The refresh margin's rule said in the seconds it is typed in ("At most 600,000" → "At most 600 seconds"). */
export function inSeconds(issue: ArgumentIssue): string {
  if (!issue.path.endsWith(ADVANCED_FIELD.tokenSkewS)) return issue.message;
  if (issue.message.startsWith('Must be')) return NOT_SECONDS;
  return issue.message.replace(/\d[\d,]*(?:\.\d+)?/, (n) => {
    const value = Number(n.replace(/,/g, '')) / SECOND;
    return `${String(Number(value.toFixed(3)))} seconds`;
  });
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const oneOf = <T extends string>(value: unknown, options: readonly T[], fallback: T): T =>
  options.find((o) => o === value) ?? fallback;

export function toAdvanced(c: ConnectionDoc): AdvancedDraft {
  const reversal = (c.reversalTypes ?? {}) as Record<string, unknown>;
  const skew = typeof c.tokenSkewMs === 'number' ? c.tokenSkewMs : 60_000;
  return {
    scope: str(c.scope) ?? '',
    clientAuth: oneOf(c.clientAuth, ['basic', 'body'], 'basic'),
    tokenSkewS: String(skew / SECOND),
    allocateTo: oneOf(c.allocateTo, ['encounter_first', 'account_first'], 'encounter_first'),
    voidType: oneOf(reversal.void, ['payment', 'adjustment'], 'payment'),
    refundType: oneOf(reversal.refund, ['payment', 'adjustment'], 'adjustment'),
    accountPreference: oneOf(c.accountPreference, ['guarantor_first', 'hospital_first'], 'guarantor_first'),
    batchPrefix: str(c.batchPrefix) ?? 'CLEARPOST',
    locations: Object.fromEntries(
      Object.entries(c.sites ?? {}).map(([code, s]) => [code, str(s.location) ?? '']),
    ),
  };
}

/**
 * Seconds as milliseconds. Empty or unreadable text stays NaN, so the rule refuses it under its field
 * before anything is saved.
 */
function ms(value: string): number {
  const text = value.trim().replace(',', '.');
  return text === '' ? Number.NaN : Math.round(Number(text) * SECOND);
}

/** The connection with the draft applied (only its EHR's fields). */
export function fromAdvanced(original: ConnectionDoc, d: AdvancedDraft): ConnectionDoc {
  const { scope: _scope, ...rest } = original;
  const scope = d.scope.trim();
  const common = {
    ...rest,
    ...(scope ? { scope } : {}),
    clientAuth: d.clientAuth,
    tokenSkewMs: ms(d.tokenSkewS),
  };
  if (original.ehr === 'epic')
    return { ...common, accountPreference: d.accountPreference, batchPrefix: d.batchPrefix.trim() };
  const sites = Object.fromEntries(
    Object.entries(original.sites ?? {}).map(([code, site]) => {
      const { location: _location, ...kept } = site;
      const location = (d.locations[code] ?? '').trim();
      return [code, location ? { ...kept, location } : kept];
    }),
  );
  // The reversal types this form does not show (chargeback, eCheck return) stay as saved.
  const saved = (original.reversalTypes ?? {}) as Record<string, unknown>;
  const reversalTypes = { ...saved, void: d.voidType, refund: d.refundType };
  return { ...common, allocateTo: d.allocateTo, reversalTypes, sites };
}

/** The advanced panel's form (the refresh margin said in seconds). */
export const advancedBinding = (view: SettingsView, index: number, original: ConnectionDoc) =>
  connectionSaveBinding(view, index, original, {
    toDraft: toAdvanced,
    fromDraft: fromAdvanced,
    schema: advancedRules(original.ehr),
    fields: advancedFieldPaths(index, Object.keys(original.sites ?? {})),
    reword: inSeconds,
  });
