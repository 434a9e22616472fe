/** A real app on a temporary data folder, driven through its dispatcher as the console drives it. */
import type { Caller } from '../../../src/main/api/dispatcher';
import type { ClearpostApp } from '../../../src/main/app';
import type { Role } from '../../../src/shared/commands/access';
import type { ImportStatus } from '../../../src/shared/commands/imports';
import type { ApiErrorBody, CommandArgs, CommandName, CommandResult } from '../../../src/shared/contract';
import { afterEach } from 'vitest';
import { dispatchOk, testApp } from '../../helpers/app';

export const supervisor: Caller = { actor: 'sam.supervisor', transport: 'test', role: 'supervisor' };
export const as = (role: Role): Caller => ({ actor: `a.${role}`, transport: 'test', role });

/** For a test file: `start()` opens a real app in a fresh temporary folder, closed after each test. */
export function useConsoleApp(tempDir: () => string) {
  let app: ClearpostApp | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });
  return async () => {
    app = await testApp(tempDir());
    return { app, ...consoleOf(app) };
  };
}

export function consoleOf(app: ClearpostApp) {
  async function call<N extends CommandName>(
    name: N,
    args: CommandArgs<N>,
    caller: Caller = supervisor,
  ): Promise<CommandResult<N>> {
    return dispatchOk(app, name, args, caller);
  }
  async function failure(
    name: CommandName,
    args: unknown,
    caller: Caller = supervisor,
  ): Promise<ApiErrorBody> {
    const envelope = await app.dispatch(name, args, caller);
    if (envelope.ok) throw new Error(`${name} unexpectedly succeeded`);
    return envelope.error;
  }
  async function finished(id: string): Promise<ImportStatus> {
    for (let i = 0; i < 400; i += 1) {
      const status = await call('imports.status', { id });
      if (status.state !== 'running') return status;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the import did not finish');
  }
  return { call, failure, finished };
}

export const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
