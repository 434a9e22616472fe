import { useFacilityList } from './facility-list';
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
  const { listId, hintId, list } = useFacilityList(value);
  const describedBy = [control['aria-describedby'], hintId].filter(Boolean).join(' ');
  return (
    <>
      <input
        {...control}
        list={listId}
        placeholder={placeholder}
        autoComplete="off"
        aria-describedby={describedBy || undefined}
      />
      {list}
    </>
  );
}
