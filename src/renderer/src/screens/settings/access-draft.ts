/** The access section as the form edits it, and the manual posting limits read back from what was typed. */
import type { Role } from '../../../../shared/commands/access';
import {
  formatMinor,
  isKnownCurrency,
  minorUnitDigits,
  MoneyError,
  parseMinor,
} from '../../../../shared/money';

/**
 * Manual posting limits are kept per currency, in that currency's minor units: a US dollar limit says
 * nothing about pounds, and a currency with no limit here needs a supervisor for every manual posting.
 */
export const DEFAULT_LIMITS: Readonly<Record<string, number>> = { USD: 500_000 };
/** Where main puts a limit's message (one per currency below it). */
export const LIMITS = 'access.manualPostingLimitsMinor';

export const ROLE_LABEL: Record<Role, string> = {
  viewer: 'Viewer',
  operator: 'Operator',
  supervisor: 'Supervisor',
};

export interface AccessDoc {
  readonly desktopUsers?: Readonly<Record<string, Role>>;
  readonly desktopDefaultRole?: Role;
  readonly manualPostingLimitsMinor?: Readonly<Record<string, number>>;
  readonly sessionIdleMinutes?: number;
  readonly sessionMaxHours?: number;
}
export interface AccessDraft {
  readonly users: readonly { readonly name: string; readonly role: Role }[];
  readonly defaultRole: Role;
  readonly limits: readonly { readonly currency: string; readonly amount: string }[];
  readonly idle: string;
  readonly maxHours: string;
}

export const toDraft = (a: AccessDoc): AccessDraft => ({
  users: Object.entries(a.desktopUsers ?? {}).map(([name, role]) => ({ name, role })),
  defaultRole: a.desktopDefaultRole ?? 'viewer',
  limits: Object.entries(a.manualPostingLimitsMinor ?? DEFAULT_LIMITS).map(([currency, minor]) => ({
    currency,
    amount: isKnownCurrency(currency) ? formatMinor(minor, currency) : String(minor),
  })),
  idle: String(a.sessionIdleMinutes ?? 30),
  maxHours: String(a.sessionMaxHours ?? 12),
});

/**
 * The limits by currency, in minor units. A row that is not one is refused by its position
 * (`access.limitRow.<n>`) in `local`, and left out.
 */
export function limitsFromRows(
  rows: AccessDraft['limits'],
  local: Record<string, string>,
): Record<string, number> {
  const limits: Record<string, number> = {};
  rows.forEach((row, index) => {
    const at = `access.limitRow.${String(index)}`;
    const currency = row.currency.trim().toUpperCase();
    if (!isKnownCurrency(currency)) {
      local[at] = 'A currency code, e.g. USD or GBP';
      return;
    }
    if (Object.hasOwn(limits, currency)) {
      local[at] = `${currency} is listed twice`;
      return;
    }
    try {
      // Typed in the currency's units, kept in its minor units: parsed as decimal text, never a float.
      const minor = parseMinor(row.amount.replace(/[$£€¥,\s]/g, ''), currency);
      if (minor < 0) local[at] = 'The limit cannot be negative';
      else limits[currency] = minor;
    } catch (error) {
      const digits = minorUnitDigits(currency);
      local[at] =
        error instanceof MoneyError && error.code === 'too_precise'
          ? `${currency} has ${digits === 0 ? 'no decimals' : `${String(digits)} decimals`}`
          : `An amount in ${currency}, e.g. ${formatMinor(5_000 * 10 ** digits, currency)}`;
    }
  });
  return limits;
}
