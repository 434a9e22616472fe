/**
 * `clearpost accounts create`: the recovery of a serve-mode console with no active supervisor, on the real
 * data folder of a running serve instance.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { accountsCommand } from '../../../src/main/auth/accounts-command';
import { startServe, type RunningServe } from '../../../src/main/serve';
import { createFirstSupervisor, signIn } from '../../helpers/serve-session';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const running: RunningServe[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) } };
}

const input = (env: Record<string, string>, stdin = '') => ({
  env,
  readStdin: () => Promise.resolve(stdin),
  now: () => Date.now(),
});

describe('clearpost accounts create', () => {
  it('refuses a missing role, a bad name and a short or absent password, and writes nothing', async () => {
    const dataDir = tempDir();
    for (const [argv, stdin, message] of [
      [['create', '--username', 'boss', '--data-dir', dataDir], 'a long enough password', /--role/],
      [
        ['create', '--username', 'x', '--role', 'supervisor', '--data-dir', dataDir],
        'a long enough password',
        /user name/,
      ],
      [['create', '--username', 'boss', '--role', 'supervisor', '--data-dir', dataDir], 'short', /12 to 200/],
      [['create', '--username', 'boss', '--role', 'supervisor', '--data-dir', dataDir], '', /standard input/],
    ] as const) {
      const out = io();
      expect(await accountsCommand(argv, out.io, input({}, stdin))).toBe(2);
      expect(out.err.join('\n')).toMatch(message);
    }
  });

  it('restores a console whose supervisors were all disabled, while serve mode runs', async () => {
    const s = await startServe({ dataDir: tempDir(), port: 0, rendererDir: null, sandbox: false });
    running.push(s);
    const origin = `http://127.0.0.1:${String(s.port)}`;
    await createFirstSupervisor(origin, s.token);
    s.app.store.db.prepare('UPDATE operator_accounts SET disabled = 1').run();
    expect(s.app.trust.httpAuth.state().state).toBe('recover');

    const out = io();
    const code = await accountsCommand(
      [
        'create',
        '--username',
        'night.supervisor',
        '--role',
        'supervisor',
        '--data-dir',
        s.app.layout.dataDir,
      ],
      out.io,
      // The first line of standard input is the password (the environment variable wins when set).
      input({}, 'night shift password\nignored second line\n'),
    );
    expect(out.err).toEqual([]);
    expect(code).toBe(0);
    expect(out.out.join('\n')).toContain('created night.supervisor as supervisor');
    expect(s.app.trust.httpAuth.state().state).toBe('sign-in');
    const session = await signIn(origin, s.token, {
      username: 'night.supervisor',
      password: 'night shift password',
    });
    expect(session.sessionId).not.toBe('');
    const [created] = s.app.repos.audit.forSubject('account', 'night.supervisor');
    expect(created).toMatchObject({ action: 'account.created', details: { via: 'cli', role: 'supervisor' } });
  });
});
