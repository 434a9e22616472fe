/**
 * `clearpost sandbox` (and `npm run sandbox`): the simulators (Oracle Health, Epic, Cybersource) alone, their URLs printed one per line,
 * running until interrupted. Wired into the command line by src/main/cli.ts.
 */
import { parseArgs } from 'node:util';
import { startSandbox, type RunningSandbox } from './start-sandbox';

export interface SandboxCliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

export interface SandboxCommandResult {
  readonly code: number;
  readonly sandbox: RunningSandbox | null;
}

export async function runSandboxCommand(
  argv: readonly string[],
  io: SandboxCliIo,
): Promise<SandboxCommandResult> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'data-dir': { type: 'string' },
      'oracle-port': { type: 'string', default: '0' },
      'epic-port': { type: 'string', default: '0' },
      'cybersource-port': { type: 'string', default: '0' },
    },
    strict: true,
  });
  const port = (text: string | undefined) => Number(text ?? '0');
  const ports = {
    oracle: port(values['oracle-port']),
    epic: port(values['epic-port']),
    cybersource: port(values['cybersource-port']),
  };
  for (const [name, value] of Object.entries(ports)) {
    if (!Number.isInteger(value) || value < 0 || value > 65535) {
      io.stderr(`clearpost sandbox: --${name}-port must be a port number`);
      return { code: 2, sandbox: null };
    }
  }
  const sandbox = await startSandbox({ dataDir: values['data-dir'] ?? null, ports });
  for (const line of sandbox.bannerLines) io.stdout(line);
  return { code: 0, sandbox };
}
