import { useId, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { MAPPING_KINDS, type ImportInspection } from '../../../../shared/commands/imports';
import { Field, FormStatus } from '../../components/form/Field';
import { useApi } from '../../hooks/api-context';
import './mapping-editor.css';
import { MappingColumns } from './MappingColumns';
import { draftFromMapping, KIND_LABEL } from './mapping-draft';
import type { MappingForm } from './use-mapping-form';

/**
 * Maps the columns of a file no built-in format recognises: which header holds each field Clearpost needs,
 * which values mean a refund or a decline, and the source's name, under which the mapping is saved and
 * offered next time. The sample rows come from main through the card guard (card numbers masked).
 */
export function MappingEditor({
  inspection,
  savedSources,
  of,
  disabled,
}: {
  inspection: ImportInspection;
  savedSources: readonly string[];
  of: MappingForm;
  disabled: boolean;
}) {
  const api = useApi();
  const id = useId();
  const [loadError, setLoadError] = useState<string | null>(null);
  const { headers, sampleRows } = inspection;
  const firstRow = sampleRows[0] ?? [];
  const [kindColumn, statusColumn] = useWatch({
    control: of.form.control,
    name: ['columns.kind', 'columns.status'],
  });
  const kindError = of.form.formState.errors.kindValues?.message;

  const loadSaved = (source: string) => {
    if (!source) return;
    setLoadError(null);
    api.invoke('imports.mappings.get', { source }).then(
      (saved) =>
        of.form.reset({ ...draftFromMapping(saved.source, saved.mapping), delimiter: inspection.delimiter }),
      (error: unknown) => setLoadError(error instanceof Error ? error.message : String(error)),
    );
  };

  return (
    <fieldset className="mapping-editor" data-testid="mapping-editor" disabled={disabled}>
      <legend>Map the columns of this file</legend>
      <p className="muted">
        Choose which column holds each field. The mapping is saved under the source&apos;s name and used for
        the next file from the same processor.
      </p>
      <FormStatus of={of} />
      <div className="mapping-source">
        <Field of={of} name="source" label="Source (the processor)">
          {(c) => (
            <input
              {...c}
              maxLength={100}
              autoComplete="off"
              list={savedSources.length > 0 ? `${id}-sources` : undefined}
            />
          )}
        </Field>
        {savedSources.length > 0 && (
          <>
            <datalist id={`${id}-sources`}>
              {savedSources.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
            <label className="field">
              <span>Start from a saved mapping</span>
              <select value="" onChange={(e) => loadSaved(e.target.value)}>
                <option value="">Choose…</option>
                {savedSources.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
      </div>
      {loadError && (
        <p className="form-error" role="alert">
          {loadError}
        </p>
      )}

      <MappingColumns id={id} of={of} headers={headers} firstRow={firstRow} />

      {kindColumn && (
        <fieldset className="mapping-kinds" aria-describedby={kindError ? `${id}-kindValues` : undefined}>
          <legend>Values of the {kindColumn} column (comma-separated, any case)</legend>
          <div className="form-grid">
            {MAPPING_KINDS.map((kind) => (
              <Field of={of} key={kind} name={`kindValues.${kind}`} label={KIND_LABEL[kind]}>
                {(c) => (
                  <input
                    {...c}
                    autoComplete="off"
                    placeholder={kind === 'payment' ? 'SALE, CAPTURE' : undefined}
                  />
                )}
              </Field>
            ))}
          </div>
          {kindError && (
            <span className="field-error" id={`${id}-kindValues`}>
              {kindError}
            </span>
          )}
        </fieldset>
      )}
      {statusColumn && (
        <Field
          of={of}
          name="declinedStatuses"
          label={`Values of the ${statusColumn} column that mean declined (comma-separated)`}
        >
          {(c) => <input {...c} autoComplete="off" placeholder="DECLINED, REJECT" />}
        </Field>
      )}
      <label className="check">
        <input type="checkbox" {...of.form.register('refundsNegative')} />
        Refunds are written as negative amounts
      </label>

      {headers.length > 0 && (
        <div className="mapping-preview">
          <table className="mapping-sample-table" data-testid="mapping-sample">
            <caption>First rows of the file (card numbers masked)</caption>
            <thead>
              <tr>
                {headers.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sampleRows.map((row, r) => (
                <tr key={r}>
                  {headers.map((h, c) => (
                    <td key={h} className="mono">
                      {row[c] ?? ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </fieldset>
  );
}
