import type { QuarantineListRow } from '../../../../shared/commands/quarantine';
import { plainText } from '../../../../shared/words';
import { formatWhen } from '../../format';
import { prettyInput, SOURCE_LABEL, STATE_LABEL } from './labels';
import { ColumnHeads } from '../../components/ColumnHeads';

interface Props {
  readonly rows: readonly QuarantineListRow[];
  readonly selected: number | null;
  readonly onSelect: (id: number) => void;
}

/** Quarantined inputs with their reason in words, where they came from and the start of the redacted input. */
export function QuarantineTable({ rows, selected, onSelect }: Props) {
  return (
    <table className="grid" aria-label="Quarantined inputs">
      <ColumnHeads columns={['Received', 'Reason', 'Source', 'State', 'Input (redacted)']} />
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.id}
            className={row.id === selected ? 'selected' : undefined}
            data-testid="quarantine-row"
          >
            <td>
              <button type="button" className="link" onClick={() => onSelect(row.id)}>
                {formatWhen(row.receivedAt)}
              </button>
            </td>
            <td>{plainText(row.reason)}</td>
            <td>
              {SOURCE_LABEL[row.source]}
              {row.sourceRef && <div className="muted mono">{row.sourceRef}</div>}
            </td>
            <td>{STATE_LABEL[row.state]}</td>
            <td>
              <pre className="quarantine-preview">
                {row.inputTruncated ? `${row.inputPreview}…` : prettyInput(row.inputPreview)}
              </pre>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
