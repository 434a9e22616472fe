/**
 * Settings → "Connect to a Clearpost service" while this desktop runs its own engine: signs in over the
 * pinned connection (so a wrong address, pin or password is told now, not at the next start), keeps the
 * loopback token and (when asked) the session sealed in the vault, and stores the connection in settings.
 * It takes effect at the next start; "Disconnect" undoes it the same way.
 */
import type { ServiceChange, ServiceStatus } from '../../shared/commands/service';
import type { ParsedArgs } from '../../shared/contract';
import { ApiFailure } from '../api/dispatcher';
import type { ServiceControl } from '../api/handlers/service';
import type { Logger } from '../logger';
import type { SettingsStore } from '../settings/settings-store';
import type { Vault } from '../vault/vault';
import { parseServiceAddress } from './service-address';
import { forgetAll, keepSession, keepToken } from './service-credentials';
import { createServiceClient, PinMismatch, ServiceUnreachable } from './service-client';
import { signInToService } from './service-sign-in';

export function createLocalServiceControl(options: {
  readonly settings: SettingsStore;
  readonly vault: Vault;
  readonly logger: Logger;
}): ServiceControl {
  const { settings, vault, logger } = options;
  const status = (): ServiceStatus => {
    // Local until the next start, which connects to the service named here (if any).
    const pending = settings.get().service;
    return {
      mode: 'local',
      url: pending?.url ?? null,
      fingerprint256: pending?.fingerprint256 ?? null,
      username: pending?.username ?? null,
      signedIn: false,
      offline: null,
    };
  };
  const change = (notice: string | null): ServiceChange => ({
    status: status(),
    restartOffered: settings.restart.offered,
    notice,
  });

  return {
    status,
    async connect(args: ParsedArgs<'service.connect'>) {
      const address = parseServiceAddress(args.url);
      const client = createServiceClient({
        origin: address.origin,
        fingerprint256: args.fingerprint256,
        token: address.token,
      });
      try {
        const signed = await signInToService(client, args.username, args.password).catch((error: unknown) => {
          if (error instanceof PinMismatch) throw new ApiFailure('forbidden', error.message);
          if (error instanceof ServiceUnreachable)
            throw new ApiFailure(
              'unavailable',
              `${error.message}. Check the address and that the service runs.`,
            );
          throw error;
        });
        const who = { origin: address.origin, username: args.username };
        await forgetAll(vault);
        const notices: string[] = [];
        if (address.token) {
          const refused = await keepToken(vault, address.token, who);
          if (refused)
            notices.push(
              `The link's token could not be kept (${refused}); paste the link again after a restart.`,
            );
        }
        let kept = false;
        if (args.keepSession) {
          const refused = await keepSession(vault, signed.sessionId, who);
          if (refused)
            notices.push(`The session could not be kept (${refused}); sign in again after the restart.`);
          kept = refused === null;
        }
        // A session nobody keeps is ended now rather than left to expire on the service.
        if (!kept) await client.post('/auth/sign-out', {}, signed.sessionId).catch(() => undefined);
        settings.save({
          ...settings.get(),
          service: {
            url: `${address.origin}/`,
            fingerprint256: args.fingerprint256,
            username: args.username,
            keepSession: kept,
          },
        });
        logger.info(
          { service: address.origin, actor: signed.identity.actor },
          'connected to a Clearpost service',
        );
        return change(notices.length > 0 ? notices.join(' ') : null);
      } finally {
        client.close();
      }
    },
    async disconnect() {
      settings.save({ ...settings.get(), service: null });
      await forgetAll(vault);
      return change(null);
    },
    restart: () => settings.restart.request(),
  };
}
