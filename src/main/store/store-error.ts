export type StoreErrorCode =
  | 'database_too_new'
  | 'migration_changed'
  | 'migration_failed'
  | 'database_unreadable'
  | 'database_missing'
  | 'disk_full';

/** A store problem the operator or IT must act on; the message says what to do. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
