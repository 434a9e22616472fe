/**
 * The options of a select over one of the domain's lists (EHRs, channels, tenders…), each shown by its label,
 * after an optional empty choice (`none`: "All", "As in the input"), and a filter that picks one or none.
 */

/** `values` as options labelled by `labels` (a table or a function); with `none`, an empty choice first. */
export function Options<T extends string>({
  values,
  labels,
  none,
}: {
  values: readonly T[];
  labels: Readonly<Record<T, string>> | ((value: T) => string);
  none?: string;
}) {
  return (
    <>
      {none !== undefined && <option value="">{none}</option>}
      {values.map((v) => (
        <option key={v} value={v}>
          {typeof labels === 'function' ? labels(v) : labels[v]}
        </option>
      ))}
    </>
  );
}

/** A labelled select of one of `values` or none ("All"): `onChange` gets null for none. */
export function OneOrAll<T extends string>({
  label,
  value,
  values,
  labels,
  onChange,
}: {
  label: string;
  value: T | null;
  values: readonly T[];
  labels: Readonly<Record<T, string>>;
  onChange: (value: T | null) => void;
}) {
  return (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value ? (e.target.value as T) : null)}>
        <Options values={values} labels={labels} none="All" />
      </select>
    </label>
  );
}
