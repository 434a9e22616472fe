/**
 * Serve mode: the console in a browser, for machines without a display, and the team's shared service:
 * on loopback behind the printed link's token, or on the hospital's network over TLS with account sign-in
 * (serve-exposure.ts), with `/metrics` and `/healthz` for the IT team's monitoring.
 */
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { createApp, type AppOptions, type ClearpostApp, type SandboxChoice } from './app';
import { reportDownloads } from './api/file-download';
import { createConsoleServer } from './api/http-transport';
import type { SignInThrottle } from './api/http-sign-in-throttle';
import type { WebhookSubscription } from './intake/cybersource/signature';
import { systemClock } from './clock';
import { createServiceMetrics } from './monitoring/service-metrics';
import { serviceHealthy } from './monitoring/service-health';
import { storeReadings } from './monitoring/store-readings';
import type { TlsMaterial } from './serve-exposure';
import { isLoopbackHost } from './serve-exposure';
import { newToken } from './security/token';

export interface ServeOptions {
  readonly dataDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Loopback unless deliberately configured otherwise; any other address needs `tls`. */
  readonly host?: string;
  /** The certificate and key to answer HTTPS with (serve-exposure.ts reads and checks them). */
  readonly tls?: TlsMaterial | null;
  readonly rendererDir: string | null;
  readonly token?: string;
  /** The read-only bearer token of `GET /metrics`; without it the console's own sign-in reads them. */
  readonly metricsToken?: string | null;
  /** The built-in EHR sandbox (on unless real connections are configured). */
  readonly sandbox: SandboxChoice | false;
  readonly webhookSubscriptions?: readonly WebhookSubscription[];
  /** EHR connections given by the caller (tests point them at simulators they started). */
  readonly connections?: AppOptions['connections'];
  /** Engine tuning (tests shorten the lease and the poll). */
  readonly engine?: AppOptions['engine'];
  /** How often event streams are pinged and their sessions checked (tests lengthen it). */
  readonly heartbeatMs?: number;
  /** Sign-in attempts per address (http-sign-in-throttle.ts); by default on the network only. */
  readonly signInThrottle?: SignInThrottle | null;
}

export interface RunningServe {
  readonly app: ClearpostApp;
  /** What to open: on loopback it carries the token; off loopback it does not (accounts sign in). */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The certificate's SHA-256 fingerprint when serving TLS, for consoles to pin. */
  readonly fingerprint256: string | null;
  close(): Promise<void>;
}

export class ServeRefused extends Error {}

export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  const tls = options.tls ?? null;
  // The command line refuses this with its own words first (serve-exposure.ts); this guards every other host.
  if (!loopback && !tls)
    throw new ServeRefused(`refusing to serve plain HTTP on ${host}: give a TLS certificate`);
  const app = await createApp({
    dataDir: options.dataDir,
    mode: 'serve',
    sandbox: options.sandbox,
    ...(options.webhookSubscriptions ? { webhookSubscriptions: options.webhookSubscriptions } : {}),
    ...(options.connections ? { connections: options.connections } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
  });
  const token = options.token ?? newToken();
  const readings = storeReadings(app.store.db);
  const engineStatus = () => app.engine.status();
  const metrics = createServiceMetrics({
    readings,
    engineStatus,
    health: () => app.health.status(),
    dataDir: app.layout.dataDir,
    clock: systemClock,
  });
  const server = createConsoleServer({
    dispatch: app.dispatch,
    bus: app.bus,
    token,
    rendererDir: options.rendererDir,
    logger: app.logger.child({ scope: 'serve' }),
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.signInThrottle !== undefined ? { signInThrottle: options.signInThrottle } : {}),
    auth: app.trust.httpAuth,
    downloads: reportDownloads(
      () => app.reports.outDir,
      app.repos.audit,
      () => systemClock.now(),
    ),
    webhook: (body, headers) => app.intake.webhook(body, headers),
    exposure: { loopback, tls: tls ? { cert: tls.cert, key: tls.key } : null },
    monitoring: {
      metrics,
      metricsToken: options.metricsToken ?? null,
      healthy: () => serviceHealthy(readings, engineStatus),
      webhookAnswered: (outcome, ok) => metrics.webhookAnswered(outcome, ok),
    },
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
  app.logger.info({ host, port, tls: tls !== null }, 'serve mode listening');
  const origin = `${tls ? 'https' : 'http'}://${urlHost(host)}:${String(port)}`;
  return {
    app,
    port,
    token,
    fingerprint256: tls?.fingerprint256 ?? null,
    url: loopback ? `${origin}/?token=${token}` : `${origin}/`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}

/**
 * The host of the printed address: this computer's name for a wildcard address (every interface), and an
 * IPv6 address in brackets (RFC 3986 section 3.2.2).
 */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return hostname();
  return host.includes(':') ? `[${host}]` : host;
}
