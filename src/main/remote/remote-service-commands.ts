/**
 * The `service.*` commands as a console of a service answers them, here on the desktop: its status,
 * signing in and out of the service, disconnecting (back to the local engine at the next start) and
 * restarting. They are never forwarded: they are about this desktop, not the service.
 */
import { z } from 'zod';
import type { ServiceChange, ServiceStatus } from '../../shared/commands/service';
import type { CommandName, CommandResult, ParsedArgs } from '../../shared/contract';
import { ApiFailure } from '../api/dispatcher';
import { dataLayout } from '../paths';
import type { RestartControl } from '../settings/restart-control';
import { createSettingsStore } from '../settings/settings-store';
import type { Vault } from '../vault/vault';
import { forgetAll, type ServiceIdentity } from './service-credentials';
import { PinMismatch, ServiceUnreachable, type ServiceClient } from './service-client';
import { signInToService } from './service-sign-in';

export interface RemoteServiceContext {
  readonly client: ServiceClient;
  readonly vault: Vault;
  readonly dataDir: string;
  readonly who: ServiceIdentity;
  readonly restart: RestartControl;
  status(): ServiceStatus;
  session(): string | null;
  setSession(id: string | null): Promise<void>;
}

const accessStateSchema = z.object({
  state: z.enum(['first-supervisor', 'sign-in', 'recover']),
  message: z.string().max(2000),
});

/** A service call from a `service.*` command: unreachable and wrong pins become refusals with words. */
async function reach<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PinMismatch || error instanceof ServiceUnreachable)
      throw new ApiFailure('unavailable', error.message);
    throw error;
  }
}

export async function localServiceCommand(
  name: CommandName,
  args: unknown,
  ctx: RemoteServiceContext,
): Promise<CommandResult<CommandName>> {
  switch (name) {
    case 'service.status':
      return ctx.status();
    case 'service.connect':
      throw new ApiFailure(
        'conflict',
        `This desktop is already a console of ${ctx.who.origin}. Disconnect first, then connect to another service.`,
      );
    case 'service.disconnect': {
      const settings = createSettingsStore(dataLayout(ctx.dataDir).settings);
      settings.save({ ...settings.get(), service: null });
      const session = ctx.session();
      // Best effort: the session ends on the service too, if it can still be told.
      if (session) await ctx.client.post('/auth/sign-out', {}, session).catch(() => undefined);
      await ctx.setSession(null);
      await forgetAll(ctx.vault);
      return {
        status: ctx.status(),
        restartOffered: ctx.restart.offered,
        notice: null,
      } satisfies ServiceChange;
    }
    case 'service.restart':
      return { restarting: ctx.restart.request() };
    case 'service.accessState': {
      const answer = await reach(() => ctx.client.post('/auth/state', {}, null));
      if (!answer.ok) throw new ApiFailure(answer.error.code, answer.error.message);
      return accessStateSchema.parse(answer.result);
    }
    case 'service.signIn': {
      const { username, password } = args as ParsedArgs<'service.signIn'>;
      const signed = await reach(() => signInToService(ctx.client, username, password));
      await ctx.setSession(signed.sessionId);
      return { ...signed.identity, transport: 'http', expiresAt: signed.expiresAt };
    }
    case 'service.signOut': {
      const session = ctx.session();
      if (session) await reach(() => ctx.client.post('/auth/sign-out', {}, session)).catch(() => undefined);
      await ctx.setSession(null);
      return { signedOut: true };
    }
    default:
      throw new ApiFailure('unknown_command', `${name} is not a command of this desktop`);
  }
}
