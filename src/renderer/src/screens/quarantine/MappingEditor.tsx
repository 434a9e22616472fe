import { useId, useState } from 'react';
import { MAPPING_KINDS, type ImportInspection } from '../../../../shared/commands/imports';
import { useApi } from '../../hooks/api-context';
import './mapping-editor.css';
import { MappingColumns } from './MappingColumns';
import { draftFromMapping, KIND_LABEL, type MappingDraft } from './mapping-draft';

/**
 * Maps the columns of a file no built-in format recognises: which header holds each field Clearpost needs,
 * which values mean a refund or a decline, and the source's name, under which the mapping is saved and
 * offered next time. The sample rows come from main through the card guard (card numbers masked).
 */
export function MappingEditor({
  inspection,
  savedSources,
  draft,
  onChange,
  issues,
  disabled,
}: {
  inspection: ImportInspection;
  savedSources: readonly string[];
  draft: MappingDraft;
  onChange: (draft: MappingDraft) => void;
  issues: Readonly<Record<string, string>>;
  disabled: boolean;
}) {
  const api = useApi();
  const id = useId();
  const [loadError, setLoadError] = useState<string | null>(null);
  const { headers, sampleRows } = inspection;
  const firstRow = sampleRows[0] ?? [];

  const loadSaved = (source: string) => {
    if (!source) return;
    setLoadError(null);
    api.invoke('imports.mappings.get', { source }).then(
      (saved) =>
        onChange({ ...draftFromMapping(saved.source, saved.mapping), delimiter: inspection.delimiter }),
      (error: unknown) => setLoadError(error instanceof Error ? error.message : String(error)),
    );
  };

  const error = (field: string) =>
    issues[field] ? (
      <span className="field-error" id={`${id}-${field}`}>
        {issues[field]}
      </span>
    ) : null;
  const described = (field: string) => (issues[field] ? `${id}-${field}` : undefined);

  return (
    <fieldset className="mapping-editor" data-testid="mapping-editor" disabled={disabled}>
      <legend>Map the columns of this file</legend>
      <p className="muted">
        Choose which column holds each field. The mapping is saved under the source&apos;s name and used for
        the next file from the same processor.
      </p>
      <div className="mapping-source">
        <label className="field">
          <span>Source (the processor)</span>
          <input
            value={draft.source}
            onChange={(e) => onChange({ ...draft, source: e.target.value })}
            maxLength={100}
            autoComplete="off"
            list={savedSources.length > 0 ? `${id}-sources` : undefined}
            aria-invalid={issues.source ? true : undefined}
            aria-describedby={described('source')}
          />
          {error('source')}
        </label>
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

      <MappingColumns
        id={id}
        draft={draft}
        onChange={onChange}
        headers={headers}
        firstRow={firstRow}
        issues={issues}
      />

      {draft.columns.kind && (
        <fieldset className="mapping-kinds" aria-describedby={described('kindValues')}>
          <legend>Values of the {draft.columns.kind} column (comma-separated, any case)</legend>
          <div className="form-grid">
            {MAPPING_KINDS.map((kind) => (
              <label className="field" key={kind}>
                <span>{KIND_LABEL[kind]}</span>
                <input
                  value={draft.kindValues[kind]}
                  onChange={(e) =>
                    onChange({ ...draft, kindValues: { ...draft.kindValues, [kind]: e.target.value } })
                  }
                  autoComplete="off"
                  placeholder={kind === 'payment' ? 'SALE, CAPTURE' : undefined}
                />
              </label>
            ))}
          </div>
          {error('kindValues')}
        </fieldset>
      )}
      {draft.columns.status && (
        <label className="field">
          <span>Values of the {draft.columns.status} column that mean declined (comma-separated)</span>
          <input
            value={draft.declinedStatuses}
            onChange={(e) => onChange({ ...draft, declinedStatuses: e.target.value })}
            autoComplete="off"
            placeholder="DECLINED, REJECT"
          />
        </label>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={draft.refundsNegative}
          onChange={(e) => onChange({ ...draft, refundsNegative: e.target.checked })}
        />
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
