/**
 * The app a one-shot command opens: command-line mode with no engine (what it stores waits in the admission
 * queue for the running Clearpost to post), closed however the command ends. An error of one of the
 * command's expected kinds is a plain sentence on standard error and exit code 1; anything else is a bug and
 * is thrown.
 */
import { createApp, type ClearpostApp } from '../app';
import type { CliIo } from '../lib/cli-io';

type ErrorClass = abstract new (...args: never[]) => Error;

export async function withCliApp(
  command: { readonly name: string; readonly io: CliIo; readonly dataDir: string },
  expected: readonly ErrorClass[],
  work: (app: ClearpostApp) => Promise<number>,
): Promise<number> {
  const app = await createApp({ dataDir: command.dataDir, mode: 'cli', engine: { autoStart: false } });
  try {
    return await work(app);
  } catch (error) {
    if (expected.some((kind) => error instanceof kind)) {
      command.io.stderr(`clearpost ${command.name}: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}
