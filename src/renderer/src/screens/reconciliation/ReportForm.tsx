import type { SyntheticEvent } from 'react';
import { REPORT_DATE_BASES, type ReportDateBasis } from '../../../../shared/commands/reconciliation';
import { FacilityField } from '../../components/FacilityField';
import type { ReconDay } from '../../stores/ui';
import { DATE_BASIS_LABEL, isFixedKind, REPORT_KIND_LABEL, type ReportKind } from './report-kinds';

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

/** The report, the day and the actions of the Reconciliation screen. */
export function ReportForm(props: Props) {
  const { kind, day, busy, connected } = props;
  const fixed = isFixedKind(kind);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    props.onPreview();
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Report">
      <label>
        Report
        <select value={kind} onChange={(e) => props.onKind(e.target.value as ReportKind)}>
          {(Object.keys(REPORT_KIND_LABEL) as ReportKind[]).map((k) => (
            <option key={k} value={k}>
              {REPORT_KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Day
        <input
          type="date"
          value={day.date}
          onChange={(e) => props.onDay({ date: e.target.value })}
          required
        />
      </label>
      <FacilityField
        label="Facility"
        value={day.facility}
        onChange={(facility) => props.onDay({ facility })}
        placeholder="All facilities"
      />
      <label>
        Date basis
        <select value={day.basis} onChange={(e) => props.onDay({ basis: e.target.value as ReportDateBasis })}>
          {REPORT_DATE_BASES.map((b) => (
            <option key={b} value={b}>
              {DATE_BASIS_LABEL[b]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Format
        <select
          value={props.format}
          onChange={(e) => props.onFormat(e.target.value as 'csv' | 'xlsx')}
          disabled={fixed}
        >
          <option value="csv">CSV</option>
          <option value="xlsx">XLSX</option>
        </select>
      </label>
      <button type="submit" disabled={busy || fixed}>
        Preview
      </button>
      <button type="button" onClick={props.onWrite} disabled={busy || !connected}>
        Write file
      </button>
      <button type="button" onClick={props.onBalance} disabled={busy}>
        Balance the day
      </button>
      <button type="button" onClick={props.onWriteVariances} disabled={busy || !connected}>
        Write variances
      </button>
    </form>
  );
}
