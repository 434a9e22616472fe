/**
 * The console API: the one contract between the main process and the renderer.
 *
 * Every command names a zod schema for its arguments and the type of its result; every pushed event
 * names its payload. Electron IPC and serve mode's HTTP + SSE both carry exactly these names, so a
 * screen never knows which transport it runs on, and the dispatcher in main rejects anything else.
 */
import { z } from 'zod';
import {
  NOTE_KINDS,
  type Attempt,
  type EhrSystem,
  type EpochMs,
  type Note,
  type PaymentEvent,
  type Posting,
  type ReversalCause,
  type PostingStatus,
} from './domain';
import type { Envelope } from './api-error';
import { ACCESS_COMMANDS } from './commands/access';
import { APPROVAL_COMMANDS } from './commands/approvals';
import { AUDIT_COMMANDS } from './commands/audit';
import { BACKUP_COMMANDS } from './commands/backups';
import { CASH_COMMANDS } from './commands/cash';
import { CASH_CLOSE_COMMANDS } from './commands/cash-close';
import { CONSOLE_COMMANDS } from './commands/console';
import { command, id, none } from './commands/define';
import { IMPORT_COMMANDS } from './commands/imports';
import { INTAKE_RULES_COMMANDS } from './commands/intake-rules';
import { MEASURE_COMMANDS } from './commands/measures';
import { QUARANTINE_COMMANDS } from './commands/quarantine';
import { RECONCILIATION_COMMANDS } from './commands/reconciliation';
import { REPORTING_COMMANDS } from './commands/reporting';
import { SETTINGS_COMMANDS } from './commands/settings';
import { SERVICE_COMMANDS, type ServiceStatus } from './commands/service';

