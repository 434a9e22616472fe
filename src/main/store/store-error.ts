export type StoreErrorCode =
  | 'database_too_new'
  | 'migration_changed'
  | 'migration_failed'
  | 'database_unreadable'
  | 'database_missing'
  /** Another Clearpost engine runs on this data folder. */
  | 'folder_locked'
  /** The data folder cannot be written by this user (permissions, a read-only file system): not damage. */
  | 'data_folder_read_only'
  /** The disk holding the data folder is full. */
  | 'disk_full'
  /** The sandbox was asked for on a folder that has held real payments and lost its settings.json. */
  | 'production_without_settings';

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
