import { Dialog } from './Dialog';
import { ColumnHeads } from './ColumnHeads';

/** Every shortcut in one place; `?` opens it from any screen. */
export const SHORTCUTS: readonly { readonly keys: string; readonly what: string; readonly where: string }[] =
  [
    { keys: '?', what: 'Show or hide this help', where: 'Anywhere' },
    { keys: 'g then d', what: 'Go to the dashboard', where: 'Anywhere' },
    { keys: 'g then e', what: 'Go to the exception queue', where: 'Anywhere' },
    { keys: 'g then m', what: 'Go to manual payment entry', where: 'Anywhere' },
    { keys: '/', what: 'Search by account, encounter or transaction id', where: 'Exceptions' },
    { keys: 'j / ↓', what: 'Next item', where: 'Exceptions' },
    { keys: 'k / ↑', what: 'Previous item', where: 'Exceptions' },
    { keys: 'Enter / o', what: 'Open the item', where: 'Exceptions' },
    { keys: 'b', what: 'Bulk action on the filtered items', where: 'Exceptions' },
    { keys: 'r', what: 'Retry now', where: 'Item' },
    { keys: 'm', what: 'Mark manually posted (EHR reference)', where: 'Item' },
    { keys: 'h', what: 'Hold or release', where: 'Item' },
    { keys: 'n', what: 'Add a note', where: 'Item' },
    { keys: 'a', what: 'Assign', where: 'Item' },
    { keys: 'Esc / u', what: 'Back to the queue (or close a dialog)', where: 'Item' },
  ];

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="grid" aria-label="Keyboard shortcuts">
        <ColumnHeads columns={['Keys', 'Does', 'Where']} />
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys + s.where}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
              <td className="muted">{s.where}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
