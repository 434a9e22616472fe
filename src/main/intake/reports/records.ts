/** One physical record read from a report file, before its header gives the fields names. */
export type ReportRecord =
  | { readonly line: number; readonly fields: readonly string[] }
  | { readonly line: number; readonly error: string; readonly raw: string };

export interface ByteCounter {
  /** Bytes of the file consumed so far, for the progress bar. */
  readonly bytesRead: number;
}
