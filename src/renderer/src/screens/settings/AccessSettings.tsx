import type { Role } from '../../../../shared/commands/access';
import { LIMITS, limitsFromRows, toDraft, type AccessDraft } from './access-draft';
import { PostingLimits } from './PostingLimits';
import { RowsTable } from './RowsTable';
import { Field, SectionForm, TextField, type SectionProps } from './section';
import { RoleOptions } from './RoleOptions';
import { rowsToRecord, wholeNumber } from './section-values';
import { useSectionDraft } from './use-section-draft';

/** Desktop users and their roles, the manual posting limit and how long a serve-mode sign-in lasts. */
export function AccessSettings(props: SectionProps) {
  const { draft, setDraft, edit, s, footer } = useSectionDraft<AccessDraft>(
    props,
    'access',
    toDraft(props.view.settings.access ?? {}),
  );
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
    const limits = limitsFromRows(draft.limits, local);
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
    <TextField
      label={label}
      value={draft[key]}
      onChange={(v) => edit(key, v)}
      error={s.issue(path)}
      hint={hint}
      inputMode="numeric"
    />
  );

  return (
    <SectionForm
      title="Access"
      testId="access-settings"
      description="Roles apply to the next action. While no desktop user is named, whoever runs Clearpost is a supervisor; serve-mode accounts have their own roles."
      {...footer}
      onSubmit={submit}
      unplaced={s.unplaced([
        'access.desktopUsers',
        'access.row',
        'access.desktopDefaultRole',
        LIMITS,
        'access.limitRow',
        'access.sessionIdleMinutes',
        'access.sessionMaxHours',
      ])}
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
                  <RoleOptions />
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
      <PostingLimits
        rows={draft.limits}
        issues={s.issues}
        issue={s.issue}
        onEdit={setLimit}
        onChange={(limits) => edit('limits', limits)}
      />
      <div className="settings-grid">
        <Field label="Role of other desktop users" error={s.issue('access.desktopDefaultRole')}>
          <select value={draft.defaultRole} onChange={(e) => edit('defaultRole', e.target.value as Role)}>
            <RoleOptions />
          </select>
        </Field>
        {numberField('Sign-in ends after idle (minutes)', 'idle', 'access.sessionIdleMinutes', '1–1440')}
        {numberField('Sign-in lasts at most (hours)', 'maxHours', 'access.sessionMaxHours', '1–72')}
      </div>
    </SectionForm>
  );
}
