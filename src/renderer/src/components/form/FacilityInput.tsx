import { useId } from 'react';
import { useQuery } from '../../hooks/use-query';
import { FORM_WORDS } from '../../../../shared/words';
import type { FieldControl } from './Field';

/**
 * A facility picked from those Clearpost knows (settings and recent payments), or typed: a new site's first
 * file may name one nobody has seen yet, and the field says so rather than refusing it. The control of a
 * `Field`; `value` is the field's current value (watched by the form).
 */
export function FacilityInput({
  control,
  value,
  placeholder,
}: {
  control: FieldControl;
  value: string;
  placeholder?: string;
}) {
  const listId = useId();
  const hintId = useId();
  const known = useQuery('facilities.list', {}, ['payment_events']);
  const facilities = known.data ?? [];
  const typed = value.trim();
  const unknown = typed !== '' && known.data !== undefined && !facilities.includes(typed);
  const describedBy = [control['aria-describedby'], unknown ? hintId : undefined].filter(Boolean).join(' ');
  return (
    <>
      <input
        {...control}
        list={listId}
        placeholder={placeholder}
        autoComplete="off"
        aria-describedby={describedBy || undefined}
      />
      <datalist id={listId}>
        {facilities.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      {unknown && (
        <span id={hintId} className="field-hint">
          {FORM_WORDS.unknownFacility}
        </span>
      )}
    </>
  );
}
