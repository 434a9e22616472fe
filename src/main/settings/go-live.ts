/**
 * The switch-to-live checklist, worked out from what is saved and what the audit trail records: a
 * connection counts as tested only when its last test succeeded with the settings saved now, email only
 * when its last test after the last email change succeeded. It reads and never changes anything.
 */
import { createHash } from 'node:crypto';
import type { AccountInfo } from '../../shared/commands/access';
import type { GoLiveItem, GoLiveView } from '../../shared/commands/go-live';
import type { AuditEvent } from '../../shared/domain';
import { dataLayout } from '../paths';
import { probeDatabaseRole } from '../store/repositories/data-folder-role';
import { existsSync } from 'node:fs';
import type { ConnectionSetting, Settings } from './schema';

export const CONNECTION_TESTED = 'settings.connection_tested';
export const EMAIL_TESTED = 'settings.email_tested';

/** What a connection test was run against: any saved change to the connection makes the test stale. */
export function connectionFingerprint(c: ConnectionSetting): string {
  return createHash('sha256').update(JSON.stringify(c)).digest('hex').slice(0, 16);
}

export interface GoLiveInput {
  readonly settings: Settings;
  /** Whether a vault secret is set for the address the saved settings give it. */
  readonly secretSet: (name: string) => boolean;
  readonly accounts: readonly AccountInfo[];
  readonly connectionTests: (connectionId: string) => readonly AuditEvent[];
  readonly auditWithAction: (action: string) => readonly AuditEvent[];
  readonly mode: 'desktop' | 'serve' | 'cli' | 'test';
  readonly dataDir: string;
  readonly running: 'sandbox' | 'production';
  readonly productionDatabase: GoLiveView['productionDatabase'];
  readonly restartOffered: boolean;
}

export function goLiveView(input: GoLiveInput): GoLiveView {
  return {
    items: [
      connectionsItem(input),
      webhookItem(input),
      emailItem(input),
      supervisorItem(input),
      scheduleItem(input),
    ],
    running: input.running,
    productionDatabase: input.productionDatabase,
    restart: { instruction: restartInstruction(input), offered: input.restartOffered },
  };
}

function connectionsItem({ settings, connectionTests }: GoLiveInput): GoLiveItem {
  const enabled = settings.connections.filter((c) => c.enabled);
  if (enabled.length === 0) {
    return { id: 'connections', done: false, detail: 'No EHR connection is saved and enabled: add one.' };
  }
  const untested = enabled.filter((c) => {
    const last = connectionTests(c.id).at(-1);
    return !last || last.details.ok !== true || last.details.fingerprint !== connectionFingerprint(c);
  });
  if (untested.length > 0) {
    return {
      id: 'connections',
      done: false,
      detail: `Not tested successfully since their last change: ${untested.map((c) => c.name).join(', ')}.`,
    };
  }
  return {
    id: 'connections',
    done: true,
    detail: `${String(enabled.length)} connection(s) tested: ${enabled.map((c) => c.name).join(', ')}.`,
  };
}

function webhookItem({ settings, secretSet }: GoLiveInput): GoLiveItem {
  if (settings.webhooks.length === 0) {
    return { id: 'webhook', done: false, detail: 'No Cybersource webhook subscription is saved.' };
  }
  const missing = settings.webhooks.filter((w) => !secretSet(w.keyRef));
  if (missing.length > 0) {
    return {
      id: 'webhook',
      done: false,
      detail: `The shared secret is not set for key id ${missing.map((w) => w.keyId).join(', ')}.`,
    };
  }
  return {
    id: 'webhook',
    done: true,
    detail: `Subscription(s) with key id ${settings.webhooks.map((w) => w.keyId).join(', ')}, secret set.`,
  };
}

function emailItem({ settings, auditWithAction }: GoLiveInput): GoLiveItem {
  if (!settings.email) return { id: 'email', done: false, detail: 'No email settings are saved.' };
  const lastChange = auditWithAction('settings.saved')
    .filter((e) => Array.isArray(e.details.sections) && e.details.sections.includes('email'))
    .at(-1);
  const lastTest = auditWithAction(EMAIL_TESTED).at(-1);
  if (!lastTest || (lastChange && lastChange.id > lastTest.id)) {
    return { id: 'email', done: false, detail: 'Send a test email with the saved settings.' };
  }
  return lastTest.details.ok === true
    ? { id: 'email', done: true, detail: 'The last test email was sent.' }
    : {
        id: 'email',
        done: false,
        detail: 'The last test email failed: correct the settings and test again.',
      };
}

function supervisorItem({ accounts, running, mode }: GoLiveInput): GoLiveItem {
  if (mode === 'desktop') {
    return { id: 'supervisor', done: true, detail: 'The desktop app signs in with the computer’s user.' };
  }
  const active = accounts.filter((a) => a.role === 'supervisor' && !a.disabled);
  if (running === 'sandbox') {
    // Accounts live in the database, and the sandbox's is not the one that goes live.
    return {
      id: 'supervisor',
      done: false,
      detail:
        'These accounts are in the sandbox’s database. The production database starts with none: after the ' +
        'restart, the first person to open the console creates its first supervisor.',
    };
  }
  return active.length > 0
    ? { id: 'supervisor', done: true, detail: `Supervisor(s): ${active.map((a) => a.username).join(', ')}.` }
    : { id: 'supervisor', done: false, detail: 'No active supervisor account: create one.' };
}

function scheduleItem({ settings }: GoLiveInput): GoLiveItem {
  const reports = settings.schedules.reports;
  if (!reports.enabled) {
    return { id: 'schedule', done: false, detail: 'The daily reconciliation files are switched off.' };
  }
  const backfill = settings.cybersourceReporting;
  return {
    id: 'schedule',
    done: true,
    detail:
      `Daily files at ${reports.at}` +
      (backfill?.enabled ? `; Cybersource backfill at ${backfill.at}.` : '; no Cybersource backfill set up.'),
  };
}

/** POSIX shells and PowerShell both take a double-quoted path without $ or ". */
function quoted(path: string): string {
  return /^[\w./:\\-]+$/.test(path) ? path : `"${path}"`;
}

function restartInstruction({ mode, dataDir }: GoLiveInput): string {
  if (mode === 'desktop') {
    return 'Quit Clearpost and start it again: with EHR connections saved, the sandbox stays off and the engine uses the production database.';
  }
  return `clearpost serve --data-dir ${quoted(dataDir)} --ehr-sandbox off`;
}

/**
 * The production database of the data folder and whether it holds payments. While the sandbox runs, its
 * database is another file, so the production one is probed read-only (it may not exist yet).
 */
export function productionDatabase(
  dataDir: string,
  running: 'sandbox' | 'production',
  paymentsHere: () => number,
): GoLiveView['productionDatabase'] {
  const path = dataLayout(dataDir).database;
  if (running === 'production') return { path, state: paymentsHere() > 0 ? 'in-use' : 'fresh' };
  if (!existsSync(path)) return { path, state: 'absent' };
  return { path, state: probeDatabaseRole(path) === 'production' ? 'in-use' : 'fresh' };
}
