import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { createHttpAuth } from '../../../src/main/auth/http-auth';
import { createSessions } from '../../../src/main/auth/sessions';
import {
  memorySignInFailureStore,
  MAX_USERNAME_LENGTH,
  type SignInFailureStore,
} from '../../../src/main/auth/sign-in-failures';
import type { Clock } from '../../../src/main/clock';
import { openStore } from '../../../src/main/store/open';
import { accountsRepository } from '../../../src/main/store/repositories/accounts';
import { signInFailuresRepository } from '../../../src/main/store/repositories/sign-in-failures';
import { fakeClock, silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const close of closers.splice(0)) close();
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

/** Sign-in over a real database file, with a small row bound so a flood is quick to run. */
function authOver(store: 'sqlite' | 'memory', maxRows: number) {
  const clock = fakeClock();
  const db = openStore(`${tempDir()}/clearpost.sqlite`).db;
  closers.push(() => db.close());
  const failures: SignInFailureStore =
    store === 'sqlite' ? signInFailuresRepository(db) : memorySignInFailureStore();
  const auth = createHttpAuth({
    accounts: accountsRepository(db),
    sessions: createSessions(clock, () => ({ idleMs: 30 * MINUTE, maxMs: 12 * 60 * MINUTE })),
    clock,
    audit: () => undefined,
    failures,
    failureLimits: { maxRows, forgetAfterMs: 24 * 60 * MINUTE },
    writeLocked: (fn) => db.transaction(fn).immediate(),
  });
  return { auth, failures, clock, db };
}

describe('sign-in lockouts stay bounded (issue 20 item 6)', () => {
  it('refuses a 1 MB user name in plain words without keying anything', async () => {
    const app = await open(tempDir(), fakeClock());
    const huge = 'u'.repeat(1024 * 1024);
    for (let i = 0; i < 20; i += 1) {
      const answer = await app.trust.httpAuth.signIn(`${huge}${String(i)}`, 'wrong');
      expect(answer).toEqual({ ok: false, message: 'A user name is at most 256 characters.' });
    }
    const rows = app.store.db.prepare('SELECT count(*) AS n FROM sign_in_failures').get() as { n: number };
    expect(rows.n).toBe(0);
    expect(await app.trust.httpAuth.signIn('   ', 'x')).toEqual({
      ok: false,
      message: 'Enter your user name.',
    });
  });

  for (const store of ['sqlite', 'memory'] as const) {
    it(`keeps at most maxRows names (${store}), forgetting the least recently failed first`, async () => {
      const { auth, failures, clock } = authOver(store, 12);
      const names = Array.from({ length: 18 }, (_, i) => `${String(i).padStart(3, '0')}${'n'.repeat(253)}`);
      for (const name of names) {
        expect(name.length).toBe(MAX_USERNAME_LENGTH);
        clock.advance(1_000);
        expect(await auth.signIn(name, 'wrong')).toMatchObject({ ok: false });
      }
      expect(failures.size()).toBe(12);
      expect(failures.get(names[0]!)).toBeNull();
      expect(failures.get(names[5]!)).toBeNull();
      expect(failures.get(names[6]!)).toEqual({ count: 1, lockedUntil: 0 });
      expect(failures.get(names[17]!)).toEqual({ count: 1, lockedUntil: 0 });
    });
  }

  it('stores the key capped, trimmed and lower-cased, and forgets a day-old failure with no lock', async () => {
    const { auth, db, clock } = authOver('sqlite', 100);
    await auth.signIn(`  ${'A'.repeat(MAX_USERNAME_LENGTH)}  `, 'wrong');
    const keys = db.prepare('SELECT username_key AS k FROM sign_in_failures').all() as { k: string }[];
    expect(keys.map((r) => r.k)).toEqual(['a'.repeat(MAX_USERNAME_LENGTH)]);
    expect(() =>
      db.prepare('INSERT INTO sign_in_failures VALUES (?, 1, 0, 0)').run('x'.repeat(MAX_USERNAME_LENGTH + 1)),
    ).toThrow(/CHECK constraint/);
    clock.advance(25 * 60 * MINUTE);
    await auth.signIn('someone.else', 'wrong');
    const left = db.prepare('SELECT username_key AS k FROM sign_in_failures').all() as { k: string }[];
    expect(left.map((r) => r.k)).toEqual(['someone.else']);
  });
});

describe('a lockout survives a restart', () => {
  it('still refuses the right password after a restart, until the lock ends', async () => {
    const dataDir = tempDir();
    const clock = fakeClock();
    const first = await open(dataDir, clock);
    const made = await first.dispatch(
      'accounts.save',
      { username: 'pat.operator', role: 'operator', password: 'operator-password-123' },
      supervisor,
    );
    expect(made.ok).toBe(true);
    for (let i = 0; i < 5; i += 1) {
      expect(await first.trust.httpAuth.signIn('Pat.Operator', 'wrong-password')).toEqual({
        ok: false,
        message: 'The user name or password is wrong.',
      });
    }
    await first.close();
    apps.splice(apps.indexOf(first), 1);

    const second = await open(dataDir, clock);
    expect(await second.trust.httpAuth.signIn('pat.operator', 'operator-password-123')).toEqual({
      ok: false,
      message: 'Too many failed sign-ins for this user; wait five minutes.',
    });
    clock.advance(5 * MINUTE + 1);
    expect(await second.trust.httpAuth.signIn('pat.operator', 'operator-password-123')).toMatchObject({
      ok: true,
    });
    const left = second.store.db.prepare('SELECT count(*) AS n FROM sign_in_failures').get() as { n: number };
    expect(left.n).toBe(0);
  });
});
