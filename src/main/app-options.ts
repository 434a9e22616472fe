/** What `createApp` takes and what it gives: the options every host passes, and the running app. */
import type { RecoveryNotice } from '../shared/commands/backups';
import type { AppInfo } from '../shared/contract';
import type { Dispatch } from './api/dispatcher';
import type { Clock } from './clock';
import type { EhrConnectionInput } from './connectors/ehr';
import type { EngineConnection, PostingEngine } from './engine/engine';
import type { RoutingTable } from './engine/routing';
import type { BackfillService } from './intake/backfill/backfill-service';
import type { WebhookSubscription } from './intake/cybersource/signature';
import type { IntakeService } from './intake/intake-service';
import type { EventBus } from './lib/event-bus';
import type { Logger } from './logger';
import type { MailSettingsInput } from './notifications/mail-settings';
import type { Notifications } from './notifications/notifications';
import type { DataLayout } from './paths';
import type { ReportScheduler } from './reconciliation/report-scheduler';
import type { ReportsContext } from './reconciliation/reports-context';
import type { ReportsOptions } from './reconciliation/setup-reports';
import type { ResourceHealth } from './resource-health';
import type { RunningSandbox } from './sandbox';
import type { SettingsStore } from './settings/settings-store';
import type { OpenStore } from './store/open';
import type { Repositories } from './store/repositories';
import type { Trust } from './trust/setup-trust';
import type { Vault } from './vault/vault';

export interface SandboxChoice {
  /** Synthetic processor traffic flowing into the engine. */
  readonly traffic: boolean;
  readonly ratePerMinute?: number;
  /** Share of notifications lost on the way (backfill brings them in); desktop and serve lose 5 %. */
  readonly dropRate?: number;
}

export interface AppOptions {
  readonly dataDir: string;
  readonly mode: AppInfo['mode'];
  /** WAL checkpoints on a worker thread (store/background-checkpoint.ts); on by default for desktop and serve. */
  readonly backgroundCheckpoints?: boolean;
  readonly clock?: Clock;
  /** Defaults to a log file under the data folder; tests pass a silent one. */
  readonly logger?: Logger;
  /** The built-in sandbox: simulated Epic and Oracle Health on loopback. Off unless asked for. */
  readonly sandbox?: SandboxChoice | false;
  /** EHR connections; when omitted and the sandbox runs, its connections. */
  readonly connections?: readonly EhrConnectionInput[];
  readonly routing?: RoutingTable;
  /** Cybersource webhook subscriptions (from the vault, or `serve --webhook-key`). */
  readonly webhookSubscriptions?: readonly WebhookSubscription[];
  /** The credential vault; the desktop passes its safeStorage vault, otherwise a key file or passphrase one. */
  readonly vault?: Vault;
  /** Engine tuning for tests and benchmarks. */
  readonly engine?: {
    readonly pollMs?: number;
    readonly leaseMs?: number;
    readonly autoStart?: boolean;
    readonly backoff?: { readonly backoffBaseMs: number; readonly backoffMaxMs: number };
    readonly endpoint?: Partial<Pick<EngineConnection, 'concurrency' | 'ratePerSecond' | 'breaker'>>;
  };
  /** Facility time zones, the reports folder and the daily schedule (on by default in desktop and serve). */
  readonly reports?: ReportsOptions;
  /** Shows an OS notification (the Electron host passes one) beside the email of failures and incidents. */
  readonly desktopNotify?: (title: string, body: string) => void;
  /** Email (and desktop) notifications of failures and incidents; off without mail settings. */
  readonly notifications?: {
    readonly mail: MailSettingsInput;
    readonly desktop?: (title: string, body: string) => void;
  };
}

export interface ClearpostApp {
  readonly info: AppInfo;
  /** With the sandbox running, its own database, snapshots and audit head (sandbox/sandbox-gate.ts). */
  readonly layout: DataLayout;
  readonly store: OpenStore;
  readonly repos: Repositories;
  readonly bus: EventBus;
  readonly dispatch: Dispatch;
  readonly logger: Logger;
  readonly engine: PostingEngine;
  readonly sandbox: RunningSandbox | null;
  /** Resolves once the sandbox's webhook deliveries sent so far are answered (stored or refused). */
  sandboxDeliveriesIdle(): Promise<void>;
  readonly intake: IntakeService;
  /** Cybersource reports against what the webhooks brought (`clearpost backfill`, each morning). */
  readonly backfill: BackfillService;
  readonly reports: ReportsContext;
  readonly scheduler: ReportScheduler | null;
  readonly notifications: Notifications | null;
  readonly settings: SettingsStore;
  readonly vault: Vault;
  /** Sign-in and access for serve mode's HTTP transport. */
  readonly trust: Trust;
  /** Set when this start recovered from a snapshot because the database was damaged: tell the user. */
  readonly recovery: RecoveryNotice | null;
  /** A full data disk and a failing log file (`app.health`). */
  readonly health: ResourceHealth;
  close(): Promise<void>;
}

/** Endpoint protection for every connection: per-connection settings do not exist yet. */
export const ENDPOINT_DEFAULTS = {
  concurrency: 8,
  ratePerSecond: null,
  breaker: { failures: 5, halfOpenAfterMs: 30_000 },
} as const;
