/**
 * Settings › Approvals (two-person approval: per role, the amount above which a manual entry needs a second
 * person; reversals; who may approve), on the shared section footer; amounts are typed as money and kept in
 * minor units.
 */
import { ROLES, type Role } from '../../../../shared/commands/access';
import { formatMinor, isKnownCurrency, MoneyError, parseMinor } from '../../../../shared/money';
import { asObject, Field, SectionForm, type SectionProps } from './section';
import { useSectionDraft } from './use-section-draft';
import { ROLE_LABEL } from './access-draft';
import { CheckField } from './CheckField';

interface ApprovalsDoc {
  readonly thresholdsMinor?: Partial<Record<Role, number | null>>;
  readonly currency?: string;
  readonly reversals?: boolean;
  readonly approverRoles?: readonly Role[];
}
const DEFAULT_THRESHOLDS: Record<Role, number | null> = { viewer: 0, operator: 100_000, supervisor: 500_000 };

export function ApprovalSettings(props: SectionProps) {
  const doc = asObject(props.view.settings.approvals) as ApprovalsDoc;
  const currency = doc.currency ?? 'USD';
  const original = {
    currency,
    reversals: doc.reversals ?? true,
    approverRoles: [...(doc.approverRoles ?? ['supervisor'])],
    thresholds: Object.fromEntries(
      ROLES.map((r) => {
        const minor = doc.thresholdsMinor?.[r] ?? DEFAULT_THRESHOLDS[r];
        return [r, minor === null ? '' : formatMinor(minor, currency)];
      }),
    ) as Record<Role, string>,
  };
  const { draft, setDraft, s, footer } = useSectionDraft(props, 'approvals', original);

  const submit = () => {
    const local: Record<string, string> = {};
    const code = draft.currency.trim().toUpperCase();
    if (!isKnownCurrency(code)) local['approvals.currency'] = 'An ISO 4217 code, e.g. USD';
    const thresholdsMinor = Object.fromEntries(
      ROLES.map((r) => {
        const text = draft.thresholds[r].replace(/[$£€¥,\s]/g, '');
        if (text === '') return [r, null];
        try {
          return [r, parseMinor(text, isKnownCurrency(code) ? code : 'USD')];
        } catch (error) {
          if (!(error instanceof MoneyError)) throw error;
          local[`approvals.thresholdsMinor.${r}`] = 'An amount, e.g. 1000.00, or empty for none';
          return [r, null];
        }
      }),
    );
    void s.save(
      { thresholdsMinor, currency: code, reversals: draft.reversals, approverRoles: draft.approverRoles },
      local,
    );
  };

  return (
    <SectionForm
      title="Approvals"
      testId="approvals-settings"
      description="A manual entry above its enterer's amount, or any refund or void entered by hand, waits held until a different person with an approving role approves it."
      {...footer}
      onSubmit={submit}
      unplaced={s.unplaced(['approvals.thresholdsMinor', 'approvals.currency', 'approvals.approverRoles'])}
    >
      <div className="settings-grid">
        {ROLES.filter((r) => r !== 'viewer').map((r) => (
          <Field
            key={r}
            label={`${ROLE_LABEL[r]}'s entries above`}
            error={s.issue(`approvals.thresholdsMinor.${r}`)}
            hint={`in ${draft.currency || 'USD'}; empty: never for the amount alone`}
          >
            <input
              value={draft.thresholds[r]}
              onChange={(e) =>
                setDraft((d) => ({ ...d, thresholds: { ...d.thresholds, [r]: e.target.value } }))
              }
              inputMode="decimal"
              autoComplete="off"
            />
          </Field>
        ))}
        <Field
          label="Currency of the amounts"
          error={s.issue('approvals.currency')}
          hint="another always needs approval"
        >
          <input
            value={draft.currency}
            maxLength={3}
            onChange={(e) => setDraft((d) => ({ ...d, currency: e.target.value }))}
            autoComplete="off"
          />
        </Field>
        <CheckField
          label="Every refund or void entered by hand needs approval"
          checked={draft.reversals}
          onChange={(v) => setDraft((d) => ({ ...d, reversals: v }))}
        />
        <fieldset className="settings-fieldset">
          <legend>Roles that may approve</legend>
          {ROLES.map((r) => (
            <label className="check" key={r}>
              <input
                type="checkbox"
                checked={draft.approverRoles.includes(r)}
                onChange={(e) =>
                  setDraft((d) => ({
                    ...d,
                    approverRoles: e.target.checked
                      ? ROLES.filter((x) => x === r || d.approverRoles.includes(x))
                      : d.approverRoles.filter((x) => x !== r),
                  }))
                }
              />
              {ROLE_LABEL[r]}
            </label>
          ))}
          {s.issue('approvals.approverRoles') && (
            <span className="field-error">{s.issue('approvals.approverRoles')}</span>
          )}
        </fieldset>
      </div>
    </SectionForm>
  );
}
