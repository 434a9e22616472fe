import { useId, useState } from 'react';
import {
  MAPPING_COLUMNS,
  MAPPING_KINDS,
  type ImportInspection,
  type MappingColumn,
} from '../../../../shared/commands/intake';
import { useApi } from '../../hooks/api-context';
import './mapping-editor.css';
import {
  COLUMN_LABEL,
  POSTING_NEEDS,
  draftFromMapping,
  isRequired,
  KIND_LABEL,
  TENDER_LABEL,
  TENDERS,
  type MappingDraft,
} from './mapping-draft';

const NOT_IN_FILE = '';

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

  const setColumn = (column: MappingColumn, header: string) =>
    onChange({ ...draft, columns: { ...draft.columns, [column]: header } });

  const loadSaved = (source: string) => {
    if (!source) return;
    setLoadError(null);
    api.invoke('imports.mappings.get', { source }).then(
      (saved) =>
        onChange({ ...draftFromMapping(saved.source, saved.mapping), delimiter: inspection.delimiter }),
      (error: unknown) => setLoadError(error instanceof Error ? error.message : String(error)),
    );
  };

  const sampleOf = (header: string) => {
    const at = headers.indexOf(header);
    return at < 0 ? '' : (firstRow[at] ?? '');
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

      <p className="muted mapping-legend">
        <span className="mapping-mark">Required</span> fields must be mapped to import the file. Fields marked{' '}
        <em>needed to post</em> may be missing, but those rows then wait for an operator before they post.
      </p>
      <table className="mapping-table">
        <caption className="visually-hidden">Target fields and the file&apos;s columns</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Column in this file</th>
            <th scope="col">First row</th>
          </tr>
        </thead>
        <tbody>
          {MAPPING_COLUMNS.map((column) => {
            const field = `columns.${column}`;
            const chosen = draft.columns[column];
            return (
              <tr key={column} className={isRequired(column) ? 'mapping-required' : undefined}>
                <th scope="row">
                  <label htmlFor={`${id}-${column}`}>
                    {COLUMN_LABEL[column]}
                    {isRequired(column) && <span className="mapping-mark"> (required)</span>}
                    {POSTING_NEEDS[column] && <span className="mapping-need">{POSTING_NEEDS[column]}</span>}
                  </label>
                </th>
                <td>
                  <select
                    id={`${id}-${column}`}
                    value={chosen}
                    onChange={(e) => setColumn(column, e.target.value)}
                    aria-label={`${COLUMN_LABEL[column]} column`}
                    aria-invalid={issues[field] ? true : undefined}
                    aria-describedby={described(field)}
                  >
                    <option value={NOT_IN_FILE}>{isRequired(column) ? 'Choose…' : 'Not in this file'}</option>
                    {headers.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                  {column === 'currency' && !chosen && (
                    <label className="mapping-inline">
                      Every amount is in
                      <input
                        value={draft.defaultCurrency}
                        onChange={(e) => onChange({ ...draft, defaultCurrency: e.target.value })}
                        maxLength={3}
                        size={4}
                        autoComplete="off"
                        aria-label="Default currency"
                        aria-invalid={issues[field] ? true : undefined}
                      />
                    </label>
                  )}
                  {column === 'paymentMethod' && !chosen && (
                    <label className="mapping-inline">
                      Every payment is
                      <select
                        value={draft.defaultTender}
                        onChange={(e) =>
                          onChange({
                            ...draft,
                            defaultTender: e.target.value as MappingDraft['defaultTender'],
                          })
                        }
                        aria-label="Default payment method"
                      >
                        <option value="">As the rows say</option>
                        {TENDERS.map((t) => (
                          <option key={t} value={t}>
                            {TENDER_LABEL[t]}
                          </option>
                        ))}
                      </select>
                    </label>
                  )}
                  {error(field)}
                </td>
                <td className="mono mapping-sample">{chosen ? sampleOf(chosen) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

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
