import { useId, type ReactNode } from 'react';
import {
  get,
  type FieldError,
  type FieldValues,
  type Path,
  type UseFormRegisterReturn,
} from 'react-hook-form';
import { FORM_WORDS } from '../../../../shared/words';
import type { FormOf } from './use-command-form';
import './form.css';

/** What a control needs to be one of the form's fields: its registration and its accessible state. */
export type FieldControl = UseFormRegisterReturn & {
  readonly id: string;
  readonly 'aria-required': boolean | undefined;
  readonly 'aria-invalid': boolean | undefined;
  readonly 'aria-describedby': string | undefined;
};

interface Props<V extends FieldValues> {
  readonly of: FormOf<V>;
  readonly name: Path<V>;
  readonly label: ReactNode;
  /** A sentence under the field (what to type), read with it. */
  readonly hint?: ReactNode;
  readonly className?: string;
  /** The control's id, when a shortcut moves to it; otherwise one is made. */
  readonly id?: string;
  /** The control; a text input when absent. */
  readonly children?: (control: FieldControl) => ReactNode;
}

/** A field's control and accessible state, for `Field` and for a control that stands in a table's cell. */
export function controlOf<V extends FieldValues>(
  of: FormOf<V>,
  name: Path<V>,
  id: string,
  hinted = false,
): { control: FieldControl; error: FieldError | undefined; required: boolean; errorId: string } {
  const errorId = `${id}-error`;
  const error: FieldError | undefined = get(of.form.formState.errors, name);
  const required = of.required.has(name);
  const describedBy = [hinted ? `${id}-hint` : '', error ? errorId : ''].filter(Boolean).join(' ');
  const control: FieldControl = {
    ...of.form.register(name),
    id,
    'aria-required': required || undefined,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  };
  return { control, error, required, errorId };
}

/**
 * The one field of the console's forms: its label (with * when the server refuses it empty), the control, a
 * hint, and the server's rule in words under it when the value breaks it.
 */
export function Field<V extends FieldValues>(props: Props<V>) {
  const { of, name } = props;
  const made = useId();
  const id = props.id ?? made;
  const hintId = `${id}-hint`;
  const { control, error, required, errorId } = controlOf(of, name, id, Boolean(props.hint));
  return (
    <div className={props.className ?? 'field'}>
      {/* The mark stays outside the label, so the field's name is the label's words alone. */}
      <span className="field-label">
        <label htmlFor={id}>{props.label}</label>
        {required && (
          <span className="required-mark" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </span>
      {props.children ? props.children(control) : <input {...control} autoComplete="off" />}
      {props.hint && (
        <span id={hintId} className="field-hint">
          {props.hint}
        </span>
      )}
      {error?.message && (
        <span id={errorId} className="field-error">
          {error.message}
        </span>
      )}
    </div>
  );
}

/** The form's own outcome: a refusal not about one field, and the note saying what * means. */
export function FormStatus<V extends FieldValues>({
  of,
  note = true,
}: {
  of: FormOf<V>;
  /** Whether to say what * means (once per form that marks a field). */
  note?: boolean;
}) {
  const { errors } = of.form.formState;
  const message = errors.root?.server?.message ?? errors.root?.message;
  return (
    <>
      {note && of.required.size > 0 && <p className="required-note">{FORM_WORDS.requiredNote}</p>}
      {message && (
        <p className="form-error" role="alert">
          {message}
        </p>
      )}
    </>
  );
}
