import type { SecretStatus, SettingsView } from '../../../shared/commands/settings';
import { sendTestEmail } from '../../notifications/test-email';
import { resolveMail, smtpPasswordProblem } from '../../settings/resolve-mail';
import { secretReferences } from '../../settings/schema';
import { bindingForNewSecret, requiredBindings } from '../../settings/secret-bindings';
import { SettingsError } from '../../settings/settings-store';
import { describeBinding, sameBinding } from '../../vault/secret-binding';
import { VaultError } from '../../vault/vault';
import { ApiFailure, type Handler } from '../dispatcher';
import type { HandlerContext } from './context';
import type { TrustContext } from './trust-context';
import { goLiveHandlers } from './go-live';
import { CONNECTION_TESTED, connectionFingerprint, EMAIL_TESTED } from '../../settings/go-live';

/**
 * Handlers of settings and the vault (see src/shared/commands/settings.ts): secret values never go back
 * out, and a secret is stored for the address the saved settings give it (settings/secret-bindings.ts).
 */
export function settingsHandlers(ctx: HandlerContext): {
  'settings.get': Handler<'settings.get'>;
  'settings.save': Handler<'settings.save'>;
  'settings.testConnection': Handler<'settings.testConnection'>;
  'settings.testEmail': Handler<'settings.testEmail'>;
  'secrets.status': Handler<'secrets.status'>;
  'secrets.set': Handler<'secrets.set'>;
  'secrets.delete': Handler<'secrets.delete'>;
  'settings.goLive': Handler<'settings.goLive'>;
  'settings.restart': Handler<'settings.restart'>;
} {
  const trust = (): TrustContext => {
    if (!ctx.trust) throw new ApiFailure('unavailable', 'Settings are not set up in this Clearpost');
    return ctx.trust;
  };
  const audit = (
    actor: string,
    action: string,
    subjectId: string,
    details: Record<string, unknown> = {},
    subjectType = 'settings',
  ) =>
    ctx.db
      .transaction(() =>
        ctx.repos.audit.append({ actor, action, subjectType, subjectId, details }, ctx.clock.now()),
      )
      .immediate();
  const recorded = (...args: Parameters<typeof audit>) => {
    audit(...args);
    // The switch-to-live checklist reads tests and saves from the audit trail.
    ctx.bus.changed('audit_events');
  };

  // A secret stored for another address than the saved settings name now counts as not set: it will not
  // be sent anywhere until typed again (and the screen says so).
  const secretStatus = async (t: TrustContext): Promise<SecretStatus[]> => {
    const settings = t.settings.get();
    const refs = secretReferences(settings);
    const required = requiredBindings(settings);
    // Message-encryption private keys are made by Clearpost, never typed: `clearpost mle-key` manages them.
    const stored = (await t.vault.names()).filter((n) => !n.startsWith('mle.'));
    const names = [...new Set([...stored, ...refs.keys()])].sort();
    return Promise.all(
      names.map(async (name) => {
        const bound = await t.vault.bindingOf(name);
        const wanted = required.get(name) ?? [];
        const needsReentry =
          bound === 'unbound' || (bound !== null && wanted.some((w) => !sameBinding(w, bound)));
        return {
          name,
          set: bound !== null && !needsReentry,
          usedBy: refs.get(name) ?? [],
          needsReentry,
          boundTo: bound === null || bound === 'unbound' ? null : describeBinding(bound),
        };
      }),
    );
  };
  /** One secret's status after a change, or what the change made of it where nothing uses it. */
  const statusOf = async (
    t: TrustContext,
    name: SecretStatus['name'],
    changed: Pick<SecretStatus, 'set' | 'boundTo'>,
  ): Promise<SecretStatus> =>
    (await secretStatus(t)).find((s) => s.name === name) ?? {
      name,
      usedBy: [],
      needsReentry: false,
      ...changed,
    };
  const view = async (t: TrustContext): Promise<SettingsView> => ({
    settings: t.settings.get(),
    secrets: await secretStatus(t),
    protection: t.vault.protection,
    restartRequired: t.settings.restartRequired,
    restartOffered: t.settings.restart.offered,
    ...(t.webhookIntake ? { webhookIntake: await t.webhookIntake() } : {}),
  });
  const vaultCall = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof VaultError) {
        throw new ApiFailure(
          error.code === 'no_keyring' ? 'unavailable' : 'invalid_arguments',
          error.message,
        );
      }
      throw error;
    }
  };

  const secretSet = async (t: TrustContext) => {
    const set = new Set((await secretStatus(t)).filter((s) => s.set).map((s) => s.name));
    return (name: string) => set.has(name);
  };

  return {
    ...goLiveHandlers(ctx, secretSet, (actor, action, subjectId) => audit(actor, action, subjectId)),
    'settings.get': () => view(trust()),
    'settings.save': async ({ settings }, caller) => {
      const t = trust();
      const before = t.settings.get();
      try {
        t.settings.save(settings);
      } catch (error) {
        if (error instanceof SettingsError)
          throw new ApiFailure('invalid_arguments', error.message, error.issues);
        throw error;
      }
      const after = t.settings.get();
      // Which sections changed, never their values (the audit trail is readable by every supervisor).
      const sections = (Object.keys(after) as (keyof typeof after)[]).filter(
        (key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]),
      );
      recorded(caller.actor, 'settings.saved', 'settings', {
        sections,
        connections: after.connections.length,
      });
      return view(t);
    },
    'settings.testConnection': async ({ id }, caller) => {
      const t = trust();
      const outcome = await t.testConnection(id);
      const connection = t.settings.get().connections.find((c) => c.id === id);
      // Recorded with what was tested, so the switch-to-live checklist knows a later change is untested.
      if (connection) {
        audit(
          caller.actor,
          CONNECTION_TESTED,
          id,
          {
            ok: outcome.ok,
            stage: outcome.stage,
            fingerprint: connectionFingerprint(connection),
          },
          'connection',
        );
      }
      return outcome;
    },
    'settings.testEmail': async (_args, caller) => {
      const t = trust();
      const mail = await resolveMail(t.settings.get(), t.vault);
      if (!mail) return { ok: false, message: 'No email settings are saved: save them, then send a test.' };
      const problem = await vaultCall(() => smtpPasswordProblem(t.settings.get(), t.vault));
      if (problem !== null) return { ok: false, message: problem };
      const outcome = await sendTestEmail(mail, ctx.clock, caller.actor);
      recorded(caller.actor, EMAIL_TESTED, 'email', { ok: outcome.ok });
      return outcome;
    },
    'secrets.status': () => secretStatus(trust()),
    'secrets.set': async ({ name, value }, caller) => {
      const t = trust();
      let binding;
      try {
        binding = bindingForNewSecret(t.settings.get(), name);
      } catch (error) {
        if (error instanceof SettingsError) throw new ApiFailure('invalid_arguments', error.message);
        throw error;
      }
      await vaultCall(() => t.vault.set(name, value, binding));
      // The audit entry names the secret, never its value.
      audit(caller.actor, 'secret.set', name);
      // What uses it (the SMTP password) picks it up now rather than at the next start.
      t.settings.announce();
      return statusOf(t, name, { set: true, boundTo: describeBinding(binding) });
    },
    'secrets.delete': async ({ name }, caller) => {
      const t = trust();
      if (await vaultCall(() => t.vault.delete(name))) {
        audit(caller.actor, 'secret.deleted', name);
        t.settings.announce();
      }
      return statusOf(t, name, { set: false, boundTo: null });
    },
  };
}
