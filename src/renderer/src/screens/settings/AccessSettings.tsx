import { useState } from 'react';
import { ROLES, type Role } from '../../../../shared/commands/access';
import {
  formatMinor,
  isKnownCurrency,
  minorUnitDigits,
  MoneyError,
  parseMinor,
} from '../../../../shared/money';
import { RowsTable } from './RowsTable';
import { Field, SectionForm, useSectionSave, type SectionProps } from './section';
import { rowsToRecord, wholeNumber } from './section-values';

/**
 * Manual posting limits are kept per currency, in that currency's minor units: a US dollar limit says
 * nothing about pounds, and a currency with no limit here needs a supervisor for every manual posting.
 */
const DEFAULT_LIMITS: Readonly<Record<string, number>> = { USD: 500_000 };
const LIMITS = 'access.manualPostingLimitsMinor';

const ROLE_LABEL: Record<Role, string> = { viewer: 'Viewer', operator: 'Operator', supervisor: 'Supervisor' };

interface AccessDoc {
  readonly desktopUsers?: Readonly<Record<string, Role>>;
  readonly desktopDefaultRole?: Role;
  readonly manualPostingLimitsMinor?: Readonly<Record<string, number>>;
  readonly sessionIdleMinutes?: number;
  readonly sessionMaxHours?: number;
}
interface Draft {
  readonly users: readonly { readonly name: string; readonly role: Role }[];
  readonly defaultRole: Role;
  readonly limits: readonly { readonly currency: string; readonly amount: string }[];
  readonly idle: string;
  readonly maxHours: string;
}

const toDraft = (a: AccessDoc): Draft => ({
  users: Object.entries(a.desktopUsers ?? {}).map(([name, role]) => ({ name, role })),
  defaultRole: a.desktopDefaultRole ?? 'viewer',
  limits: Object.entries(a.manualPostingLimitsMinor ?? DEFAULT_LIMITS).map(([currency, minor]) => ({
    currency,
    amount: isKnownCurrency(currency) ? formatMinor(minor, currency) : String(minor),
  })),
  idle: String(a.sessionIdleMinutes ?? 30),
  maxHours: String(a.sessionMaxHours ?? 12),
});

