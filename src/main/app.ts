/**
 * Composition root: data folder -> logger -> store (integrity-checked, recovered from a snapshot if damaged)
 * -> settings + vault -> sandbox (only on a folder that has never held real payments or real connections, on
 * a database of its own) -> connectors -> engine -> API.
 * Used by the Electron host, by serve mode, by the command line and by tests alike; it never imports
 * `electron`.
 */
import type { AppInfo } from '../shared/contract';
import packageJson from '../../package.json';
import { createDispatcher } from './api/dispatcher';
import { EventBus } from './lib/event-bus';
import { createHandlers } from './api/handlers';
import { createLocalServiceControl } from './remote/local-service-control';
import { systemClock, type Clock } from './clock';
import { PostingEngine } from './engine/engine';
import { operatorActions } from './engine/operator-actions';
import { watchWaitingCases } from './reconciliation/funding/link-waiting';
import { createAppBackfill } from './app-backfill';
import { createImportJobs } from './intake/import-jobs';
import { createIntakeService } from './intake/intake-service';
import { createFileLogger, createLogger } from './logger';
import { liveNotifications } from './notifications/live-notifications';
import { startNotifications } from './notifications/notifications';
import { dataLayout, type DataLayout } from './paths';
import { ResourceHealth } from './resource-health';
import { DEFAULT_ROTATION } from './rotating-file';
import { setupReports } from './reconciliation/setup-reports';
import { sandboxInfo, startAppSandbox } from './app-sandbox';
import type { AppOptions, ClearpostApp } from './app-options';
import { auditRecoveryRecorder } from './audit/recovery-anchor';
import { sandboxFilesDir, sandboxGate, sandboxLayout } from './sandbox/sandbox-gate';
import { diskFullAt } from './store/disk-full';
import { StoreError } from './store/store-error';
import { checkpointInBackground } from './store/background-checkpoint';
import { lockEngine, type EngineLock } from './store/engine-lock';
import { openOrRecover } from './store/open-or-recover';
import { createRepositories } from './store/repositories';
import { dataFolderRoleRepository } from './store/repositories/data-folder-role';
import { followSettings, liveFacilityZones, liveRouting } from './settings/live-settings';
import { resolveMail } from './settings/resolve-mail';
import { loadSettings } from './settings/settings-store';
import { mergeSubscriptions } from './settings/webhook-overrides';
import { setupTrust } from './trust/setup-trust';

import { engineConnectionsFor } from './app-engine-connections';

export type { AppOptions, ClearpostApp, SandboxChoice } from './app-options';

/**
 * Starts the app. A start that fails because the disk is full says so in one sentence naming the folder
 * (the hosts print a StoreError's message as it is, without a stack); the trace goes to the log when the
 * log can be written.
 */
export async function createApp(options: AppOptions): Promise<ClearpostApp> {
  const clock = options.clock ?? systemClock;
  const layout = dataLayout(options.dataDir);
  // One engine per data folder (store/engine-lock.ts): taken before anything else is opened, so a second
  // instance is refused before it migrates, recovers or posts anything. Command-line writers run no engine.
  const runsEngine = options.engine?.autoStart !== false;
  let lock: EngineLock | null = null;
  try {
    lock = runsEngine ? lockEngine(layout.dataDir, options.mode, clock.now()) : null;
    return await assemble(options, clock, layout, lock);
  } catch (error) {
    lock?.release();
    if (!diskFullAt(error, layout.dataDir)) throw error;
    const logger = options.logger ?? createLogger(layout.logFile);
    logger.error({ err: error }, 'start-up failed: the disk is full');
    throw new StoreError(
      'disk_full',
      `The disk holding Clearpost's data folder ${layout.dataDir} is full: free space on it, then start Clearpost again.`,
    );
  }
}

