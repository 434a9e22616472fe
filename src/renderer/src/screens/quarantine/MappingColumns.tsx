import { useWatch } from 'react-hook-form';
import { MAPPING_COLUMNS, type MappingColumn } from '../../../../shared/commands/imports';
import { CellField } from '../../components/form/CellField';
import { COLUMN_LABEL, POSTING_NEEDS, TENDER_LABEL, TENDERS } from './mapping-draft';
import type { MappingForm } from './use-mapping-form';

const NOT_IN_FILE = '';

interface Props {
  /** The editor's id prefix, for the controls' ids. */
  readonly id: string;
  readonly of: MappingForm;
  readonly headers: readonly string[];
  readonly firstRow: readonly string[];
}

/**
 * Which column of the file holds each field, with the first row's value beside it: required fields marked
 * (main's rules say which), and the fields a posting needs said as such, so the mapping is chosen knowing
 * what each one costs.
 */
export function MappingColumns({ id, of, headers, firstRow }: Props) {
  const chosen = useWatch({ control: of.form.control, name: 'columns' });
  const sampleOf = (header: string) => {
    const at = headers.indexOf(header);
    return at < 0 ? '' : (firstRow[at] ?? '');
  };
  const required = (column: MappingColumn) => of.required.has(`columns.${column}`);
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
          {MAPPING_COLUMNS.map((column) => (
            <tr key={column} className={required(column) ? 'mapping-required' : undefined}>
              <th scope="row">
                <label htmlFor={`${id}-${column}`}>
                  {COLUMN_LABEL[column]}
                  {required(column) && <span className="mapping-mark"> (required)</span>}
                  {POSTING_NEEDS[column] && <span className="mapping-need">{POSTING_NEEDS[column]}</span>}
                </label>
              </th>
              <td>
                <CellField
                  of={of}
                  name={`columns.${column}`}
                  id={`${id}-${column}`}
                  label={`${COLUMN_LABEL[column]} column`}
                >
                  {(c) => (
                    <select {...c}>
                      <option value={NOT_IN_FILE}>{required(column) ? 'Choose…' : 'Not in this file'}</option>
                      {headers.map((h) => (
                        <option key={h} value={h}>
                          {h}
                        </option>
                      ))}
                    </select>
                  )}
                </CellField>
                {column === 'currency' && !chosen.currency && (
                  <label className="mapping-inline">
                    Every amount is in
                    <input
                      {...of.form.register('defaultCurrency')}
                      maxLength={3}
                      size={4}
                      autoComplete="off"
                      aria-label="Default currency"
                    />
                  </label>
                )}
                {column === 'paymentMethod' && !chosen.paymentMethod && (
                  <label className="mapping-inline">
                    Every payment is
                    <select {...of.form.register('defaultTender')} aria-label="Default payment method">
                      <option value="">As the rows say</option>
                      {TENDERS.map((t) => (
                        <option key={t} value={t}>
                          {TENDER_LABEL[t]}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
              </td>
              <td className="mono mapping-sample">{chosen[column] ? sampleOf(chosen[column]) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
