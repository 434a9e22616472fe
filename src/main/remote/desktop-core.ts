/**
 * What the desktop runs behind its window: its own engine and database (createApp), or, once Settings
 * connected it to a shared service, the remote console (no engine, no database). Both answer the same
 * console commands and push the same events, so the IPC transport and the renderer do not know which.
 * Used by the Electron host and by the end-to-end host that drives the same renderer in Chromium.
 */
import type { Envelope } from '../../shared/api-error';
import { createApp, type ClearpostApp, type SandboxChoice } from '../app';
import type { Caller } from '../api/dispatcher';
import type { EventBus } from '../lib/event-bus';
import { createLogger, type Logger } from '../logger';
import { ensurePrivateDir } from '../owner-only';
import { dataLayout } from '../paths';
import type { RestartControl } from '../settings/restart-control';
import { loadSettings } from '../settings/settings-store';
import type { Vault } from '../vault/vault';
import { startRemoteConsole, type RemoteConsoleOptions } from './remote-console';

export interface DesktopCore {
  readonly kind: 'local' | 'remote';
  readonly dispatch: (name: string, args: unknown, caller: Caller) => Promise<Envelope<unknown>>;
  readonly bus: EventBus;
  readonly restart: RestartControl;
  readonly logger: Logger;
  /** The local engine's database recovery, to show once. */
  readonly recovery: ClearpostApp['recovery'] | null;
  close(): Promise<void>;
}

export interface DesktopCoreOptions {
  readonly dataDir: string;
  readonly sandbox: SandboxChoice | false;
  readonly vault: Vault;
  readonly desktopNotify?: (title: string, body: string) => void;
  /** Tests: how the remote console retries and times out. */
  readonly remote?: Pick<RemoteConsoleOptions, 'retryMs' | 'timeoutMs' | 'timeZone'>;
}

/** The service this data folder's settings connect to, or null (also when the settings are unreadable:
 *  createApp then reports them with its own words). */
function connectedService(dataDir: string) {
  try {
    return loadSettings(dataLayout(dataDir).settings).service;
  } catch {
    return null;
  }
}

export async function startDesktopCore(options: DesktopCoreOptions): Promise<DesktopCore> {
  const service = connectedService(options.dataDir);
  if (service) {
    const layout = dataLayout(options.dataDir);
    ensurePrivateDir(layout.logs);
    const logger = createLogger(layout.logFile).child({ scope: 'remote' });
    const remote = await startRemoteConsole({
      dataDir: options.dataDir,
      service,
      vault: options.vault,
      logger,
      ...options.remote,
    });
    logger.info({ service: service.url }, 'desktop started as a console of a Clearpost service');
    return {
      kind: 'remote',
      dispatch: (name, args) => remote.dispatch(name, args),
      bus: remote.bus,
      restart: remote.restart,
      logger,
      recovery: null,
      close: () => remote.close(),
    };
  }
  const app = await createApp({
    dataDir: options.dataDir,
    sandbox: options.sandbox,
    mode: 'desktop',
    vault: options.vault,
    ...(options.desktopNotify ? { desktopNotify: options.desktopNotify } : {}),
  });
  return {
    kind: 'local',
    dispatch: app.dispatch,
    bus: app.bus,
    restart: app.settings.restart,
    logger: app.logger,
    recovery: app.recovery,
    close: () => app.close(),
  };
}
