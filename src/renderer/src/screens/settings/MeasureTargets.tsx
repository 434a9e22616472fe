/**
 * Settings › Measures: the dashboard's team measures and their targets, on the shared section footer.
 */
import { asObject, Field, SectionForm, type SectionProps } from './section';
import { useSectionDraft } from './use-section-draft';

const TARGETS = [
  ['windowDays', 'Measured over (days)', '1–366'],
  ['autoPostingRatePercent', 'Automatic posting rate at least (%)', 'benchmarks: near 97'],
  ['medianHoursToPost', 'Median time to post at most (hours)', ''],
  ['p95HoursToPost', '95th percentile time to post at most (hours)', ''],
  ['oldestExceptionDays', 'Oldest open exception at most (days)', ''],
  ['unpostedCashMinor', 'Unposted cash at most (minor units)', 'cents for USD; 0: every payment posted'],
  ['unexplainedVariances', 'Unexplained cash variances at most', ''],
] as const;
type TargetKey = (typeof TARGETS)[number][0];
const TARGET_DEFAULTS: Record<TargetKey, number> = {
  windowDays: 30,
  autoPostingRatePercent: 97,
  medianHoursToPost: 24,
  p95HoursToPost: 72,
  oldestExceptionDays: 2,
  unpostedCashMinor: 0,
  unexplainedVariances: 0,
};

export function MeasureTargets(props: SectionProps) {
  const doc = asObject(props.view.settings.measures);
  const original = Object.fromEntries(
    TARGETS.map(([k]) => [k, String(typeof doc[k] === 'number' ? doc[k] : TARGET_DEFAULTS[k])]),
  ) as Record<TargetKey, string>;
  const { draft, setDraft, s, footer } = useSectionDraft(props, 'measures', original);
  const submit = () => {
    const local: Record<string, string> = {};
    const values = Object.fromEntries(
      TARGETS.map(([k]) => {
        const n = Number(draft[k].trim());
        if (draft[k].trim() === '' || !Number.isFinite(n)) local[`measures.${k}`] = 'A number';
        return [k, n];
      }),
    );
    void s.save({ ...doc, ...values }, local);
  };
  return (
    <SectionForm
      title="Measures"
      testId="measure-targets"
      description="The targets the dashboard's team measures are held to."
      {...footer}
      onSubmit={submit}
      unplaced={s.unplaced(TARGETS.map(([k]) => `measures.${k}`))}
    >
      <div className="settings-grid">
        {TARGETS.map(([k, label, hint]) => (
          <Field key={k} label={label} error={s.issue(`measures.${k}`)} hint={hint || undefined}>
            <input
              value={draft[k]}
              onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
              inputMode="decimal"
              autoComplete="off"
            />
          </Field>
        ))}
      </div>
    </SectionForm>
  );
}
