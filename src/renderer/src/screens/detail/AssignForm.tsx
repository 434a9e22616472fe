import { useState } from 'react';
import { ACTION_IDS } from './action-ids';

/** Who works the item: a name, or nobody when left empty. */
export function AssignForm({
  initial,
  off,
  onAssign,
}: {
  initial: string | null;
  off: boolean;
  onAssign: (assignee: string | null, done: () => void) => void;
}) {
  const [assignee, setAssignee] = useState(initial ?? '');
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        onAssign(assignee.trim() || null, () => {
          // Out of the field, so the next shortcut acts instead of typing into it.
          if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
        });
      }}
    >
      <label className="field">
        Assignee
        <input
          id={ACTION_IDS.assignee}
          value={assignee}
          onChange={(e) => setAssignee(e.target.value)}
          maxLength={100}
          placeholder="Nobody"
          aria-keyshortcuts="a"
        />
      </label>
      <button type="submit" className="secondary" disabled={off}>
        Assign
      </button>
    </form>
  );
}
