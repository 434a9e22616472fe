import { useId, type ReactNode } from 'react';
import { useQuery } from '../hooks/use-query';

interface Props {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly placeholder?: string;
  readonly required?: boolean;
  readonly disabled?: boolean;
  /** Extra class for the label (forms use `field`). */
  readonly className?: string;
  readonly describedBy?: string;
  /** The server's refusal of this field, shown under it. */
  readonly error?: ReactNode;
}

/**
 * A facility picked from those Clearpost knows (settings and recent payments), or typed: a new site's first
 * file may name one nobody has seen yet, and the field says so rather than refusing it.
 */
export function FacilityField(props: Props) {
  const listId = useId();
  const hintId = useId();
  const known = useQuery('facilities.list', {}, ['payment_events']);
  const facilities = known.data ?? [];
  const typed = props.value.trim();
  const unknown = typed !== '' && known.data !== undefined && !facilities.includes(typed);
  const describedBy = [props.describedBy, unknown ? hintId : undefined].filter(Boolean).join(' ');
  return (
    <label className={props.className}>
      {props.label}
      {props.required && <span aria-hidden="true"> *</span>}
      <input
        list={listId}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder={props.placeholder}
        required={props.required}
        disabled={props.disabled}
        maxLength={100}
        autoComplete="off"
        aria-describedby={describedBy || undefined}
        aria-invalid={props.error ? true : undefined}
      />
      <datalist id={listId}>
        {facilities.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      {unknown && (
        <span id={hintId} className="field-hint">
          Not a facility Clearpost has seen yet; check the spelling.
        </span>
      )}
      {props.error}
    </label>
  );
}
