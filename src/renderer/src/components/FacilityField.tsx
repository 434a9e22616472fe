import type { ReactNode } from 'react';
import { useFacilityList } from './form/facility-list';

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

/** A facility picked from those Clearpost knows, or typed (form/facility-list.tsx), outside the form library. */
export function FacilityField(props: Props) {
  const { listId, hintId, list } = useFacilityList(props.value);
  const describedBy = [props.describedBy, hintId].filter(Boolean).join(' ');
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
      {list}
      {props.error}
    </label>
  );
}
