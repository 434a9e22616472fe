/**
 * The trust layer as the composition root starts it: settings, the vault, access control and sign-in, the
 * audit chain head copied outside the database, and database snapshots. Kept out of app.ts so the
 * composition root stays a readable list of steps.
 */
import type { Database } from 'better-sqlite3';
import type { RecoveryNotice } from '../../shared/commands/backups';
import type { AccessControl } from '../api/dispatcher';
import { ApiFailure } from '../api/dispatcher';
import type { TrustContext } from '../api/handlers/trust-context';
import { createHeadAnchor, type HeadAnchor } from '../audit/head-anchor';
import { createAccessPolicy, desktopRoleFrom } from '../auth/access-policy';
import { createHttpAuth, type HttpAuth } from '../auth/http-auth';
import { postingAmountLookup } from '../auth/posting-amount';
import { createSessions } from '../auth/sessions';
import type { Clock } from '../clock';
import type { EhrConnectionInput } from '../connectors/ehr';
import { createMleKeyRing, type MleKeyRing } from '../intake/cybersource/mle/mle-key-ring';
import type { WebhookSubscription } from '../intake/cybersource/signature';
import { webhookIntakeView } from '../intake/cybersource/webhook-intake-view';
import type { Logger } from '../logger';
import type { DataLayout } from '../paths';
import type { ReportsOptions } from '../reconciliation/setup-reports';
import type { ConnectionSetting } from '../settings/schema';
import { boundSecret, connectionBinding, webhookBinding } from '../settings/secret-bindings';
import { createSettingsStore, type SettingsStore } from '../settings/settings-store';
import { testConnection } from '../settings/test-connection';
import { mergeSubscriptions } from '../settings/webhook-overrides';
import { accountsRepository } from '../store/repositories/accounts';
import { signInFailuresRepository } from '../store/repositories/sign-in-failures';
import type { Repositories } from '../store/repositories';
import { listSnapshots, scheduleSnapshots, takeSnapshot } from '../store/snapshots';
import { createServeVault } from '../vault/serve-vault';
import type { Vault } from '../vault/vault';

export interface Trust {
  readonly settings: SettingsStore;
  readonly vault: Vault;
  readonly access: AccessControl;
  readonly httpAuth: HttpAuth;
  readonly anchor: HeadAnchor;
  readonly context: TrustContext;
  /** The installation's message-encryption keys (private halves sealed in the vault). */
  readonly mle: MleKeyRing;
  /** Enabled connections from settings with their secrets from the vault (empty: use the sandbox's). */
  connections(): Promise<EhrConnectionInput[]>;
  webhookSubscriptions(): Promise<WebhookSubscription[]>;
  reports(longRunning: boolean): ReportsOptions;
  start(): void;
  close(): void;
}

/** Serve and command-line vault: a passphrase from the environment, else an owner-only key file. */
export function defaultVault(layout: DataLayout, env: NodeJS.ProcessEnv = process.env): Promise<Vault> {
  const passphrase = env.CLEARPOST_VAULT_PASSPHRASE;
  return createServeVault(
    layout.vault,
    passphrase
      ? { type: 'passphrase', passphrase }
      : { type: 'key-file', path: env.CLEARPOST_VAULT_KEY_FILE ?? layout.vaultKey },
  );
}

