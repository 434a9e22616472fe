import { useId } from 'react';
import type { FieldControl } from './Field';
import { usePeople } from './use-people';

/**
 * A person picked from those Clearpost knows (use-people.ts), or typed: the control of a `Field` with its
 * list of names; a placeholder, a length or a shortcut go on the input.
 */
export function PersonInput({
  control,
  ...rest
}: {
  control: FieldControl;
  placeholder?: string;
  maxLength?: number;
  'aria-keyshortcuts'?: string;
}) {
  const listId = useId();
  const people = usePeople();
  return (
    <>
      <input {...control} {...rest} list={listId} autoComplete="off" />
      <datalist id={listId}>
        {people.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
    </>
  );
}
