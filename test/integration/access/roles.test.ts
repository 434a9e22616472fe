import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { registerIpcTransport, type IpcInvokeEvent } from '../../../src/main/api/ipc-transport';
import { MINIMUM_ROLE } from '../../../src/main/auth/roles';
import { createSessions } from '../../../src/main/auth/sessions';
import { startServe, type RunningServe } from '../../../src/main/serve';
import { ROLES, type Role } from '../../../src/shared/commands/access';
import { COMMANDS, type Envelope } from '../../../src/shared/contract';
import { IPC_INVOKE_CHANNEL } from '../../../src/shared/ipc';
import { fakeClock, testApp } from '../../helpers/app';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const running: RunningServe[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});

const LIMIT_MINOR = 10_000;
const manual = (amount: string) => ({
  processorTxnId: `M-${amount}-${String(Math.random()).slice(2, 8)}`,
  tender: 'cash',
  amount,
  ehr: 'epic',
  facility: 'MAIN',
  guarantorAccount: 'G1000001',
});

/** Each gated call, with the least role that may make it. */
function gatedCalls(
  postings: { small: number; large: number },
  settings: unknown,
): { name: string; args: unknown; needs: Role }[] {
  return [
    { name: 'postings.hold', args: { id: postings.small, held: true }, needs: 'operator' },
    { name: 'payments.enterManual', args: manual('99.00'), needs: 'operator' },
    { name: 'payments.enterManual', args: manual('100.01'), needs: 'supervisor' },
    {
      name: 'postings.markManual',
      args: { id: postings.large, ehrReference: 'PMT-1', note: 'posted by hand' },
      needs: 'supervisor',
    },
    { name: 'bulk.preview', args: { filter: {}, action: 'hold' }, needs: 'supervisor' },
    { name: 'reports.export', args: { kind: 'recon', date: '2026-11-23' }, needs: 'supervisor' },
    // Saved unchanged: saving defaults would drop the role mapping under test.
    { name: 'settings.save', args: { settings }, needs: 'supervisor' },
    { name: 'secrets.set', args: { name: 'smtp.password', value: 'x' }, needs: 'supervisor' },
    {
      name: 'accounts.save',
      args: { username: 'someone', role: 'viewer', password: 'a-long-password!' },
      needs: 'supervisor',
    },
  ];
}

const SESSION = 'X-Clearpost-Session';
const below = (role: Role) => ROLES.slice(0, ROLES.indexOf(role));

describe('the role table', () => {
  it('places every command explicitly (a new command defaults to supervisor until placed)', () => {
    const unplaced = Object.keys(COMMANDS).filter((name) => !Object.hasOwn(MINIMUM_ROLE, name));
    expect(unplaced).toEqual([]);
  });

  it('ends a session after the idle time and after the maximum age', () => {
    const clock = fakeClock();
    const sessions = createSessions(clock, () => ({ idleMs: 1_000, maxMs: 5_000 }));
    const idle = sessions.start('pat', 'operator');
    clock.advance(1_001);
    expect(sessions.get(idle.id)).toBeNull();
    const busy = sessions.start('pat', 'operator');
    for (let i = 0; i < 5; i += 1) {
      clock.advance(900);
      expect(sessions.get(busy.id)?.username).toBe('pat');
    }
    clock.advance(900);
    expect(sessions.get(busy.id)).toBeNull();
  });
});

