/**
 * The desktop as a console of a shared Clearpost service: no engine and no database here. Every console
 * command the renderer sends over IPC is forwarded to the service's HTTP API over the pinned connection,
 * with this desktop's session; the service's pushed events come back the same way (event-relay.ts). The
 * renderer is the same: only the transport behind `window.api` differs.
 *
 * Where the service cannot be reached, the queue, detail and dashboard reads are answered from the offline
 * copy (offline-copy.ts) and every other command is refused with the offline label.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { Envelope } from '../../shared/api-error';
import type { ServiceStatus } from '../../shared/commands/service';
import { COMMANDS, isCommandName, TABLES, type CommandName } from '../../shared/contract';
import { ApiFailure } from '../api/dispatcher';
import { EventBus } from '../lib/event-bus';
import type { Logger } from '../logger';
import type { Settings } from '../settings/schema';
import { createRestartControl, type RestartControl } from '../settings/restart-control';
import type { Vault } from '../vault/vault';
import { startEventRelay } from './event-relay';
import { offlineLabel } from './offline-label';
import { openOfflineCopy } from './offline-copy';
import { isOfflineRead } from './offline-reads';
import { forgetSession, keepSession, readSession, readToken } from './service-credentials';
import { createServiceClient, PinMismatch, ServiceUnreachable } from './service-client';
import { localServiceCommand } from './remote-service-commands';

export type ServiceSetting = NonNullable<Settings['service']>;

export interface RemoteConsoleOptions {
  readonly dataDir: string;
  readonly service: ServiceSetting;
  readonly vault: Vault;
  readonly logger: Logger;
  readonly now?: () => number;
  /** How often an unreachable service is asked again. */
  readonly retryMs?: number;
  /** Request timeout before the service counts as unreachable. */
  readonly timeoutMs?: number;
  /** The zone of the offline label's time (this computer's when absent). */
  readonly timeZone?: string;
}

export type RemoteDispatch = (name: string, args: unknown) => Promise<Envelope<unknown>>;

export interface RemoteConsole {
  readonly dispatch: RemoteDispatch;
  readonly bus: EventBus;
  readonly restart: RestartControl;
  status(): ServiceStatus;
  close(): Promise<void>;
}

/** The file of the offline copy, in the data folder. */
export const offlineCopyFile = (dataDir: string) => join(dataDir, 'offline-copy.json');

const fail = (code: ApiFailure['code'], message: string): Envelope<never> => ({
  ok: false,
  error: { code, message },
});

