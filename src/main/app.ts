/**
 * Composition root: data folder -> logger -> store -> repositories -> API. Used by the Electron host,
 * by serve mode, by the command line and by tests alike; it never imports `electron`.
 */
import type { AppInfo, EngineStatus } from '../shared/contract';
import packageJson from '../../package.json';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { EventBus } from './api/event-bus';
import { createHandlers } from './api/handlers';
import { systemClock, type Clock } from './clock';
import { createLogger, type Logger } from './logger';
import { dataLayout, type DataLayout } from './paths';
import { openStore, type OpenStore } from './store/open';
import { createRepositories, type Repositories } from './store/repositories';

export interface AppOptions {
  readonly dataDir: string;
  readonly mode: AppInfo['mode'];
  readonly clock?: Clock;
  /** Defaults to a log file under the data folder; tests pass a silent one. */
  readonly logger?: Logger;
}

export interface ClearpostApp {
  readonly info: AppInfo;
  readonly layout: DataLayout;
  readonly store: OpenStore;
  readonly repos: Repositories;
  readonly bus: EventBus;
  readonly dispatch: Dispatch;
  readonly logger: Logger;
  close(): Promise<void>;
}

export function createApp(options: AppOptions): ClearpostApp {
  const clock = options.clock ?? systemClock;
  const layout = dataLayout(options.dataDir);
  const logger = options.logger ?? createLogger(layout.logFile);
  const store = openStore(layout.database, { backupDir: layout.backups });
  if (store.migration?.applied.length) {
    logger.info({ migration: store.migration }, 'database migrated');
  }
  const repos = createRepositories(store.db);
  const bus = new EventBus();
  const info: AppInfo = {
    name: 'Clearpost',
    version: packageJson.version,
    mode: options.mode,
    dataDir: layout.dataDir,
    databasePath: layout.database,
    schemaVersion: store.schemaVersion,
    startedAt: clock.now(),
  };
  // The posting engine arrives with its own issue; until then the console reports it stopped.
  const engineStatus = (): EngineStatus => ({
    state: 'stopped',
    connections: [],
    inFlight: 0,
    updatedAt: clock.now(),
  });
  const dispatch = createDispatcher(
    createHandlers({ db: store.db, repos, bus, clock, info, engineStatus }),
    logger,
  );

  return {
    info,
    layout,
    store,
    repos,
    bus,
    dispatch,
    logger,
    async close() {
      store.db.close();
      await new Promise<void>((resolve) => {
        logger.flush(() => resolve());
      });
    },
  };
}
