/**
 * Every command of the contract over serve mode's real HTTP transport, as nobody and as each role: nobody
 * (the console token without a session) is always refused 401; each role is refused 403 for the commands
 * above it and never refused for role reasons at or below it. Arguments are empty: many calls then fail
 * validation (400), which is fine — the role gate comes first, and only 401/403 are about access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimumRole, roleAtLeast } from '../../../src/main/auth/roles';
import { startServe, type RunningServe } from '../../../src/main/serve';
import { ROLES, type Role } from '../../../src/shared/commands/access';
import { COMMANDS, type CommandName } from '../../../src/shared/contract';
import {
  accountSession,
  callAs,
  createFirstSupervisor,
  type ConsoleSession,
} from '../../helpers/serve-session';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let serve: RunningServe;
const sessions = {} as Record<Role | 'anonymous', ConsoleSession>;

beforeAll(async () => {
  serve = await startServe({ dataDir: tempDir(), port: 0, rendererDir: null, sandbox: false });
  const origin = `http://127.0.0.1:${String(serve.port)}`;
  sessions.supervisor = await createFirstSupervisor(origin, serve.token);
  for (const role of ['viewer', 'operator'] as const) {
    sessions[role] = await accountSession(sessions.supervisor, {
      username: `table.${role}`,
      password: `${role} password for the table`,
      role,
    });
  }
  // The token without a session: the link alone.
  sessions.anonymous = { origin, token: serve.token, sessionId: '' };
});
afterAll(async () => {
  await serve.close();
});

const names = Object.keys(COMMANDS) as CommandName[];

describe('the whole contract over HTTP, by role', () => {
  it('lists commands of every role (the table below is not empty by accident)', () => {
    expect(names.length).toBeGreaterThan(40);
    for (const role of ROLES)
      expect(
        names.some((n) => minimumRole(n) === role),
        role,
      ).toBe(true);
  });

  it.each(names)(
    '%s: nobody gets 401; roles below its minimum get 403; the rest are let through',
    async (name) => {
      const anonymous = await callAs(sessions.anonymous, name);
      expect(anonymous.status, 'anonymous').toBe(401);
      expect(anonymous.body.error?.code).toBe('unauthorized');

      const minimum = minimumRole(name);
      for (const role of ROLES) {
        const { status, body } = await callAs(sessions[role], name);
        if (roleAtLeast(role, minimum)) {
          expect([401, 403], `${role} at or above ${minimum}: ${JSON.stringify(body.error)}`).not.toContain(
            status,
          );
        } else {
          expect(status, `${role} below ${minimum}`).toBe(403);
          expect(body.error?.message).toContain(`needs the ${minimum} role`);
        }
      }
    },
  );
});
