import { RowsTable } from './RowsTable';
import { Field, SectionForm, type SectionProps } from './section';
import { useSectionDraft } from './use-section-draft';
import { rowsToRecord } from './section-values';

interface Facilities {
  readonly timeZones?: Readonly<Record<string, string>>;
  readonly defaultTimeZone?: string;
}
interface Draft {
  readonly rows: readonly { readonly facility: string; readonly zone: string }[];
  readonly defaultZone: string;
}

// The browser's own list of IANA zones offered as suggestions; main validates whatever is typed.
const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

const toDraft = (f: Facilities): Draft => ({
  rows: Object.entries(f.timeZones ?? {}).map(([facility, zone]) => ({ facility, zone })),
  defaultZone: f.defaultTimeZone ?? 'America/Chicago',
});

/** Facility → IANA time zone: the facility's day decides its reconciliation files and posting dates. */
export function FacilityZones(props: SectionProps) {
  const original = toDraft(props.view.settings.facilities ?? {});
  const { draft, setDraft, s, footer } = useSectionDraft<Draft>(props, 'facilities', original);

  const setRow = (index: number, part: 'facility' | 'zone', value: string) =>
    setDraft((d) => ({ ...d, rows: d.rows.map((r, i) => (i === index ? { ...r, [part]: value } : r)) }));

  const submit = () => {
    const local: Record<string, string> = {};
    const timeZones = rowsToRecord(
      draft.rows,
      { section: 'facilities', field: 'timeZones', missing: 'Name the facility' },
      (row) => row.facility,
      (row) => row.zone.trim(),
      local,
    );
    void s.save({ timeZones, defaultTimeZone: draft.defaultZone.trim() }, local);
  };

  // Every row shows its own message; a zone problem is named by facility, a missing name by row.
  const shown = ['facilities.defaultTimeZone', 'facilities.timeZones', 'facilities.row'];
  return (
    <SectionForm
      title="Facility time zones"
      testId="facility-zones"
      description="The day of a facility's reconciliation files is its local day. Facilities not listed use the default zone. Changes apply from the next file on."
      {...footer}
      onSubmit={submit}
      unplaced={s.unplaced(shown)}
    >
      <datalist id="iana-zones">
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <RowsTable
        label="Facility time zones"
        columns={['Facility', 'Time zone (IANA)']}
        rows={draft.rows}
        removeLabel={(row, index) => `Remove ${row.facility || `facility ${String(index + 1)}`}`}
        onRemove={(index) => setDraft((d) => ({ ...d, rows: d.rows.filter((_, i) => i !== index) }))}
        cells={(row, index) => {
          const error =
            s.issues[`facilities.row.${String(index)}`] ??
            s.issue(`facilities.timeZones.${row.facility.trim()}`);
          return (
            <>
              <td>
                <input
                  value={row.facility}
                  onChange={(e) => setRow(index, 'facility', e.target.value)}
                  aria-label={`Facility ${String(index + 1)}`}
                  autoComplete="off"
                />
              </td>
              <td>
                <input
                  value={row.zone}
                  onChange={(e) => setRow(index, 'zone', e.target.value)}
                  aria-label={`Time zone of ${row.facility || `facility ${String(index + 1)}`}`}
                  aria-invalid={error ? true : undefined}
                  list="iana-zones"
                  placeholder="America/Chicago"
                  autoComplete="off"
                />
                {error && <span className="field-error">{error}</span>}
              </td>
            </>
          );
        }}
      />
      <div className="settings-inline">
        <button
          type="button"
          onClick={() =>
            setDraft((d) => ({ ...d, rows: [...d.rows, { facility: '', zone: d.defaultZone }] }))
          }
        >
          Add facility
        </button>
        <Field label="Default time zone" error={s.issue('facilities.defaultTimeZone')} hint="IANA name">
          <input
            value={draft.defaultZone}
            onChange={(e) => setDraft((d) => ({ ...d, defaultZone: e.target.value }))}
            aria-invalid={s.issue('facilities.defaultTimeZone') ? true : undefined}
            list="iana-zones"
            autoComplete="off"
          />
        </Field>
      </div>
    </SectionForm>
  );
}