/** Desktop users and their roles, the manual posting limit and how long a serve-mode sign-in lasts. */
export function AccessSettings(props: SectionProps) {
  const original = toDraft(props.view.settings.access ?? {});
  const [draft, setDraft] = useState<Draft>(original);
  const s = useSectionSave(props, 'access');
  const dirty = JSON.stringify(draft) !== JSON.stringify(original);
  const edit = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setLimit = (index: number, part: 'currency' | 'amount', value: string) =>
    setDraft((d) => ({ ...d, limits: d.limits.map((l, i) => (i === index ? { ...l, [part]: value } : l)) }));
  const setUser = (index: number, part: 'name' | 'role', value: string) =>
    setDraft((d) => ({ ...d, users: d.users.map((u, i) => (i === index ? { ...u, [part]: value } : u)) }));

  const submit = () => {
    const local: Record<string, string> = {};
    const desktopUsers = rowsToRecord(
      draft.users,
      { section: 'access', field: 'desktopUsers', missing: 'Name the user' },
      (u) => u.name,
      (u): Role => u.role,
      local,
    );
    const limits: Record<string, number> = {};
    draft.limits.forEach((row, index) => {
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
    const idle = wholeNumber(draft.idle);
    const maxHours = wholeNumber(draft.maxHours);
    if (idle === null) local['access.sessionIdleMinutes'] = 'A whole number of minutes';
    if (maxHours === null) local['access.sessionMaxHours'] = 'A whole number of hours';
    void s.save(
      {
        desktopUsers,
        desktopDefaultRole: draft.defaultRole,
        manualPostingLimitsMinor: limits,
        sessionIdleMinutes: idle ?? 0,
        sessionMaxHours: maxHours ?? 0,
      },
      local,
    );
  };

  const numberField = (label: string, key: 'idle' | 'maxHours', path: string, hint: string) => (
    <Field label={label} error={s.issue(path)} hint={hint}>
      <input
        value={draft[key]}
        onChange={(e) => edit(key, e.target.value)}
        aria-invalid={s.issue(path) ? true : undefined}
        inputMode="numeric"
        autoComplete="off"
      />
    </Field>
  );

  return (
    <SectionForm
      title="Access"
      testId="access-settings"
      description="Roles apply to the next action. While no desktop user is named, whoever runs Clearpost is a supervisor; serve-mode accounts have their own roles."
      canEdit={props.canEdit}
      onSubmit={submit}
      busy={s.busy}
      dirty={dirty}
      result={s.result}
      unplaced={s.unplaced([
        'access.desktopUsers',
        'access.row',
        'access.desktopDefaultRole',
        LIMITS,
        'access.limitRow',
        'access.sessionIdleMinutes',
        'access.sessionMaxHours',
      ])}
      onDiscard={() => {
        setDraft(original);
        s.reset();
      }}
    >
      <RowsTable
        label="Desktop users"
        columns={['Operating-system user', 'Role']}
        rows={draft.users}
        removeLabel={(u, index) => `Remove ${u.name || `desktop user ${String(index + 1)}`}`}
        onRemove={(index) => setDraft((d) => ({ ...d, users: d.users.filter((_, i) => i !== index) }))}
        cells={(u, index) => {
          const error =
            s.issues[`access.row.${String(index)}`] ?? s.issue(`access.desktopUsers.${u.name.trim()}`);
          return (
            <>
              <td>
                <input
                  value={u.name}
                  onChange={(e) => setUser(index, 'name', e.target.value)}
                  aria-label={`Desktop user ${String(index + 1)}`}
                  aria-invalid={error ? true : undefined}
                  autoComplete="off"
                />
                {error && <span className="field-error">{error}</span>}
              </td>
              <td>
                <select
                  value={u.role}
                  onChange={(e) => setUser(index, 'role', e.target.value)}
                  aria-label={`Role of ${u.name || `desktop user ${String(index + 1)}`}`}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABEL[r]}
                    </option>
                  ))}
                </select>
              </td>
            </>
          );
        }}
      />
      <button
        type="button"
        onClick={() => setDraft((d) => ({ ...d, users: [...d.users, { name: '', role: 'operator' }] }))}
      >
        Add desktop user
      </button>
      <RowsTable
        label="Manual posting limits"
        columns={['Currency', 'Limit (above it a supervisor is needed)']}
        rows={draft.limits}
        removeLabel={(row, index) => `Remove the limit in ${row.currency || `row ${String(index + 1)}`}`}
        onRemove={(index) => setDraft((d) => ({ ...d, limits: d.limits.filter((_, i) => i !== index) }))}
        cells={(row, index) => {
          const error =
            s.issues[`access.limitRow.${String(index)}`] ?? s.issue(`${LIMITS}.${row.currency.trim()}`);
          const name = row.currency.trim() || `row ${String(index + 1)}`;
          return (
            <>
              <td>
                <input
                  value={row.currency}
                  onChange={(e) => setLimit(index, 'currency', e.target.value)}
                  aria-label={`Currency of limit ${String(index + 1)}`}
                  aria-invalid={error ? true : undefined}
                  autoComplete="off"
                  maxLength={3}
                />
              </td>
              <td>
                <input
                  value={row.amount}
                  onChange={(e) => setLimit(index, 'amount', e.target.value)}
                  aria-label={`Manual posting limit in ${name}`}
                  aria-invalid={error ? true : undefined}
                  inputMode="decimal"
                  autoComplete="off"
                />
                {error && <span className="field-error">{error}</span>}
              </td>
            </>
          );
        }}
      />
      <p className="muted">
        A manual payment in a currency not listed here always needs a supervisor.{' '}
        <button
          type="button"
          onClick={() => setDraft((d) => ({ ...d, limits: [...d.limits, { currency: '', amount: '' }] }))}
        >
          Add a currency
        </button>
      </p>
      <div className="settings-grid">
        <Field label="Role of other desktop users" error={s.issue('access.desktopDefaultRole')}>
          <select value={draft.defaultRole} onChange={(e) => edit('defaultRole', e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </Field>
        {numberField('Sign-in ends after idle (minutes)', 'idle', 'access.sessionIdleMinutes', '1–1440')}
        {numberField('Sign-in lasts at most (hours)', 'maxHours', 'access.sessionMaxHours', '1–72')}
      </div>
    </SectionForm>
  );
}
