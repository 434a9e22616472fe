/**
 * The connection fields that had no screen: OAuth2 scope and client authentication, the token refresh
 * margin, how Oracle Health allocates and types reversals, each Oracle site's location, and Epic's account
 * preference and batch prefix. Blank text means "the EHR's default" (the key is left out); main validates
 * on save (connectors/ehr/config.ts).
 */
import type { ConnectionDoc } from './connection-draft';

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

/** The settings path below the connection of each field, for main's messages. */
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

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const oneOf = <T extends string>(value: unknown, options: readonly T[], fallback: T): T =>
  options.find((o) => o === value) ?? fallback;

export function toAdvanced(c: ConnectionDoc): AdvancedDraft {
  const reversal = (c.reversalTypes ?? {}) as Record<string, unknown>;
  const skew = typeof c.tokenSkewMs === 'number' ? c.tokenSkewMs : 60_000;
  return {
    scope: str(c.scope) ?? '',
    clientAuth: oneOf(c.clientAuth, ['basic', 'body'], 'basic'),
    tokenSkewS: String(skew / 1000),
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

/** The connection with the draft applied (only its EHR's fields), or the fields that do not read. */
export function applyAdvanced(
  original: ConnectionDoc,
  d: AdvancedDraft,
): { connection: ConnectionDoc; issues: Record<string, string> } {
  const issues: Record<string, string> = {};
  const skew = Number(d.tokenSkewS.trim().replace(',', '.'));
  if (d.tokenSkewS.trim() === '' || !Number.isFinite(skew) || skew < 0)
    issues[ADVANCED_FIELD.tokenSkewS] = 'Enter a number of seconds, e.g. 60';
  const { scope: _scope, ...rest } = original;
  const scope = d.scope.trim();
  const common = {
    ...rest,
    ...(scope ? { scope } : {}),
    clientAuth: d.clientAuth,
    tokenSkewMs: Number.isFinite(skew) ? Math.round(skew * 1000) : original.tokenSkewMs,
  };
  if (original.ehr === 'epic') {
    return {
      connection: { ...common, accountPreference: d.accountPreference, batchPrefix: d.batchPrefix.trim() },
      issues,
    };
  }
  const sites = Object.fromEntries(
    Object.entries(original.sites ?? {}).map(([code, site]) => {
      const { location: _location, ...kept } = site;
      const location = (d.locations[code] ?? '').trim();
      return [code, location ? { ...kept, location } : kept];
    }),
  );
  return {
    connection: {
      ...common,
      allocateTo: d.allocateTo,
      reversalTypes: { void: d.voidType, refund: d.refundType },
      sites,
    },
    issues,
  };
}
