import { useEffect } from 'react';
import { useWatch } from 'react-hook-form';
import type { CommandArgs } from '../../../../shared/contract';
import { REPORT_DATE_BASES, type ReportDateBasis } from '../../../../shared/commands/reconciliation';
import { Field, FormStatus } from '../../components/form/Field';
import { FacilityInput } from '../../components/form/FacilityInput';
import { useCommandForm } from '../../components/form/use-command-form';
import type { ReconDay } from '../../stores/ui';
import { DATE_BASIS_LABEL, isFixedKind, REPORT_KIND_LABEL, type ReportKind } from './report-kinds';
import { Options } from '../../components/Options';

interface Props {
  readonly kind: ReportKind;
  readonly day: ReconDay;
  readonly format: 'csv' | 'xlsx';
  readonly busy: boolean;
  readonly connected: boolean;
  readonly onKind: (kind: ReportKind) => void;
  readonly onDay: (day: Partial<ReconDay>) => void;
  readonly onFormat: (format: 'csv' | 'xlsx') => void;
  readonly onPreview: () => void;
  readonly onWrite: () => void;
  readonly onBalance: () => void;
  readonly onWriteVariances: () => void;
}

interface ReportValues {
  kind: ReportKind;
  date: string;
  facility: string;
  basis: ReportDateBasis;
  format: 'csv' | 'xlsx';
}

/** The widest of the screen's commands (writing a file): its schema judges the day before any action. */
const exportArgs = (v: ReportValues): CommandArgs<'reports.export'> => ({
  kind: v.kind,
  date: v.date,
  basis: v.basis,
  format: v.format,
  ...(v.facility.trim() ? { facility: v.facility } : {}),
});

/** The report, the day and the actions of the Reconciliation screen; the day is kept by the screen's store. */
export function ReportForm(props: Props) {
  const { kind, day, busy, connected, onKind, onDay, onFormat } = props;
  const report = useCommandForm({
    command: 'reports.export',
    toArgs: exportArgs,
    defaultValues: { kind, date: day.date, facility: day.facility, basis: day.basis, format: props.format },
  });
  const { control } = report.form;
  const [shownKind, date, facility, basis, format] = useWatch({
    control,
    name: ['kind', 'date', 'facility', 'basis', 'format'],
  });
  // What is typed is the screen's state: the day survives a visit elsewhere, a new report clears the answer.
  useEffect(() => {
    if (shownKind !== kind) onKind(shownKind);
  }, [shownKind, kind, onKind]);
  useEffect(() => {
    if (date !== day.date || facility !== day.facility || basis !== day.basis)
      onDay({ date, facility, basis });
  }, [date, facility, basis, day.date, day.facility, day.basis, onDay]);
  useEffect(() => {
    if (format !== props.format) onFormat(format);
  }, [format, props.format, onFormat]);

  const fixed = isFixedKind(kind);
  /** Every action checks the day against the server's rules first. */
  const checked = (action: () => void) => report.onSubmit(() => Promise.resolve(action()));
  const preview = checked(props.onPreview);
  return (
    <form className="filters" onSubmit={(e) => void preview(e)} aria-label="Report" noValidate>
      <Field of={report} name="kind" label="Report" className="filter-field">
        {(c) => (
          <select {...c}>
            <Options values={Object.keys(REPORT_KIND_LABEL) as ReportKind[]} labels={REPORT_KIND_LABEL} />
          </select>
        )}
      </Field>
      <Field of={report} name="date" label="Day" className="filter-field">
        {(c) => <input {...c} type="date" />}
      </Field>
      <Field of={report} name="facility" label="Facility" className="filter-field">
        {(c) => <FacilityInput control={c} value={facility} placeholder="All facilities" />}
      </Field>
      <Field of={report} name="basis" label="Date basis" className="filter-field">
        {(c) => (
          <select {...c}>
            <Options values={REPORT_DATE_BASES} labels={DATE_BASIS_LABEL} />
          </select>
        )}
      </Field>
      <Field of={report} name="format" label="Format" className="filter-field">
        {(c) => (
          <select {...c} disabled={fixed}>
            <option value="csv">CSV</option>
            <option value="xlsx">XLSX</option>
          </select>
        )}
      </Field>
      <button type="submit" disabled={busy || fixed}>
        Preview
      </button>
      <button type="button" onClick={(e) => void checked(props.onWrite)(e)} disabled={busy || !connected}>
        Write file
      </button>
      <button type="button" onClick={(e) => void checked(props.onBalance)(e)} disabled={busy}>
        Balance the day
      </button>
      <button
        type="button"
        onClick={(e) => void checked(props.onWriteVariances)(e)}
        disabled={busy || !connected}
      >
        Write variances
      </button>
      <FormStatus of={report} note={false} />
    </form>
  );
}
