import { Field, SectionForm, type SectionProps } from './section';
import { useSectionDraft } from './use-section-draft';
import { wholeNumber } from './section-values';
import { CheckField } from './CheckField';

interface SchedulesDoc {
  readonly reports?: { readonly enabled?: boolean; readonly at?: string };
  readonly backups?: { readonly everyHours?: number; readonly keep?: number };
  readonly auditHeadEveryMinutes?: number;
}
interface Draft {
  readonly reportsEnabled: boolean;
  readonly at: string;
  readonly everyHours: string;
  readonly keep: string;
  readonly auditMinutes: string;
}

const toDraft = (d: SchedulesDoc): Draft => ({
  reportsEnabled: d.reports?.enabled ?? true,
  at: d.reports?.at ?? '06:00',
  everyHours: String(d.backups?.everyHours ?? 24),
  keep: String(d.backups?.keep ?? 7),
  auditMinutes: String(d.auditHeadEveryMinutes ?? 1),
});

const NUMBERS = {
  everyHours: 'schedules.backups.everyHours',
  keep: 'schedules.backups.keep',
  auditMinutes: 'schedules.auditHeadEveryMinutes',
} as const;

/** The daily files' local time, database snapshots and the audit head's copy: all applied on save. */
export function Schedules(props: SectionProps) {
  const original = toDraft(props.view.settings.schedules ?? {});
  const { draft, edit, s, footer } = useSectionDraft<Draft>(props, 'schedules', original);

  const submit = () => {
    const local: Record<string, string> = {};
    const number = (key: keyof typeof NUMBERS): number => {
      const n = wholeNumber(draft[key]);
      if (n === null) local[NUMBERS[key]] = 'A whole number';
      return n ?? 0;
    };
    void s.save(
      {
        reports: { enabled: draft.reportsEnabled, at: draft.at.trim() },
        backups: { everyHours: number('everyHours'), keep: number('keep') },
        auditHeadEveryMinutes: number('auditMinutes'),
      },
      local,
    );
  };

  const numberField = (label: string, key: keyof typeof NUMBERS, hint: string) => (
    <Field label={label} error={s.issue(NUMBERS[key])} hint={hint}>
      <input
        value={draft[key]}
        onChange={(e) => edit(key, e.target.value)}
        aria-invalid={s.issue(NUMBERS[key]) ? true : undefined}
        inputMode="numeric"
        autoComplete="off"
      />
    </Field>
  );

  return (
    <SectionForm
      title="Schedules"
      testId="schedules"
      description="Changes apply at once: the daily files follow the new time at the next check (within a minute)."
      {...footer}
      onSubmit={submit}
      unplaced={s.unplaced(['schedules.reports', ...Object.values(NUMBERS)])}
    >
      <div className="settings-grid">
        <CheckField
          label="Write the daily reconciliation files"
          className="check settings-enabled"
          checked={draft.reportsEnabled}
          onChange={(v) => edit('reportsEnabled', v)}
        />
        <Field
          label="Daily files at"
          error={s.issue('schedules.reports.at')}
          hint="HH:MM, each facility's local time"
        >
          <input
            value={draft.at}
            onChange={(e) => edit('at', e.target.value)}
            aria-invalid={s.issue('schedules.reports.at') ? true : undefined}
            placeholder="06:00"
            autoComplete="off"
          />
        </Field>
        {numberField('Database snapshot every (hours)', 'everyHours', '1–168')}
        {numberField('Snapshots kept', 'keep', '1–365')}
        {numberField('Copy the audit head every (minutes)', 'auditMinutes', '1–1440')}
      </div>
    </SectionForm>
  );
}
