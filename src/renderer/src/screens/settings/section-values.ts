/** Turning what a supervisor typed in a Settings section into the values settings keep. */

/** A whole number typed as text: the number, or null when it is not one. */
export function wholeNumber(text: string): number | null {
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null;
}

/**
 * Table rows keyed by a name (facility → zone, user → role) into the record settings keep. A row without a
 * name is refused by its position (`<section>.row.<n>`), a name used twice under `<section>.<field>.<name>`,
 * where the server would name it too.
 */
export function rowsToRecord<Row, V>(
  rows: readonly Row[],
  at: { readonly section: string; readonly field: string; readonly missing: string },
  nameOf: (row: Row) => string,
  valueOf: (row: Row) => V,
  local: Record<string, string>,
): Record<string, V> {
  const record: Record<string, V> = {};
  rows.forEach((row, index) => {
    const name = nameOf(row).trim();
    if (!name) local[`${at.section}.row.${String(index)}`] = at.missing;
    else if (Object.hasOwn(record, name)) local[`${at.section}.${at.field}.${name}`] = 'Listed twice';
    else record[name] = valueOf(row);
  });
  return record;
}