describe('roles over IPC (desktop: OS user → role from settings)', () => {
  it('refuses each gated action to every role below it, and audits the refusal', async () => {
    const app = await testApp(tempDir());
    const small = seedPosting(app.repos, 'failure', { amountMinor: 5_000 }).postingId;
    const large = seedPosting(app.repos, 'failure', { amountMinor: 50_000 }).postingId;
    app.settings.save({
      ...app.settings.get(),
      access: {
        ...app.settings.get().access,
        manualPostingLimitsMinor: { USD: LIMIT_MINOR },
        desktopUsers: {
          'desk.viewer': 'viewer',
          'desk.operator': 'operator',
          'desk.supervisor': 'supervisor',
        },
      },
    });
    const invokeAs = (user: string) => {
      let handler: ((event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>) | undefined;
      registerIpcTransport({
        ipc: { handle: (_c, l) => (handler = l), removeHandler: () => undefined },
        dispatch: app.dispatch,
        bus: app.bus,
        isTrustedUrl: () => true,
        broadcast: () => undefined,
        caller: { actor: user, transport: 'ipc' },
      });
      return async (name: string, args: unknown) => {
        const result = (await handler!(
          { senderFrame: { url: 'file:///app/index.html' } },
          name,
          args,
        )) as Envelope<unknown>;
        return result;
      };
    };
    let refusals = 0;
    for (const call of gatedCalls({ small, large }, app.settings.get())) {
      for (const role of below(call.needs)) {
        const result = await invokeAs(`desk.${role}`)(call.name, call.args);
        expect(result.ok ? 'ok' : result.error.code, `${call.name} as ${role}`).toBe('forbidden');
        refusals += 1;
      }
      const allowed = await invokeAs(`desk.${call.needs}`)(call.name, call.args);
      expect(allowed.ok ? 'ok' : allowed.error.code, `${call.name} as ${call.needs}`).not.toBe('forbidden');
    }
    // An OS user nobody named gets the default role (viewer), once someone is named.
    const stranger = await invokeAs('someone.else')('postings.hold', { id: small, held: false });
    expect(stranger.ok ? 'ok' : stranger.error.message).toMatch(
      /needs the operator role; someone.else is a viewer/,
    );
    const denied = app.store.db
      .prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'access.denied'")
      .get() as { n: number };
    expect(denied.n).toBe(refusals + 1);
    expect(IPC_INVOKE_CHANNEL).toBeTruthy();
    await app.close();
  });
});

function http(
  s: RunningServe,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Envelope<unknown>; session: string | null; setCookie: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: s.port,
        path,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.token}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const json = JSON.parse(Buffer.concat(chunks).toString()) as Envelope<unknown>;
          const result = json.ok ? (json.result as { sessionId?: unknown } | null) : null;
          resolve({
            status: res.statusCode ?? 0,
            json,
            session: typeof result?.sessionId === 'string' ? result.sessionId : null,
            setCookie: res.headers['set-cookie'],
          });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('roles over HTTP (serve mode: local accounts and sessions)', () => {
  it('needs sign-in once accounts exist, refuses wrong passwords, and refuses each gated action to the roles below it', async () => {
    const s = await startServe({ dataDir: tempDir(), port: 0, rendererDir: null, sandbox: false });
    running.push(s);
    const small = seedPosting(s.app.repos, 'failure', { amountMinor: 5_000 }).postingId;
    const large = seedPosting(s.app.repos, 'failure', { amountMinor: 50_000 }).postingId;
    s.app.settings.save({
      ...s.app.settings.get(),
      access: { ...s.app.settings.get().access, manualPostingLimitsMinor: { USD: LIMIT_MINOR } },
    });

    // Before any account exists, the token alone is nobody: it may only create the first supervisor.
    const tokenOnly = await http(s, '/api/accounts.save', {
      username: 'web.supervisor',
      role: 'supervisor',
      password: 'supervisor-password-123',
    });
    expect(tokenOnly.status).toBe(401);
    const boss = await http(s, '/auth/first-supervisor', {
      username: 'web.supervisor',
      password: 'supervisor-password-123',
    });
    expect(boss.json).toMatchObject({ ok: true, result: { actor: 'web.supervisor', role: 'supervisor' } });
    expect(boss.setCookie).toBeUndefined();
    for (const role of ['viewer', 'operator'] as const) {
      const made = await http(
        s,
        '/api/accounts.save',
        { username: `web.${role}`, role, password: `${role}-password-123` },
        { [SESSION]: boss.session! },
      );
      expect(made.status, role).toBe(200);
    }
    const anonymous = await http(s, '/api/app.info', {});
    expect(anonymous).toMatchObject({
      status: 401,
      json: { error: { code: 'unauthorized', message: expect.stringMatching(/^sign-in: /) as unknown } },
    });
    const noToken = await http(
      s,
      '/auth/sign-in',
      { username: 'web.viewer', password: 'viewer-password-123' },
      { Authorization: 'Bearer wrong' },
    );
    expect(noToken.status).toBe(401);
    const wrong = await http(s, '/auth/sign-in', { username: 'web.viewer', password: 'nope-nope-nope' });
    expect(wrong).toMatchObject({ status: 401, session: null });

    const cookies: Partial<Record<Role, string>> = {};
    for (const role of ROLES) {
      const signedIn = await http(s, '/auth/sign-in', {
        username: `web.${role}`,
        password: `${role}-password-123`,
      });
      expect(signedIn.json).toMatchObject({ ok: true, result: { actor: `web.${role}`, role } });
      // The session id comes in the answer, never in a cookie (cookies reach every port of 127.0.0.1).
      expect(signedIn.setCookie).toBeUndefined();
      cookies[role] = signedIn.session!;
    }
    const whoami = await http(s, '/api/auth.whoami', {}, { [SESSION]: cookies.operator! });
    expect(whoami.json).toMatchObject({
      ok: true,
      result: { actor: 'web.operator', role: 'operator', transport: 'http' },
    });

    for (const call of gatedCalls({ small, large }, s.app.settings.get())) {
      for (const role of below(call.needs)) {
        const result = await http(s, `/api/${call.name}`, call.args, { [SESSION]: cookies[role]! });
        expect(result.status, `${call.name} as ${role}`).toBe(403);
      }
      const allowed = await http(s, `/api/${call.name}`, call.args, { [SESSION]: cookies[call.needs]! });
      expect(allowed.status, `${call.name} as ${call.needs}`).not.toBe(403);
    }

    // Every action is attributed to the person signed in.
    const entered = await http(s, '/api/payments.enterManual', manual('12.00'), {
      [SESSION]: cookies.operator!,
    });
    expect(entered.status).toBe(200);
    const actor = s.app.store.db
      .prepare(
        "SELECT actor FROM audit_events WHERE action = 'payment.manual_entered' ORDER BY id DESC LIMIT 1",
      )
      .get() as { actor: string };
    expect(actor.actor).toBe('web.operator');

    // Disabling an account ends its sessions at once; signing out ends one.
    await http(
      s,
      '/api/accounts.save',
      { username: 'web.operator', role: 'operator', disabled: true },
      { [SESSION]: cookies.supervisor! },
    );
    expect((await http(s, '/api/app.info', {}, { [SESSION]: cookies.operator! })).status).toBe(401);
    await http(s, '/auth/sign-out', {}, { [SESSION]: cookies.viewer! });
    expect((await http(s, '/api/app.info', {}, { [SESSION]: cookies.viewer! })).status).toBe(401);
  });
});
