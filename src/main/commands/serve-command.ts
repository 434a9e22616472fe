/**
 * `clearpost serve`: checks the exposure (host, TLS), port, metrics token and webhook key before anything is
 * opened, starts the console for browsers, and restarts it in place when Settings asks to apply saved
 * connections. Resolves to 0 once listening; SIGINT/SIGTERM drain the engine, then exit.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveWebhookKey, WEBHOOK_KEY_ENV } from '../intake/cybersource/webhook-key-source';
import type { CliIo } from '../lib/cli-io';
import { startServe, type ServeOptions } from '../serve';
import { decideExposure } from '../serve-exposure';
import { readMetricsToken, serveSettings } from '../serve-settings';
import { createQuitDrain } from '../shutdown';

export interface ServeDefaults {
  readonly dataDir: string;
  /**
   * Where the built console's files are: beside the bundle that runs the command line, so the caller (cli.ts,
   * the bundle's entry) says where, not this file's own location.
   */
  readonly rendererDir: string;
}

export async function serveCommand(
  argv: readonly string[],
  io: CliIo,
  defaults: ServeDefaults,
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'metrics-token-file': { type: 'string' },
      'data-dir': { type: 'string' },
      'ehr-sandbox': { type: 'string', default: 'on' },
      'no-traffic': { type: 'boolean', default: false },
      'webhook-key': { type: 'string' },
      'webhook-key-file': { type: 'string' },
      'webhook-key-id': { type: 'string' },
      'webhook-id': { type: 'string' },
      'webhook-tolerance': { type: 'string' },
    },
    strict: true,
  });
  // Checked before anything is opened: a refused exposure must leave the data folder untouched.
  const exposure = decideExposure({
    host: values.host,
    tlsCertFile: values['tls-cert'],
    tlsKeyFile: values['tls-key'],
  });
  if (!exposure.ok) {
    io.stderr(`clearpost: ${exposure.message}`);
    return 2;
  }
  const dataDir = values['data-dir'] ?? defaults.dataDir;
  const saved = serveSettings(dataDir);
  const port = values.port === undefined ? (saved.port ?? 0) : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr(`clearpost: --port must be a port number, not "${String(values.port)}"`);
    return 2;
  }
  const metricsTokenFile = values['metrics-token-file'] ?? saved.metricsTokenFile;
  const metricsToken = metricsTokenFile === null ? null : readMetricsToken(metricsTokenFile);
  if (metricsToken && !metricsToken.ok) {
    io.stderr(`clearpost: ${metricsToken.message}`);
    return 2;
  }
  const tls = exposure.exposure.tls;
  if (tls && tls.validTo < Date.now())
    io.stderr(`clearpost: warning: the TLS certificate expired on ${new Date(tls.validTo).toISOString()}`);
  if (values['ehr-sandbox'] !== 'on' && values['ehr-sandbox'] !== 'off') {
    io.stderr(`clearpost: --ehr-sandbox is on or off, not "${values['ehr-sandbox']}"`);
    return 2;
  }
  const webhookKey = resolveWebhookKey({
    flag: values['webhook-key'],
    file: values['webhook-key-file'],
    env: process.env,
  });
  if (!webhookKey.ok) {
    io.stderr(`clearpost: ${webhookKey.message}`);
    return 2;
  }
  for (const warning of webhookKey.warnings) io.stderr(`clearpost: warning: ${warning}`);
  const key = webhookKey.key ?? undefined;
  const keyId = values['webhook-key-id'];
  if ((key === undefined) !== (keyId === undefined)) {
    io.stderr(
      `clearpost: --webhook-key-id and the webhook key (--webhook-key-file or ${WEBHOOK_KEY_ENV}) go together`,
    );
    return 2;
  }
  const toleranceText = values['webhook-tolerance'];
  const tolerance =
    toleranceText === undefined
      ? undefined
      : toleranceText === 'off'
        ? ('off' as const)
        : Number(toleranceText) * 60_000;
  if (
    typeof tolerance === 'number' &&
    (!Number.isInteger(tolerance) || tolerance <= 0 || tolerance > 1440 * 60_000)
  ) {
    io.stderr(`clearpost: --webhook-tolerance is minutes (1–1440) or off, not "${String(toleranceText)}"`);
    return 2;
  }
  if (tolerance === 'off')
    io.stderr(
      'clearpost: warning: --webhook-tolerance off: the signature timestamp is not checked, so a captured notification can be replayed at any time',
    );
  const { rendererDir } = defaults;
  const serveOptions: ServeOptions = {
    dataDir,
    port,
    host: exposure.exposure.host,
    tls,
    metricsToken: metricsToken?.token ?? null,
    rendererDir: existsSync(join(rendererDir, 'index.html')) ? rendererDir : null,
    sandbox: values['ehr-sandbox'] === 'on' && { traffic: !values['no-traffic'] },
    // The webhook id is the subscription's, never the key id: it is checked only when given.
    ...(key !== undefined && keyId !== undefined
      ? {
          webhookSubscriptions: [
            {
              key,
              keyId,
              webhookId: values['webhook-id'] ?? null,
              ...(tolerance !== undefined ? { tolerance } : {}),
            },
          ],
        }
      : {}),
  };
  let running = await startServe(serveOptions);
  io.stdout(`Clearpost console: ${running.url}`);
  if (running.fingerprint256) io.stdout(`TLS certificate SHA-256 fingerprint: ${running.fingerprint256}`);
  if (!exposure.exposure.loopback)
    io.stdout('Sign in with a Clearpost account (first supervisor: clearpost accounts create).');
  // Settings → "Restart now": the app restarts in place on the same port with the same link, so saved
  // connections and webhook subscriptions apply without anyone at the server's keyboard.
  const offerRestart = () =>
    running.app.settings.restart.offer(() => {
      // The console's answer to `settings.restart` leaves before the server closes its connections.
      setTimeout(() => void restart(), 250);
    });
  const restart = async () => {
    const { port, token } = running;
    running.app.logger.info('restarting to apply saved settings');
    await running.close();
    try {
      running = await startServe({ ...serveOptions, port, token });
    } catch (error) {
      io.stderr(`clearpost: the restart failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
    offerRestart();
    io.stdout(`Clearpost restarted: ${running.url}`);
  };
  offerRestart();
  if (running.app.recovery) io.stderr(`clearpost: ${running.app.recovery.message}`);
  for (const line of running.app.sandbox?.bannerLines ?? []) io.stdout(line);
  // SIGTERM and SIGINT drain the engine (bounded), then exit 0; a second signal exits at once (shutdown.ts).
  const quit = createQuitDrain({
    close: () => running.close(),
    exit: (code) => process.exit(code),
    logger: () => running.app.logger,
  });
  process.on('SIGINT', () => quit.onSignal('SIGINT'));
  process.on('SIGTERM', () => quit.onSignal('SIGTERM'));
  return 0;
}
