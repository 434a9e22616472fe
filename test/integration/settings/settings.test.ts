import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateSettings } from '../../../src/main/settings/migrations';
import { loadSettings, validateSettings } from '../../../src/main/settings/settings-store';
import { startSandbox } from '../../../src/main/sandbox';
import { silentLogger, testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const supervisor = { actor: 'sam.supervisor', transport: 'test' as const, role: 'supervisor' as const };

const epic = (overrides: Record<string, unknown> = {}) => ({
  ehr: 'epic',
  id: 'epic-main',
  name: 'Epic (main campus)',
  baseUrl: 'https://epic.example.org',
  tokenUrl: 'https://epic.example.org/oauth2/token',
  clientId: 'clearpost',
  clientSecretRef: 'ehr.epic-main.client-secret',
  ...overrides,
});

describe('settings validation', () => {
  it('refuses a plaintext secret and says to use the vault', () => {
    expect(() =>
      validateSettings({ version: 1, connections: [{ ...epic(), clientSecret: 'oops' }] }),
    ).toThrow(/connections\.0\.clientSecret: secrets are never stored in settings: store it in the vault/);
    expect(() =>
      validateSettings({
        version: 1,
        email: { smtp: { host: 'mail', port: 25, password: 'x' }, from: 'a@b.org', to: ['c@d.org'] },
      }),
    ).toThrow(/email\.smtp\.password: .*passwordRef/);
  });

  it('names every problem with its path', () => {
    try {
      validateSettings({
        version: 1,
        connections: [epic({ baseUrl: 'ftp://x', retry: { windowMs: 5 } }), epic()],
        facilities: { timeZones: { MAIN: 'Mars/Olympus' } },
        schedules: { reports: { at: '25:00' } },
        access: { desktopUsers: { pat: 'admin' } },
      });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      for (const expected of [
        'connections.0.baseUrl: Expected an http(s) URL',
        'connections.0.retry.windowMs',
        'connections.1.id: Connection id "epic-main" is used twice',
        'facilities.timeZones.MAIN: Unknown IANA time zone',
        'schedules.reports.at: A time of day is HH:MM',
        'access.desktopUsers.pat',
      ]) {
        expect(message).toContain(expected);
      }
    }
  });

  it('refuses plain http to an EHR anywhere but this machine', () => {
    for (const url of ['http://epic.example.org/api', 'http://10.0.0.5/fhir', 'http://127.evil.example/x']) {
      expect(() => validateSettings({ version: 2, connections: [epic({ baseUrl: url })] }), url).toThrow(
        /connections\.0\.baseUrl: Use https: plain http is allowed only to this machine/,
      );
    }
    for (const url of ['https://epic.example.org/api', 'http://127.0.0.1:8080/', 'http://localhost:9/x']) {
      expect(
        () => validateSettings({ version: 2, connections: [epic({ baseUrl: url })] }),
        url,
      ).not.toThrow();
    }
  });

  it('migrates an unversioned document, refuses a newer one, and leaves a broken file untouched', () => {
    expect(migrateSettings({ timeZones: { MAIN: 'America/New_York' } })).toEqual({
      doc: { facilities: { timeZones: { MAIN: 'America/New_York' } }, version: 2 },
      from: 0,
    });
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ version: 9 }));
    expect(() => loadSettings(file)).toThrow(/newer Clearpost .*not changed/);
    writeFileSync(file, '{"version": 1, "connections": [{"ehr": "epic"}]}');
    expect(() => loadSettings(file)).toThrow(/settings file .* is invalid \(it was not changed\)/);
    expect(readFileSync(file, 'utf8')).toBe('{"version": 1, "connections": [{"ehr": "epic"}]}');
    writeFileSync(file, JSON.stringify({ timeZones: { MAIN: 'America/Denver' } }));
    expect(loadSettings(file).facilities).toEqual({
      timeZones: { MAIN: 'America/Denver' },
      defaultTimeZone: 'America/Chicago',
    });
  });
});

describe('settings through the console API', () => {
  it('rejects invalid settings with invalid_arguments and issues, and saves valid ones atomically', async () => {
    const app = await testApp(tempDir());
    const bad = await app.dispatch(
      'settings.save',
      { settings: { connections: [epic({ tokenUrl: 'nope' })] } },
      supervisor,
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments', issues: [{ path: 'connections.0.tokenUrl' }] },
    });
    const good = await app.dispatch('settings.save', { settings: { connections: [epic()] } }, supervisor);
    expect(good).toMatchObject({
      ok: true,
      result: {
        restartRequired: true,
        secrets: [
          {
            name: 'ehr.epic-main.client-secret',
            set: false,
            usedBy: ['connections.epic-main.clientSecretRef'],
          },
        ],
      },
    });
    expect(JSON.parse(readFileSync(app.layout.settings, 'utf8'))).toMatchObject({
      version: 2,
      connections: [{ id: 'epic-main' }],
    });
    await app.close();
  });

  it('a fixed serve-mode port is read when serve mode starts: saving one asks for a restart', async () => {
    const app = await testApp(tempDir());
    const saved = await app.dispatch('settings.save', { settings: { serve: { port: 8443 } } }, supervisor);
    expect(saved).toMatchObject({ ok: true, result: { restartRequired: true } });
    await app.close();
  });

  it('tests a connection: missing secret, wrong secret, then a token and a harmless lookup against the simulated Epic', async () => {
    const sandbox = await startSandbox({ logger: silentLogger });
    try {
      const sim = sandbox.connections.find((c) => c.ehr === 'epic')!;
      const app = await testApp(tempDir());
      const { clientSecret, ...rest } = sim;
      await app.dispatch(
        'settings.save',
        {
          settings: {
            connections: [{ ...rest, id: 'epic-sim', clientSecretRef: 'ehr.epic-sim.client-secret' }],
          },
        },
        supervisor,
      );

      const missing = await app.dispatch('settings.testConnection', { id: 'epic-sim' }, supervisor);
      expect(missing).toMatchObject({ ok: true, result: { ok: false, stage: 'secret' } });
      await app.dispatch(
        'secrets.set',
        { name: 'ehr.epic-sim.client-secret', value: 'not-the-secret' },
        supervisor,
      );
      const wrong = await app.dispatch('settings.testConnection', { id: 'epic-sim' }, supervisor);
      expect(wrong).toMatchObject({ ok: true, result: { ok: false, stage: 'token' } });
      await app.dispatch(
        'secrets.set',
        { name: 'ehr.epic-sim.client-secret', value: clientSecret },
        supervisor,
      );
      const right = await app.dispatch('settings.testConnection', { id: 'epic-sim' }, supervisor);
      expect(right).toMatchObject({ ok: true, result: { ok: true, stage: 'done' } });
      expect(sandbox.epic.ledger.postings()).toHaveLength(0);
      const unknown = await app.dispatch('settings.testConnection', { id: 'nope' }, supervisor);
      expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
      await app.close();

      // Configured connections replace the sandbox's at the next start, and the sandbox stays off.
      const restarted = await testApp(app.layout.dataDir);
      expect(restarted.engine.status().connections.map((c) => c.id)).toEqual(['epic-sim']);
      expect(restarted.sandbox).toBeNull();
      await restarted.close();
    } finally {
      await sandbox.stop();
    }
  });
});
