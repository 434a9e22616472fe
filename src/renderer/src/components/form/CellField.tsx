import { useId, type ReactNode } from 'react';
import type { FieldValues, Path } from 'react-hook-form';
import { controlOf, type FieldControl } from './Field';
import type { FormOf } from './use-command-form';

/**
 * A field standing in a table's cell, where the row and the column say what it is: named by `label` for
 * assistive technology, required and invalid as `Field` marks them, the server's rule in words under it.
 */
export function CellField<V extends FieldValues>({
  of,
  name,
  label,
  id: given,
  children,
}: {
  of: FormOf<V>;
  name: Path<V>;
  label: string;
  /** The control's id, when a label elsewhere points at it; otherwise one is made. */
  id?: string;
  /** The control; a text input when absent. */
  children?: (control: FieldControl & { readonly 'aria-label': string }) => ReactNode;
}) {
  const made = useId();
  const id = given ?? made;
  const { control, error, errorId } = controlOf(of, name, id);
  const named = { ...control, 'aria-label': label };
  return (
    <>
      {children ? children(named) : <input {...named} autoComplete="off" />}
      {error?.message && (
        <span id={errorId} className="field-error">
          {error.message}
        </span>
      )}
    </>
  );
}
