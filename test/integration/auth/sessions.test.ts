import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import type { Clock } from '../../../src/main/clock';
import { fakeClock, silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});
const MINUTE = 60_000;
const supervisor = { actor: 'first.user', transport: 'test' as const, role: 'supervisor' as const };

async function open(dataDir: string, clock: Clock) {
  const app = await createApp({
    dataDir,
    mode: 'test',
    logger: silentLogger,
    clock,
    engine: { autoStart: false },
  });
  apps.push(app);
  return app;
}

async function withAccount(app: ClearpostApp) {
  const made = await app.dispatch(
    'accounts.save',
    { username: 'pat.operator', role: 'operator', password: 'operator-password-123' },
    supervisor,
  );
  expect(made.ok).toBe(true);
  const signedIn = await app.trust.httpAuth.signIn('pat.operator', 'operator-password-123');
  if (!signedIn.ok) throw new Error(signedIn.message);
  return signedIn.sessionId;
}

const rows = (app: ClearpostApp) =>
  app.store.db.prepare('SELECT * FROM operator_sessions').all() as Record<string, unknown>[];

describe('serve-mode sessions in SQLite', () => {
  it('survive a restart, and keep only the SHA-256 of the token', async () => {
    const dataDir = tempDir();
    const clock = fakeClock();
    const first = await open(dataDir, clock);
    const token = await withAccount(first);
    expect(first.trust.httpAuth.callerFor(token)).toMatchObject({
      actor: 'pat.operator',
      role: 'operator',
    });
    const stored = rows(first);
    expect(stored).toEqual([
      expect.objectContaining({
        token_sha256: createHash('sha256').update(token).digest('hex'),
        username: 'pat.operator',
        role: 'operator',
      }),
    ]);
    expect(JSON.stringify(stored)).not.toContain(token);
    await first.close();
    apps.splice(0);

    clock.advance(5 * MINUTE);
    const second = await open(dataDir, clock);
    expect(second.trust.httpAuth.callerFor(token)).toMatchObject({
      actor: 'pat.operator',
      role: 'operator',
    });
    // An unknown token is nobody (accounts exist, so there is no fallback supervisor).
    expect(second.trust.httpAuth.callerFor('not-a-session')).toBeNull();

    // Sign-out deletes the row; the token is refused from then on, after a restart too.
    second.trust.httpAuth.signOut(token);
    expect(rows(second)).toEqual([]);
    expect(second.trust.httpAuth.callerFor(token)).toBeNull();
  });

  it('ends a session after the idle time and the maximum age in the settings, and purges it', async () => {
    const dataDir = tempDir();
    const clock = fakeClock();
    const app = await open(dataDir, clock);
    app.settings.save({ ...app.settings.get(), access: { sessionIdleMinutes: 20, sessionMaxHours: 1 } });
    const token = await withAccount(app);

    // Used every 15 minutes it stays alive, until its hour is up.
    for (let i = 0; i < 3; i += 1) {
      clock.advance(15 * MINUTE);
      expect(app.trust.httpAuth.callerFor(token), `after ${String((i + 1) * 15)} min`).not.toBeNull();
    }
    clock.advance(15 * MINUTE + 1);
    expect(app.trust.httpAuth.callerFor(token)).toBeNull();
    expect(rows(app)).toEqual([]);

    // Idle: 21 minutes unused is too long, even across a restart.
    const idle = (await app.trust.httpAuth.signIn('pat.operator', 'operator-password-123')) as {
      sessionId: string;
    };
    await app.close();
    apps.splice(0);
    clock.advance(21 * MINUTE);
    const reopened = await open(dataDir, clock);
    // Expired sessions are purged at start, before anyone asks.
    expect(rows(reopened)).toEqual([]);
    expect(reopened.trust.httpAuth.callerFor(idle.sessionId)).toBeNull();
  });

  it('applies shorter limits saved in settings to sessions already running', async () => {
    const clock = fakeClock();
    const app = await open(tempDir(), clock);
    const token = await withAccount(app);
    clock.advance(10 * MINUTE);
    expect(app.trust.httpAuth.callerFor(token)).not.toBeNull();
    clock.advance(6 * MINUTE);
    app.settings.save({ ...app.settings.get(), access: { sessionIdleMinutes: 5 } });
    expect(app.trust.httpAuth.callerFor(token)).toBeNull();
  });

  it('ends every session of an account whose role changes', async () => {
    const app = await open(tempDir(), fakeClock());
    const token = await withAccount(app);
    const changed = await app.dispatch(
      'accounts.save',
      { username: 'pat.operator', role: 'viewer' },
      supervisor,
    );
    expect(changed.ok).toBe(true);
    expect(app.trust.httpAuth.callerFor(token)).toBeNull();
    expect(rows(app)).toEqual([]);
  });
});
