import type { Database } from 'better-sqlite3';
import type { AppHealth, AppInfo, EngineStatus } from '../../../shared/contract';
import type { Clock } from '../../clock';
import type { OperatorActions } from '../../engine/operator-actions';
import type { ReportsContext } from '../../reconciliation/reports-context';
import type { ImportJobs } from '../../intake/import-jobs';
import type { Repositories } from '../../store/repositories';
import type { EventBus } from '../../lib/event-bus';
import type { ServiceControl } from './service';
import type { TrustContext } from './trust-context';

/** What handlers may use: injected, so every handler runs in plain Node under test. */
export interface HandlerContext {
  readonly db: Database;
  readonly repos: Repositories;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly info: AppInfo;
  readonly engineStatus: () => EngineStatus;
  /** The data disk and the log file; absent where the app was built without them (all well). */
  readonly health?: () => AppHealth;
  readonly actions: OperatorActions;
  /** Reports and balancing; absent where the app was built without them. */
  readonly reports?: ReportsContext;
  /** Settings, vault, accounts, audit verification and backups; absent where the app was built without them. */
  readonly trust?: TrustContext;
  /** Console file imports in the background; absent where the app was built without intake. */
  readonly imports?: ImportJobs;
  /** The desktop's connection to a shared service; absent in serve mode (it is the service) and tests. */
  readonly service?: ServiceControl;
}
