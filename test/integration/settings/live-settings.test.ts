import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { fakeClock, silentLogger, testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { startSmtp } from '../notifications/smtp';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const close of closers.splice(0)) await close();
});
const supervisor = { actor: 'sam.supervisor', transport: 'test' as const, role: 'supervisor' as const };
const viewer = { actor: 'val.viewer', transport: 'test' as const, role: 'viewer' as const };

async function save(app: ClearpostApp, change: (s: Record<string, unknown>) => Record<string, unknown>) {
  const current = app.settings.get() as unknown as Record<string, unknown>;
  return app.dispatch('settings.save', { settings: change(current) }, supervisor);
}

/** A long-running app (serve mode) on a fake clock, without sandbox or engine: the timers are what is tested. */
async function serveApp(dataDir: string, start: number) {
  const clock = fakeClock(start);
  const app = await createApp({
    dataDir,
    mode: 'serve',
    logger: silentLogger,
    clock,
    engine: { autoStart: false },
  });
  apps.push(app);
  return { app, clock };
}

describe('settings applied without a restart', () => {
  it('honours a new report time at the next check, and none while the schedule is off', async () => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ version: 1, facilities: { timeZones: { MAIN: 'America/Chicago' } } }),
    );
    // 2026-11-23 05:00 in Chicago (11:00Z): with the default 06:00 nothing is due yet.
    const { app } = await serveApp(dataDir, Date.UTC(2026, 10, 23, 11, 0, 0));
    const scheduler = app.scheduler!;
    expect(await scheduler.tick()).toEqual([]);

    await save(app, (s) => ({ ...s, schedules: { reports: { at: '04:30', enabled: false } } }));
    expect(scheduler.schedule).toEqual({ at: '04:30', enabled: false });
    expect(await scheduler.tick()).toEqual([]);

    const saved = await save(app, (s) => ({ ...s, schedules: { reports: { at: '04:30', enabled: true } } }));
    // Only connections and webhooks wait for a restart.
    expect(saved).toMatchObject({ ok: true, result: { restartRequired: false } });
    const written = await scheduler.tick();
    expect(written.map((f) => f.file)).toEqual([
      'recon_MAIN_2026-11-22.csv',
      'recon_MAIN_2026-11-22_totals.csv',
    ]);
    expect(readdirSync(join(app.layout.dataDir, 'reports')).sort()).toEqual([
      'recon_MAIN_2026-11-22.csv',
      'recon_MAIN_2026-11-22_totals.csv',
    ]);
  });

  it('routes the next payment by the routing table saved last', async () => {
    const app = await createApp({
      dataDir: tempDir(),
      mode: 'test',
      logger: silentLogger,
      clock: fakeClock(),
      engine: { autoStart: false },
    });
    apps.push(app);
    let n = 0;
    const admit = () => {
      n += 1;
      const { id } = app.repos.events.insert(
        {
          source: 'webhook',
          processorTxnId: `ROUTE${String(n)}`,
          kind: 'one_time_payment',
          tender: 'paypal',
          amountMinor: 2_500,
          currency: 'USD',
          ehr: 'oracle_health',
          facility: 'MAIN',
          guarantorAccount: 'G100001',
          encounterId: 'E500001',
          transactionAt: Date.UTC(2026, 10, 23, 15, 0, 0),
        },
        Date.UTC(2026, 10, 23, 15, 0, 0),
      );
      app.engine.admitQueued();
      return app.repos.postings.forEvent(id)!;
    };
    // By default PayPal never goes to Oracle Health by API.
    expect(admit()).toMatchObject({ channel: 'exception', status: 'failure', reasonCode: 'not_routable' });

    const table = app.settings.get().routing;
    const result = await save(app, (s) => ({
      ...s,
      routing: {
        ...table,
        rules: table.rules.map((r) =>
          r.ehr === 'oracle_health' && r.tenders.includes('paypal')
            ? { ...r, channel: 'manual', reason: 'PayPal is posted by hand at this site.' }
            : r,
        ),
      },
    }));
    expect(result).toMatchObject({ ok: true, result: { restartRequired: false } });
    expect(admit()).toMatchObject({ channel: 'manual', status: 'will_not_be_sent' });

    await save(app, (s) => ({ ...s, routing: { ...table, fileOnlyFacilities: ['MAIN'] } }));
    expect(admit()).toMatchObject({ channel: 'daily_file', status: 'pending' });
  });

  it('starts, changes and stops email notifications as the email settings are saved', async () => {
    const smtp = await startSmtp();
    closers.push(smtp.close);
    const { app } = await serveApp(tempDir(), Date.UTC(2026, 10, 23, 15, 0, 0));
    expect(app.notifications).toBeNull();
    await save(app, (s) => ({
      ...s,
      email: {
        smtp: { host: '127.0.0.1', port: smtp.port },
        from: 'clearpost@hospital.example',
        to: ['billing@hospital.example'],
      },
    }));
    await vi.waitFor(() => expect(app.notifications).not.toBeNull());
    const first = app.notifications;
    await save(app, (s) => ({
      ...s,
      email: { ...(s.email as object), to: ['cash-posting@hospital.example'] },
    }));
    await vi.waitFor(() => expect(app.notifications).not.toBe(first));
    expect(app.notifications).not.toBeNull();
    await save(app, (s) => ({ ...s, email: null }));
    await vi.waitFor(() => expect(app.notifications).toBeNull());
  });

  it('says a restart is needed after a connection change, and only then', async () => {
    const app = await testApp(tempDir());
    apps.push(app);
    expect(await save(app, (s) => ({ ...s, access: { sessionIdleMinutes: 10 } }))).toMatchObject({
      ok: true,
      result: { restartRequired: false },
    });
    // Facility zones are read by the report service at every file, so they apply at once as well.
    expect(
      await save(app, (s) => ({ ...s, facilities: { timeZones: { MAIN: 'America/Denver' } } })),
    ).toMatchObject({ ok: true, result: { restartRequired: false } });
    await save(app, (s) => ({ ...s, facilities: { timeZones: {} } }));
    const withConnection = await save(app, (s) => ({
      ...s,
      connections: [
        {
          ehr: 'epic',
          id: 'epic-main',
          name: 'Epic',
          baseUrl: 'https://epic.example.org',
          tokenUrl: 'https://epic.example.org/oauth2/token',
          clientId: 'clearpost',
          clientSecretRef: 'ehr.epic-main.client-secret',
        },
      ],
    }));
    expect(withConnection).toMatchObject({ ok: true, result: { restartRequired: true } });
  });
});