export async function startRemoteConsole(options: RemoteConsoleOptions): Promise<RemoteConsole> {
  const { service, vault, logger } = options;
  const now = options.now ?? Date.now;
  const who = { origin: new URL(service.url).origin, username: service.username };
  const token = await readToken(vault, who);
  const client = createServiceClient({
    origin: who.origin,
    fingerprint256: service.fingerprint256,
    token,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const copy = openOfflineCopy(offlineCopyFile(options.dataDir), who.origin, logger);
  const bus = new EventBus();
  const restart = createRestartControl();
  let session: string | null = service.keepSession ? await readSession(vault, who) : null;
  // null: not asked yet (the first answer decides); the label needs a state only once offline.
  let online: boolean | null = null;
  let pinError: string | null = null;

  const status = (): ServiceStatus => ({
    mode: 'remote',
    url: who.origin,
    fingerprint256: service.fingerprint256,
    username: service.username,
    signedIn: session !== null,
    offline:
      online === false
        ? { syncedAt: copy.syncedAt(), label: offlineLabel(copy.syncedAt(), options.timeZone) }
        : null,
  });
  const announce = () => bus.emit('service.status', status());
  const reached = () => {
    copy.touch(now());
    if (online === true) return;
    const wasOffline = online === false;
    online = true;
    pinError = null;
    logger.info({ service: who.origin }, 'service reached');
    announce();
    // Back from offline: every screen asks again for what it shows.
    if (wasOffline) bus.changed(...TABLES);
  };
  const unreachable = () => {
    if (online === false) return;
    online = false;
    logger.warn({ service: who.origin }, 'service unreachable: showing the offline copy');
    announce();
  };
  const sessionEnded = async () => {
    session = null;
    await forgetSession(vault);
    announce();
  };
  const setSession = async (id: string | null) => {
    session = id;
    if (id && service.keepSession) {
      const refused = await keepSession(vault, id, who);
      if (refused) logger.warn({ reason: refused }, 'service session not kept');
    }
    if (!id) await forgetSession(vault);
    announce();
  };

  const offlineAnswer = (name: CommandName, args: unknown): Envelope<unknown> => {
    const label = offlineLabel(copy.syncedAt(), options.timeZone);
    if (!isOfflineRead(name)) return fail('unavailable', label);
    const kept = copy.read(name, args);
    if (!kept)
      return fail('unavailable', `${label}. This page was not open before the service went offline.`);
    return { ok: true, result: kept.result };
  };

  const forward = async (name: CommandName, args: unknown): Promise<Envelope<unknown>> => {
    if (pinError) return fail('unavailable', pinError);
    if (online === false) return offlineAnswer(name, args);
    if (!session) return fail('unauthorized', 'sign-in: Sign in to the Clearpost service');
    try {
      const answer = await client.post(`/api/${encodeURIComponent(name)}`, args ?? {}, session);
      reached();
      if (answer.ok && isOfflineRead(name)) copy.record(name, args, answer.result, now());
      if (!answer.ok && answer.error.code === 'unauthorized') await sessionEnded();
      return answer;
    } catch (error) {
      if (error instanceof PinMismatch) {
        pinError = error.message;
        announce();
        return fail('unavailable', error.message);
      }
      if (error instanceof ServiceUnreachable) {
        unreachable();
        // An action the service may have received before it stopped answering: say so, never "not done".
        if (error.maybeDelivered && !isOfflineRead(name)) {
          const label = offlineLabel(copy.syncedAt(), options.timeZone);
          return fail(
            'unavailable',
            `${label}. The service stopped answering during this action: check whether it was done once the service is back.`,
          );
        }
        return offlineAnswer(name, args);
      }
      throw error;
    }
  };

  // Whether the service answers decides, before the first window asks, between its state and the copy.
  try {
    const answer = await client.post('/auth/state', {}, null);
    if (answer.ok) reached();
  } catch (error) {
    if (error instanceof PinMismatch) pinError = error.message;
    else if (error instanceof ServiceUnreachable) unreachable();
    else throw error;
  }

  const stopRelay = startEventRelay({
    client,
    bus,
    logger,
    retryMs: options.retryMs ?? 5_000,
    state: {
      session: () => session,
      reached,
      unreachable,
      sessionEnded: () => void sessionEnded(),
      pinRefused: (error) => {
        pinError = error.message;
        announce();
      },
    },
  });

  const dispatch: RemoteDispatch = async (name, rawArgs) => {
    if (!isCommandName(name)) return fail('unknown_command', `Unknown command "${name.slice(0, 80)}"`);
    // Invalid arguments are refused here as the service would; they never cross the network.
    const parsed = COMMANDS[name].args.safeParse(rawArgs ?? {});
    if (!parsed.success) return fail('invalid_arguments', z.prettifyError(parsed.error));
    try {
      if (name.startsWith('service.')) {
        return {
          ok: true,
          result: await localServiceCommand(name, parsed.data, {
            client,
            vault,
            dataDir: options.dataDir,
            who,
            status,
            restart,
            setSession,
            session: () => session,
          }),
        };
      }
      // Forward what the renderer sent (defaults are the service's to fill).
      return await forward(name, rawArgs ?? {});
    } catch (error) {
      if (error instanceof ApiFailure) return fail(error.code, error.message);
      logger.error({ err: error, command: name }, 'remote command failed');
      return fail('internal', `${name} failed unexpectedly; the details are in the Clearpost log.`);
    }
  };

  return {
    dispatch,
    bus,
    restart,
    status,
    close: () => {
      stopRelay();
      client.close();
      return Promise.resolve();
    },
  };
}