export async function setupTrust(input: {
  readonly db: Database;
  readonly repos: Repositories;
  readonly layout: DataLayout;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly vault?: Vault;
  readonly recovery: RecoveryNotice | null;
  /** Subscriptions given on the command line, shown in Settings beside the saved ones. */
  readonly webhookSubscriptions?: readonly WebhookSubscription[];
}): Promise<Trust> {
  const { db, repos, layout, clock, logger } = input;
  const settings = createSettingsStore(layout.settings);
  const vault = input.vault ?? (await defaultVault(layout));
  const accounts = accountsRepository(db);
  const access = () => settings.get().access;
  // Sign-in sessions survive a restart (only their tokens' SHA-256 is stored).
  const sessions = createSessions(
    clock,
    () => ({
      idleMs: access().sessionIdleMinutes * 60_000,
      maxMs: access().sessionMaxHours * 3_600_000,
    }),
    repos.sessions,
  );
  const audit = (event: Parameters<Repositories['audit']['append']>[0]) =>
    db.transaction(() => repos.audit.append(event, clock.now())).immediate();
  const policy = createAccessPolicy({
    manualPostingLimitsMinor: () => access().manualPostingLimitsMinor,
    postingAmount: postingAmountLookup(repos.postings),
    holdsLateEvent: (postingId) => repos.periodClose.holdsLateEvent(postingId),
    desktopRole: (user) => desktopRoleFrom(access())(user),
  });
  const accessControl: AccessControl = {
    ...policy,
    denied: (caller, name, required) =>
      audit({
        actor: caller.actor,
        action: 'access.denied',
        subjectType: 'command',
        subjectId: name,
        details: { role: caller.role, required, transport: caller.transport },
      }),
  };
  const anchor = createHeadAnchor({
    audit: repos.audit,
    file: layout.auditHead,
    clock,
    logger: logger.child({ scope: 'audit' }),
    intervalMs: () => settings.get().schedules.auditHeadEveryMinutes * 60_000,
  });
  let snapshots: { stop(): void } | null = null;
  const mle = createMleKeyRing(vault, () => clock.now());

  const savedSubscriptions = async (): Promise<WebhookSubscription[]> => {
    const out: WebhookSubscription[] = [];
    for (const w of settings.get().webhooks) {
      const key = await boundSecret(vault, w.keyRef, webhookBinding(w));
      if (key === null)
        logger.error({ keyId: w.keyId }, 'webhook subscription skipped: its key is not in the vault');
      else
        out.push({
          key,
          keyId: w.keyId,
          webhookId: w.webhookId ?? null,
          tolerance: w.toleranceMinutes === 'off' ? 'off' : w.toleranceMinutes * 60_000,
        });
    }
    return out;
  };

  const withSecret = async (c: ConnectionSetting): Promise<EhrConnectionInput | null> => {
    const secret = await boundSecret(vault, c.clientSecretRef, connectionBinding(c));
    if (secret === null) {
      logger.error(
        { connection: c.id, secret: c.clientSecretRef },
        'EHR connection skipped: its client secret is not in the vault for this token URL (enter it again)',
      );
      return null;
    }
    const { clientSecretRef: _ref, enabled: _enabled, ...config } = c;
    return { ...config, clientSecret: secret };
  };

  const context: TrustContext = {
    settings,
    vault,
    accounts,
    sessions,
    auditHeadFile: layout.auditHead,
    testConnection: async (id) => {
      const connection = settings.get().connections.find((c) => c.id === id);
      if (!connection) throw new ApiFailure('not_found', `No EHR connection "${id}" in the settings`);
      return testConnection(connection, { vault, clock, logger });
    },
    backupStatus: () => ({
      snapshots: listSnapshots(layout.backups),
      recovery: input.recovery,
      integrity: input.recovery ? 'recovered' : 'ok',
    }),
    snapshotNow: () => takeSnapshot(db, layout.backups, clock.now(), settings.get().schedules.backups.keep),
    webhookIntake: async () =>
      webhookIntakeView({
        mle,
        subscriptions: mergeSubscriptions(await savedSubscriptions(), input.webhookSubscriptions ?? [])
          .subscriptions,
        intakeSettings: repos.intakeSettings,
        now: clock.now(),
      }),
  };

  return {
    settings,
    vault,
    access: accessControl,
    // Lockouts survive a restart, like sessions.
    httpAuth: createHttpAuth({
      accounts,
      sessions,
      clock,
      audit,
      failures: signInFailuresRepository(db),
      writeLocked: (fn) => db.transaction(fn).immediate(),
    }),
    anchor,
    context,
    async connections() {
      const enabled = settings.get().connections.filter((c) => c.enabled);
      return (await Promise.all(enabled.map(withSecret))).filter((c): c is EhrConnectionInput => c !== null);
    },
    webhookSubscriptions: savedSubscriptions,
    mle,
    reports(longRunning) {
      const s = settings.get();
      return {
        timeZones: s.facilities.timeZones,
        defaultTimeZone: s.facilities.defaultTimeZone,
        schedule: longRunning && s.schedules.reports.enabled ? { at: s.schedules.reports.at } : false,
      };
    },
    start() {
      anchor.start();
      snapshots = scheduleSnapshots({
        db,
        dir: layout.backups,
        clock,
        logger: logger.child({ scope: 'backups' }),
        everyMs: () => settings.get().schedules.backups.everyHours * 3_600_000,
        keep: () => settings.get().schedules.backups.keep,
      });
    },
    close() {
      anchor.stop();
      snapshots?.stop();
      try {
        anchor.flush();
      } catch (error) {
        logger.error({ err: error }, 'copying the audit chain head at close failed');
      }
    },
  };
}
