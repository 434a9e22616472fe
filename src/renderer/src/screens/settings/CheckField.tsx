/** A yes/no setting of a section: a checkbox and what ticking it means. */
export function CheckField({
  label,
  checked,
  onChange,
  className = 'check',
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  className?: string;
}) {
  return (
    <label className={className}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
