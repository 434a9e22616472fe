/**
 * The switch-to-live checklist and "Restart now" through the real dispatcher: a connection counts as
 * tested only after a successful test of what is saved now, the webhook subscription only with its secret
 * set, and a restart is refused where no host offers one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClearpostApp } from '../../../src/main/app';
import { startSandbox, type RunningSandbox } from '../../../src/main/sandbox';
import type { GoLiveView } from '../../../src/shared/commands/go-live';
import { dispatchOk, testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const supervisor = { actor: 'sam.supervisor', transport: 'test' as const, role: 'supervisor' as const };
const opened: { app?: ClearpostApp; sims?: RunningSandbox }[] = [];
afterEach(async () => {
  for (const { app, sims } of opened.splice(0)) {
    await app?.close();
    await sims?.stop();
  }
});

const done = (view: GoLiveView) => Object.fromEntries(view.items.map((i) => [i.id, i.done]));

describe('the switch-to-live checklist', () => {
  it('starts with everything but the schedule to do, and names the production restart', async () => {
    const dataDir = tempDir();
    const app = await testApp(dataDir);
    opened.push({ app });
    const view = await dispatchOk(app, 'settings.goLive', {}, supervisor);
    expect(done(view)).toEqual({
      connections: false,
      webhook: false,
      email: false,
      supervisor: false,
      schedule: true,
    });
    expect(view.running).toBe('production');
    expect(view.productionDatabase.state).toBe('fresh');
    expect(view.restart).toEqual({
      instruction: `clearpost serve --data-dir ${dataDir} --ehr-sandbox off`,
      offered: false,
    });
  });

  it('counts a connection as tested only after a successful test of what is saved now', async () => {
    const sims = await startSandbox();
    const app = await testApp(tempDir());
    opened.push({ app, sims });
    const epic = sims.connections.find((c) => c.ehr === 'epic')!;
    const { clientSecret, ...rest } = epic;
    const connection = { ...rest, clientSecretRef: 'ehr.epic-main.client-secret' };
    const save = (name: string) =>
      dispatchOk(
        app,
        'settings.save',
        { settings: { ...app.settings.get(), connections: [{ ...connection, name }] } },
        supervisor,
      );
    await save('Epic');
    // A wrong secret: the test fails, and the checklist says so.
    await dispatchOk(app, 'secrets.set', { name: connection.clientSecretRef, value: 'wrong' }, supervisor);
    const failed = await dispatchOk(app, 'settings.testConnection', { id: epic.id }, supervisor);
    expect(failed.ok).toBe(false);
    expect(done(await dispatchOk(app, 'settings.goLive', {}, supervisor)).connections).toBe(false);

    await dispatchOk(
      app,
      'secrets.set',
      { name: connection.clientSecretRef, value: clientSecret },
      supervisor,
    );
    expect((await dispatchOk(app, 'settings.testConnection', { id: epic.id }, supervisor)).ok).toBe(true);
    expect(done(await dispatchOk(app, 'settings.goLive', {}, supervisor)).connections).toBe(true);

    // A saved change makes the last test stale.
    await save('Epic (renamed)');
    const stale = await dispatchOk(app, 'settings.goLive', {}, supervisor);
    expect(stale.items.find((i) => i.id === 'connections')).toMatchObject({
      done: false,
      detail: expect.stringContaining('Epic (renamed)') as unknown,
    });
  });

  it('needs the webhook subscription’s secret set', async () => {
    const app = await testApp(tempDir());
    opened.push({ app });
    const webhook = { keyId: 'key-live-1', keyRef: 'webhook.key-live-1.key' };
    await dispatchOk(
      app,
      'settings.save',
      { settings: { ...app.settings.get(), webhooks: [webhook] } },
      supervisor,
    );
    const before = await dispatchOk(app, 'settings.goLive', {}, supervisor);
    expect(before.items.find((i) => i.id === 'webhook')).toMatchObject({
      done: false,
      detail: expect.stringContaining('key-live-1') as unknown,
    });
    await dispatchOk(app, 'secrets.set', { name: webhook.keyRef, value: 'c2VjcmV0' }, supervisor);
    expect(done(await dispatchOk(app, 'settings.goLive', {}, supervisor)).webhook).toBe(true);
  });
});

describe('Restart now', () => {
  it('is refused where no host offers it, and asks the host once where one does', async () => {
    const app = await testApp(tempDir());
    opened.push({ app });
    const refused = await app.dispatch('settings.restart', {}, supervisor);
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect((await dispatchOk(app, 'settings.get', {}, supervisor)).restartOffered).toBe(false);

    let asked = 0;
    const withdraw = app.settings.restart.offer(() => asked++);
    expect((await dispatchOk(app, 'settings.get', {}, supervisor)).restartOffered).toBe(true);
    const answer = await dispatchOk(app, 'settings.restart', {}, supervisor);
    expect(answer.restarting).toBe(true);
    expect(asked).toBe(1);
    expect(app.repos.audit.withAction('settings.restart_requested')).toHaveLength(1);
    withdraw();
    expect(app.settings.restart.offered).toBe(false);
  });

  it('is a supervisor’s: an operator is refused and nothing restarts', async () => {
    const app = await testApp(tempDir());
    opened.push({ app });
    let asked = 0;
    app.settings.restart.offer(() => asked++);
    const operator = { ...supervisor, actor: 'olga.operator', role: 'operator' as const };
    const refused = await app.dispatch('settings.restart', {}, operator);
    expect(refused.ok).toBe(false);
    expect((await app.dispatch('settings.goLive', {}, operator)).ok).toBe(false);
    expect(asked).toBe(0);
  });
});
