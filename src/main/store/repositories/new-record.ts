/**
 * What a new row is given, derived from the stored record's own type so the two cannot drift: the fields
 * the caller must give, and the ones it may leave out (stored as null or the column's default).
 */
export type NewRecord<T, Given extends keyof T, Optional extends keyof T> = Pick<T, Given> &
  Partial<Pick<T, Optional>>;
