/** Serve mode: the console in a browser, for machines without a display. */
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions, type ClearpostApp, type SandboxChoice } from './app';
import { reportDownloads } from './api/file-download';
import { createConsoleServer } from './api/http-transport';
import type { WebhookSubscription } from './intake/cybersource/signature';
import { systemClock } from './clock';
import { newToken } from './security/token';

export interface ServeOptions {
  readonly dataDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Loopback unless deliberately configured otherwise. */
  readonly host?: string;
  readonly rendererDir: string | null;
  readonly token?: string;
  /** The built-in EHR sandbox (on unless real connections are configured). */
  readonly sandbox: SandboxChoice | false;
  readonly webhookSubscriptions?: readonly WebhookSubscription[];
  /** EHR connections given by the caller (tests point them at simulators they started). */
  readonly connections?: AppOptions['connections'];
  /** Engine tuning (tests shorten the lease and the poll). */
  readonly engine?: AppOptions['engine'];
  /** How often event streams are pinged and their sessions checked (tests lengthen it). */
  readonly heartbeatMs?: number;
}

export interface RunningServe {
  readonly app: ClearpostApp;
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const app = await createApp({
    dataDir: options.dataDir,
    mode: 'serve',
    sandbox: options.sandbox,
    ...(options.webhookSubscriptions ? { webhookSubscriptions: options.webhookSubscriptions } : {}),
    ...(options.connections ? { connections: options.connections } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
  });
  const token = options.token ?? newToken();
  const host = options.host ?? '127.0.0.1';
  const server = createConsoleServer({
    dispatch: app.dispatch,
    bus: app.bus,
    token,
    rendererDir: options.rendererDir,
    logger: app.logger.child({ scope: 'serve' }),
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
    auth: app.trust.httpAuth,
    downloads: reportDownloads(
      () => app.reports.outDir,
      app.repos.audit,
      () => systemClock.now(),
    ),
    webhook: (body, headers) => app.intake.webhook(body, headers),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => resolve());
    });
  } catch (error) {
    await app.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  app.logger.info({ port }, 'serve mode listening');
  return {
    app,
    port,
    token,
    url: `http://127.0.0.1:${String(port)}/?token=${token}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