async function assemble(
  options: AppOptions,
  clock: Clock,
  folder: DataLayout,
  lock: EngineLock | null,
): Promise<ClearpostApp> {
  // The sandbox is decided before any database is opened for writing: it runs only on a folder that has never
  // held a real payment or a real connection, and on a database of its own (architecture principle 10).
  const saved = loadSettings(folder.settings);
  const gate = sandboxGate({
    layout: folder,
    requested: Boolean(options.sandbox),
    real: {
      connections: (options.connections ?? saved.connections).length,
      // A configured Cybersource reporting account is a real processor connection too.
      webhookSubscriptions:
        (options.webhookSubscriptions ?? []).length +
        saved.webhooks.length +
        (saved.cybersourceReporting ? 1 : 0),
    },
  });
  const sandboxed = gate.database === 'sandbox';
  const layout = sandboxed ? sandboxLayout(folder) : folder;
  const filesDir = sandboxed ? sandboxFilesDir(folder) : folder.dataDir;
  // The log file's health is read by `app.health`; `health` exists once the event bus does.
  let health: ResourceHealth | null = null;
  const fileLogger = options.logger
    ? null
    : createFileLogger(layout.logFile, 'info', DEFAULT_ROTATION, { onChange: () => health?.logChanged() });
  const logger = options.logger ?? fileLogger?.logger ?? createLogger(null);
  const store = openOrRecover(
    layout.database,
    { backupDir: layout.backups, recorder: auditRecoveryRecorder(layout.auditHead) },
    clock.now(),
  );
  // A large database that closed cleanly is checked on a worker after start-up; damage found there is
  // recovered from the last snapshot at the next start (open-or-recover.ts), so say so now.
  void store.integrity.background?.then((verdict) => {
    if (verdict.state === 'damaged')
      logger.error(
        { reason: verdict.reason },
        'database damage found: restart Clearpost to restore the last good snapshot',
      );
    else if (verdict.state === 'not_checked')
      logger.warn({ reason: verdict.reason }, 'background integrity check did not run');
  });
  if (store.recovery) logger.error({ recovery: store.recovery }, store.recovery.message);
  if (store.migration?.applied.length) logger.info({ migration: store.migration }, 'database migrated');
  const repos = createRepositories(store.db);
  // Written once and never undone: deleting settings.json cannot turn this folder back into a sandbox.
  const role = dataFolderRoleRepository(store.db);
  if (sandboxed) role.mark('sandbox', 'sandbox_database', clock.now());
  else if ((options.connections ?? saved.connections).length > 0)
    role.mark('production', 'real_connection', clock.now());
  else if (
    (options.webhookSubscriptions ?? []).length + saved.webhooks.length > 0 ||
    saved.cybersourceReporting !== null
  )
    role.mark('production', 'webhook_subscription', clock.now());
  const bus = new EventBus();
  const resources = new ResourceHealth({
    clock,
    folder: layout.dataDir,
    log: fileLogger ? { file: layout.logFile, health: () => fileLogger.file.health() } : null,
    publish: (status) => bus.emit('app.health', status),
  });
  health = resources;
  const longRunning = options.mode === 'desktop' || options.mode === 'serve';
  const checkpoints =
    (options.backgroundCheckpoints ?? longRunning) ? checkpointInBackground(store.db, { logger }) : null;
  const trust = await setupTrust({
    db: store.db,
    repos,
    layout,
    clock,
    logger,
    recovery: store.recovery,
    ...(options.vault ? { vault: options.vault } : {}),
    ...(options.webhookSubscriptions ? { webhookSubscriptions: options.webhookSubscriptions } : {}),
  });
  // Long-running hosts make the message-encryption key at start, so Settings and `clearpost mle-key` show
  // the key to register before the first notification; other hosts make it on first use.
  if (longRunning) await trust.mle.ensure();
  // Configured connections (or a folder that has held real payments) keep the sandbox off, so its synthetic
  // traffic can never reach a real EHR nor share the production database.
  const configured = options.connections ? [] : await trust.connections();
  if (gate.database === 'production' && gate.sandboxOff) logger.info(gate.sandboxOff);
  const sandboxChoice = sandboxed ? options.sandbox : false;

  // Sandbox traffic starts with a burst before the engine exists: held until the engine can take it.
  const sandboxStart = sandboxChoice
    ? await startAppSandbox(sandboxChoice, { dataDir: folder.dataDir, mode: options.mode, clock, logger })
    : null;
  const sandbox = sandboxStart?.sandbox ?? null;
  const connectionInputs =
    options.connections ?? (configured.length > 0 ? configured : (sandbox?.connections ?? []));
  // Only the running sandbox's own connections may take synthetic payments (engine/admission.ts).
  const sandboxIds = new Set(
    !options.connections && configured.length === 0 ? (sandbox?.connections ?? []).map((c) => c.id) : [],
  );
  const engineConnections = engineConnectionsFor(connectionInputs, sandboxIds, {
    clock,
    logger,
    engine: options.engine,
  });
  // Read at every use, so a saved routing table routes the next payment and shapes the next daily file.
  const routing = options.routing ?? liveRouting(() => trust.settings.get().routing);
  const engine = new PostingEngine({
    db: store.db,
    repos,
    bus,
    clock,
    logger: logger.child({ scope: 'engine' }),
    connections: engineConnections,
    exclusive: lock !== null,
    routing,
    ...(options.engine?.pollMs !== undefined ? { pollMs: options.engine.pollMs } : {}),
    ...(options.engine?.leaseMs !== undefined ? { leaseMs: options.engine.leaseMs } : {}),
  });

  const info: AppInfo = {
    name: 'Clearpost',
    version: packageJson.version,
    mode: options.mode,
    dataDir: layout.dataDir,
    databasePath: layout.database,
    schemaVersion: store.schemaVersion,
    startedAt: clock.now(),
    sandbox: sandbox && sandboxChoice ? sandboxInfo(sandbox, sandboxChoice.traffic) : null,
  };
  const windows = new Map(engineConnections.map((c) => [c.connector.connectionId, c.policy.windowMs]));
  const actions = operatorActions({
    db: store.db,
    repos,
    bus,
    clock,
    windowMsFor: (id) => windows.get(id) ?? 24 * 3_600_000,
    wake: () => engine.wake(),
  });
  const { context: reports, scheduler } = setupReports({
    db: store.db,
    repos,
    clock,
    logger,
    dataDir: filesDir,
    ehrLedger: sandbox
      ? () => [...sandbox.oracle.ledger.postings(), ...sandbox.epic.ledger.postings()]
      : null,
    longRunning,
    routing,
    // The schedule exists whenever the app runs long, so turning it on in settings needs no restart.
    options: options.reports ?? {
      ...trust.reports(longRunning),
      // A saved facility time zone moves "the day" of that facility's reports from the next one on.
      zones: liveFacilityZones(() => trust.settings.get()),
      ...(longRunning ? { schedule: { at: trust.settings.get().schedules.reports.at } } : {}),
    },
  });
  const dispatch = createDispatcher(
    createHandlers({
      db: store.db,
      repos,
      bus,
      clock,
      info,
      engineStatus: () => engine.status(),
      health: () => resources.status(),
      actions,
      reports,
      trust: trust.context,
      imports: createImportJobs({
        dataDir: filesDir,
        clock,
        // `intake` is created below; imports only start once the app is running.
        importFile: (path, importOptions) => intake.importFile(path, importOptions),
        onError: (err: unknown, fileName) => logger.warn({ err, fileName }, 'console file import failed'),
      }),
      // Only the desktop becomes a console of a shared service (serve mode is the service).
      ...(options.mode === 'desktop'
        ? {
            service: createLocalServiceControl({
              settings: trust.settings,
              vault: trust.context.vault,
              logger,
            }),
          }
        : {}),
    }),
    logger,
    trust.access,
  );

  // Settings are the source of webhook subscriptions; `serve --webhook-*` overrides by key id.
  const merged = mergeSubscriptions(await trust.webhookSubscriptions(), options.webhookSubscriptions ?? []);
  if (merged.overridden.length > 0)
    logger.warn({ keyIds: merged.overridden }, 'command-line webhook subscriptions replace saved ones');
  const intake = createIntakeService({
    db: store.db,
    repos,
    clock,
    logger,
    bus,
    wake: () => engine.wake(),
    zoneFor: (facility) => reports.service.zones.zoneFor(facility),
    storage: { full: () => resources.diskFull(), wrote: () => resources.wrote() },
    mle: trust.mle,
    subscriptions: [
      ...merged.subscriptions,
      ...(sandboxStart?.subscription ? [sandboxStart.subscription] : []),
    ],
  });
  const { backfill, scheduler: backfillScheduler } = createAppBackfill({
    db: store.db,
    repos,
    clock,
    logger,
    bus,
    filesDir,
    importFile: (path, importOptions) => intake.importFile(path, importOptions),
    wake: () => engine.wake(),
    sandboxSource: sandboxed
      ? () =>
          sandboxStart?.backfillSource() ?? {
            ok: false,
            reason: 'The sandbox is not running, so its processor has no reports to backfill.',
          }
      : null,
    settings: () => trust.settings.get(),
    vault: trust.vault,
    longRunning,
  });

  if (options.engine?.autoStart !== false) await engine.start();
  scheduler?.start();
  backfillScheduler?.start();
  // Chargebacks and returns that came before their payment link up when intake stores it (link-waiting.ts).
  watchWaitingCases(bus, { db: store.db, repos, clock, logger, wake: () => engine.wake() });
  const desktop = options.desktopNotify ? { desktop: options.desktopNotify } : {};
  const fixedNotifications = options.notifications
    ? startNotifications({ db: store.db, bus, engine, clock, logger, ...options.notifications })
    : null;
  // Otherwise email follows the saved settings (and the SMTP password in the vault) while the app runs.
  const notifications =
    !options.notifications && longRunning
      ? liveNotifications({
          db: store.db,
          bus,
          engine,
          clock,
          logger,
          ...desktop,
          mail: () => resolveMail(trust.settings.get(), trust.vault),
        })
      : null;
  await notifications?.apply();
  // The chain head is checked (and copied) at start, then every few minutes while running.
  trust.anchor.flush();
  if (longRunning) trust.start();
  // Report schedule, email and the audit head's cadence follow every save (options given by tests stay).
  const following = followSettings({
    settings: trust.settings,
    logger,
    scheduler: options.reports ? null : scheduler,
    notifications,
    anchor: longRunning ? trust.anchor : null,
  });
  // The sandbox processor's payments arrive as signed, encrypted webhooks through intake, like a
  // processor's; its cash and checks as canonical events through intake too.
  const webhooks = sandboxStart ? await sandboxStart.deliverTo(intake, trust.mle) : null;
  // Its processor funds and its bank deposits what it took, so the Cash screen has a loop on the first day.
  const sandboxCash = sandboxStart?.cashInto({ db: store.db, repos, clock }) ?? null;

  return {
    info,
    layout,
    store,
    repos,
    bus,
    dispatch,
    logger,
    engine,
    sandbox,
    sandboxDeliveriesIdle: () => webhooks?.idle() ?? Promise.resolve(),
    intake,
    backfill,
    reports,
    scheduler,
    get notifications() {
      return fixedNotifications ?? notifications?.current ?? null;
    },
    settings: trust.settings,
    vault: trust.vault,
    trust,
    recovery: store.recovery,
    health: resources,
    async close() {
      sandboxCash?.stop();
      sandbox?.traffic?.stop();
      await webhooks?.idle();
      await intake.drain();
      following.stop();
      await scheduler?.stop();
      await backfillScheduler?.stop();
      await fixedNotifications?.stop();
      await notifications?.stop();
      await engine.stop();
      for (const c of engineConnections) c.connector.close();
      await sandbox?.stop();
      trust.close();
      // A check still reading the file would keep SQLite from removing the -wal at close.
      await store.integrity.stop();
      await checkpoints?.stop();
      store.db.close();
      lock?.release();
      await new Promise<void>((resolve) => {
        logger.flush(() => resolve());
      });
    },
  };
}