describe('test email', () => {
  it('sends through the saved SMTP relay, and names the problem when it cannot', async () => {
    const smtp = await startSmtp();
    closers.push(smtp.close);
    const app = await testApp(tempDir());
    apps.push(app);
    expect(await app.dispatch('settings.testEmail', {}, supervisor)).toMatchObject({
      ok: true,
      result: { ok: false, message: expect.stringMatching(/No email settings are saved/) as unknown },
    });
    const email = {
      smtp: { host: '127.0.0.1', port: smtp.port },
      from: 'clearpost@hospital.example',
      to: ['billing@hospital.example', 'cash@hospital.example'],
      subjectPrefix: 'Mercy General',
    };
    expect(await save(app, (s) => ({ ...s, email }))).toMatchObject({ ok: true });
    const sent = await app.dispatch('settings.testEmail', {}, supervisor);
    expect(sent).toMatchObject({
      ok: true,
      result: { ok: true, message: expect.stringContaining(`127.0.0.1:${String(smtp.port)}`) as unknown },
    });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toBe('[Mercy General] Test message');
    expect(mail!.text).toContain('sent by sam.supervisor');
    expect((mail!.to as { text: string }).text).toBe('billing@hospital.example, cash@hospital.example');

    // Nothing listens on the port any more.
    await smtp.close();
    closers.splice(0);
    const refused = await app.dispatch('settings.testEmail', {}, supervisor);
    expect(refused).toMatchObject({
      ok: true,
      result: {
        ok: false,
        message: expect.stringMatching(/Could not connect to 127\.0\.0\.1:\d+/) as unknown,
      },
    });
    // Only a supervisor may send one.
    expect(await app.dispatch('settings.testEmail', {}, viewer)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});

describe('who may change settings', () => {
  it('lets a viewer read the settings and refuses the save, leaving the file as it was', async () => {
    const app = await testApp(tempDir());
    apps.push(app);
    expect(await app.dispatch('settings.get', {}, viewer)).toMatchObject({ ok: true });
    const refused = await app.dispatch(
      'settings.save',
      { settings: { ...app.settings.get(), facilities: { timeZones: { MAIN: 'America/Denver' } } } },
      viewer,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(app.settings.get().facilities.timeZones).toEqual({});
    expect(existsSync(app.layout.settings)).toBe(false);
  });

  it('names the field of every invalid value in the sections', async () => {
    const app = await testApp(tempDir());
    apps.push(app);
    const bad = await save(app, (s) => ({
      ...s,
      facilities: { timeZones: { MAIN: 'Mars/Olympus' } },
      schedules: { reports: { at: '6am' }, backups: { everyHours: 0 } },
      access: { manualPostingLimitsMinor: { USD: 12.5 }, sessionMaxHours: 100 },
      email: { smtp: { host: 'mail', port: 25 }, from: 'not an address', to: [] },
    }));
    expect(bad.ok).toBe(false);
    const paths = bad.ok ? [] : (bad.error.issues ?? []).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'facilities.timeZones.MAIN',
        'schedules.reports.at',
        'schedules.backups.everyHours',
        'access.manualPostingLimitsMinor.USD',
        'access.sessionMaxHours',
        'email.from',
        'email.to',
      ]),
    );
  });
});
