import { MAPPING_COLUMNS, type MappingColumn } from '../../../../shared/commands/imports';
import {
  COLUMN_LABEL,
  isRequired,
  POSTING_NEEDS,
  TENDER_LABEL,
  TENDERS,
  type MappingDraft,
} from './mapping-draft';

const NOT_IN_FILE = '';

interface Props {
  /** The editor's id prefix, for the error messages' ids. */
  readonly id: string;
  readonly draft: MappingDraft;
  readonly onChange: (draft: MappingDraft) => void;
  readonly headers: readonly string[];
  readonly firstRow: readonly string[];
  readonly issues: Readonly<Record<string, string>>;
}

/**
 * Which column of the file holds each field, with the first row's value beside it: required fields marked,
 * and the fields a posting needs said as such, so the mapping is chosen knowing what each one costs.
 */
export function MappingColumns({ id, draft, onChange, headers, firstRow, issues }: Props) {
  const setColumn = (column: MappingColumn, header: string) =>
    onChange({ ...draft, columns: { ...draft.columns, [column]: header } });
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
    <>
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
    </>
  );
}
