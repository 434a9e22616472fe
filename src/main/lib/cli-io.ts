/** Where a command-line command writes: the process's streams, or a test's capture. */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}