export { ApiError, API_ERROR_CODES, type ApiErrorBody, type ApiErrorCode, type Envelope } from './api-error';
export { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from './ipc';

export interface AppInfo {
  readonly name: 'Clearpost';
  readonly version: string;
  readonly mode: 'desktop' | 'serve' | 'cli' | 'test';
  readonly dataDir: string;
  readonly databasePath: string;
  readonly schemaVersion: number;
  readonly startedAt: EpochMs;
  /** Set when the built-in sandbox (simulated EHRs on loopback) is what Clearpost posts to. */
  readonly sandbox: {
    readonly oracleHealth: string;
    readonly epic: string;
    readonly traffic: boolean;
  } | null;
}

export interface StatusCount {
  readonly ehr: EhrSystem;
  readonly status: PostingStatus;
  readonly count: number;
}

export interface StatusSummary {
  readonly counts: readonly StatusCount[];
  readonly events: number;
  readonly quarantined: number;
}

export type ConnectionState = 'up' | 'down' | 'unknown';
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface ConnectionStatus {
  readonly id: string;
  readonly ehr: EhrSystem;
  readonly name: string;
  readonly state: ConnectionState;
  readonly breaker: BreakerState;
}

export interface EngineStatus {
  readonly state: 'stopped' | 'running' | 'paused';
  readonly connections: readonly ConnectionStatus[];
  readonly inFlight: number;
  readonly updatedAt: EpochMs;
}

/**
 * Resources Clearpost needs and may run out of while it runs: the disk holding its data, and its log file.
 * Pushed as `app.health` when either changes; the console shows a banner while the disk is full.
 */
export interface AppHealth {
  /** Set while storing refuses with "disk full": new payments are answered 503 and the processor resends. */
  readonly diskFull: {
    readonly since: EpochMs;
    /** The data folder whose disk is full. */
    readonly folder: string;
  } | null;
  /** The log file; null where the app logs elsewhere (tests). */
  readonly log: {
    readonly file: string;
    readonly droppedLines: number;
    readonly rotationFailures: number;
    readonly failingSince: EpochMs | null;
    readonly lastError: string | null;
  } | null;
}

export interface PostingDetail {
  readonly posting: Posting;
  readonly event: PaymentEvent;
  readonly attempts: readonly Attempt[];
  readonly notes: readonly Note[];
  /** A chargeback's or an eCheck return's reversal: why, and the response deadline, in plain words. */
  readonly reversal?: {
    readonly cause: ReversalCause;
    readonly responseDueDate: string | null;
    readonly text: string;
  } | null;
  /** A won chargeback case's re-posted payment: why the payment is in the EHR again, in plain words. */
  readonly repost?: { readonly text: string } | null;
}

/** Core commands; each screen family declares its own in `./commands/` and they are joined here. */
const CORE_COMMANDS = {
  'app.info': command<AppInfo>()('Version, mode, data folder and database schema of this Clearpost.', none),
  'status.summary': command<StatusSummary>()('Counts of postings by EHR and status.', none),
  'engine.status': command<EngineStatus>()('The posting engine and each EHR connection.', none),
  'app.health': command<AppHealth>()(
    'Whether the data disk is full and how many log lines were dropped.',
    none,
  ),
  'postings.get': command<PostingDetail>()(
    'One posting with its payment event, attempts and notes.',
    z.object({ id }).strict(),
  ),
  'postings.retryNow': command<Posting>()(
    'Sends a posting again now, checking the EHR first when an earlier attempt may have reached it.',
    z
      .object({
        id,
        /** The operator checked the EHR and the payment is not there (for EHRs that cannot be asked). */
        confirmedNotInEhr: z.boolean().default(false),
      })
      .strict(),
  ),
  'postings.markManual': command<Posting>()(
    'Records that the payment was posted by hand in the EHR; retries stop.',
    z
      .object({
        id,
        ehrReference: z.string().trim().min(1, 'The EHR posting reference is required').max(100),
        note: z.string().trim().min(1, 'A note is required').max(4000),
      })
      .strict(),
  ),
  'postings.hold': command<Posting>()(
    'Holds a posting (the engine leaves it alone) or releases it.',
    z.object({ id, held: z.boolean() }).strict(),
  ),
  'postings.assign': command<Posting>()(
    'Assigns a posting to a person, or clears the assignee.',
    z.object({ id, assignee: z.string().trim().min(1).max(100).nullable() }).strict(),
  ),
  'notes.add': command<Note>()(
    'Adds a note (or a fraud-review note) to a posting.',
    z
      .object({
        postingId: id,
        kind: z.enum(NOTE_KINDS).default('note'),
        body: z.string().trim().min(1, 'A note needs some text').max(4000),
      })
      .strict(),
  ),
} as const;

export const COMMANDS = {
  ...CORE_COMMANDS,
  ...CONSOLE_COMMANDS,
  ...RECONCILIATION_COMMANDS,
  ...QUARANTINE_COMMANDS,
  ...IMPORT_COMMANDS,
  ...INTAKE_RULES_COMMANDS,
  ...SETTINGS_COMMANDS,
  ...REPORTING_COMMANDS,
  ...ACCESS_COMMANDS,
  ...AUDIT_COMMANDS,
  ...BACKUP_COMMANDS,
  ...CASH_COMMANDS,
  ...CASH_CLOSE_COMMANDS,
  ...APPROVAL_COMMANDS,
  ...MEASURE_COMMANDS,
  ...SERVICE_COMMANDS,
} as const;

export type Commands = typeof COMMANDS;
export type CommandName = keyof Commands;
/** What a caller passes (defaults may be omitted). */
export type CommandArgs<N extends CommandName> = z.input<Commands[N]['args']>;
/** What a handler receives (defaults filled in, strings trimmed). */
export type ParsedArgs<N extends CommandName> = z.output<Commands[N]['args']>;
export type CommandResult<N extends CommandName> = Commands[N]['result'];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Tables whose changes the renderer can react to. */
export const TABLES = [
  'payment_events',
  'postings',
  'attempts',
  'notes',
  'audit_events',
  'quarantined_inputs',
  'saved_views',
  'approvals',
] as const;
export type TableName = (typeof TABLES)[number];

/** Events pushed from main to every open console. */
export interface Events {
  'db.changed': { readonly tables: readonly TableName[] };
  'engine.status': EngineStatus;
  'app.health': AppHealth;
  /** The desktop's connection to a shared service went offline or came back (remote mode only). */
  'service.status': ServiceStatus;
}
export type EventName = keyof Events;
export const EVENT_NAMES = [
  'db.changed',
  'engine.status',
  'app.health',
  'service.status',
] as const satisfies readonly EventName[];

/** The API a screen uses; `window.api` under Electron, HTTP + SSE in a browser. */
export interface ConsoleApi {
  invoke<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<CommandResult<N>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /**
   * Serve mode only: a generated report file, by name, from the server's reports folder (a browser cannot
   * open a server path). The desktop reads the path itself and has no such method.
   */
  download?(fileName: string): Promise<Blob>;
}

/**
 * What the preload exposes as `window.api`. Errors do not keep their fields across Electron's context
 * bridge, so `invoke` resolves to the envelope and the renderer's transport turns it into an ApiError.
 */
export interface BridgeApi {
  invoke(name: CommandName, args: unknown): Promise<Envelope<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}
