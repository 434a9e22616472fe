/**
 * `clearpost sandbox`: runs the simulated Oracle Health, Epic and Cybersource alone until a signal stops them.
 */
import type { CliIo } from '../lib/cli-io';
import { runSandboxCommand } from '../sandbox';

export async function sandboxCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { code, sandbox } = await runSandboxCommand(argv, io);
  if (sandbox) {
    const stop = () => {
      void sandbox.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return code;
}
