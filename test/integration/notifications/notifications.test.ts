import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClearpostApp } from '../../../src/main/app';
import { EventBus } from '../../../src/main/lib/event-bus';
import type { EngineEvents } from '../../../src/main/engine/engine';
import { FailureDigest } from '../../../src/main/notifications/failure-digest';
import { IncidentAlerts } from '../../../src/main/notifications/incident-alerts';
import { mailSettingsSchema, type MailSettingsInput } from '../../../src/main/notifications/mail-settings';
import { createMailer, type Mailer } from '../../../src/main/notifications/mailer';
import { startNotifications } from '../../../src/main/notifications/notifications';
import { notifiedFailuresRepository } from '../../../src/main/store/repositories/notified-failures';
import type { ConnectionStatus, EngineStatus } from '../../../src/shared/contract';
import { fakeClock, silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { reportHarness } from '../reconciliation/harness';
import { startSmtp } from './smtp';

const tempDir = useTempDirs();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function settings(port: number, extra: Partial<MailSettingsInput> = {}) {
  return mailSettingsSchema.parse({
    smtp: { host: '127.0.0.1', port, connectionTimeoutMs: 2_000 },
    from: 'clearpost@hospital.example',
    to: ['billing-team@hospital.example'],
    subjectPrefix: 'Clearpost North',
    retryMs: 1_000,
    ...extra,
  });
}

async function smtp(port = 0) {
  const server = await startSmtp(port);
  cleanups.push(() => server.close());
  return server;
}

function mailer(s: ReturnType<typeof settings>): Mailer {
  const m = createMailer(s);
  cleanups.push(() => m.close());
  return m;
}

async function failures() {
  const h = await reportHarness(tempDir());
  cleanups.push(() => h.app.close());
  const fail = (extra: Record<string, unknown> = {}) =>
    h.seed(
      'failure',
      {
        cardBrand: 'VISA',
        cardLast4: '4242',
        cardExpiry: '2029-04',
        guarantorAccount: 'GA99887766',
        encounterId: 'ENC5550001',
        ...extra,
      },
      { reasonCode: '422', reason: 'Unprocessable Entity', nextStep: 'Manually post payment' },
    );
  return { ...h, fail };
}

/** A port nothing listens on: bound once, then released. */
async function deadPort(): Promise<number> {
  const server = await startSmtp();
  await server.close();
  return server.port;
}

function digest(app: ClearpostApp, m: Mailer, s: ReturnType<typeof settings>) {
  const d = new FailureDigest({
    repo: notifiedFailuresRepository(app.store.db),
    mailer: m,
    clock: fakeClock(),
    logger: silentLogger,
    settings: s,
  });
  cleanups.push(() => d.stop());
  return d;
}

describe('failure digest over real SMTP', () => {
  it('sends one message for many failures, with no card data and no patient data beyond the template', async () => {
    const server = await smtp();
    const { app, fail, seed } = await failures();
    const items = [fail(), fail({ amountMinor: 50_000 }), fail({ kind: 'payment_plan' })];
    seed('success');
    const s = settings(server.port);
    const d = digest(app, mailer(s), s);
    expect(await d.flush()).toBe(3);
    const [mail] = await server.waitFor(1);
    expect(mail?.subject).toBe('[Clearpost North] 3 posting failures');
    expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe('billing-team@hospital.example');
    const body = mail?.text ?? '';
    for (const item of items) {
      expect(body).toContain(`#${String(item.postingId)} MAIN`);
      expect(body).toContain(item.event.processorTxnId);
    }
    expect(body).toContain('422: Unprocessable Entity');
    expect(body).toContain('Next step: Manually post payment');
    expect(body).toContain('$500.00');
    for (const secret of ['4242', '2029-04', 'VISA', 'GA99887766', '9887', 'ENC5550001']) {
      expect(body).not.toContain(secret);
    }
    // Announced once: a second flush has nothing to say.
    expect(await d.flush()).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.messages).toHaveLength(1);
  });

  it('shows only the last four of the guarantor account when the template allows it', async () => {
    const server = await smtp();
    const { app, fail } = await failures();
    fail();
    const s = settings(server.port, { template: { guarantorAccountLast4: true } });
    await digest(app, mailer(s), s).flush();
    const [mail] = await server.waitFor(1);
    expect(mail?.text).toContain('account …7766');
    expect(mail?.text).not.toContain('GA99887766');
    expect(mail?.text).not.toContain('4242');
  });

  it('SMTP down: nothing is marked announced, the digest is retried and arrives once with every item', async () => {
    const port = await deadPort();
    const { app, fail } = await failures();
    fail();
    fail();
    const s = settings(port);
    const d = digest(app, mailer(s), s);
    expect(await d.flush()).toBe(0);
    expect(notifiedFailuresRepository(app.store.db).unannounced(10)).toHaveLength(2);
    fail();
    const server = await smtp(port);
    // The retry (retryMs = 1 s) delivers without anyone calling flush again.
    const [mail] = await server.waitFor(1, 8_000);
    expect(mail?.subject).toBe('[Clearpost North] 3 posting failures');
    await d.flush(); // the retry in progress records what the server took
    expect(notifiedFailuresRepository(app.store.db).unannounced(10)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(server.messages).toHaveLength(1);
  });

  it('the engine’s failed event brings a digest after the delay, through startNotifications', async () => {
    const server = await smtp();
    const { app, fail } = await failures();
    const events = new EventEmitter<EngineEvents>();
    const status: EngineStatus = { state: 'running', connections: [], inFlight: 0, updatedAt: 0 };
    const n = startNotifications({
      db: app.store.db,
      bus: new EventBus(),
      engine: { events, status: () => status },
      clock: fakeClock(),
      logger: silentLogger,
      mail: { ...settings(server.port), digestDelayMs: 100 },
    });
    cleanups.push(() => n.stop());
    await new Promise((r) => setTimeout(r, 150)); // the start-up sweep finds nothing
    const item = fail();
    events.emit('failed', [item.postingId]);
    const [mail] = await server.waitFor(1);
    expect(mail?.text).toContain(`#${String(item.postingId)}`);
  });
});

describe('items held for verification are in a digest of their own', () => {
  async function held() {
    const h = await failures();
    const hold = () =>
      h.seed(
        'needs_verification',
        { guarantorAccount: 'GA99887766', encounterId: 'ENC5550001', ehr: 'oracle_health' },
        {
          reasonCode: 'timeout',
          reason: 'No answer from Oracle Health within 30 s.',
          nextStep: 'Check the EHR for this transaction id first, then mark it manually posted or retry it.',
        },
      );
    return { ...h, hold };
  }

  it('SMTP down: a held item is not marked announced and arrives once the server takes mail', async () => {
    const port = await deadPort();
    const { app, hold } = await held();
    hold();
    const s = settings(port);
    const d = digest(app, mailer(s), s);
    expect(await d.flush()).toBe(0);
    expect(notifiedFailuresRepository(app.store.db).unannouncedHeld(10)).toHaveLength(1);
    const server = await smtp(port);
    const [mail] = await server.waitFor(1, 8_000);
    expect(mail?.subject).toBe('[Clearpost North] 1 posting to verify in the EHR');
    await d.flush();
    expect(notifiedFailuresRepository(app.store.db).unannouncedHeld(10)).toHaveLength(0);
  });

  it('failures and held items go in two messages with their own subjects, each item once', async () => {
    const server = await smtp();
    const { app, fail, hold, seed } = await held();
    const failed = fail();
    const items = [hold(), hold(), hold()];
    seed('retry');
    const s = settings(server.port);
    const d = digest(app, mailer(s), s);
    expect(await d.flush()).toBe(4);
    const mails = await server.waitFor(2);
    const subjects = mails.map((m) => m.subject).sort();
    expect(subjects).toEqual([
      '[Clearpost North] 1 posting failure',
      '[Clearpost North] 3 postings to verify in the EHR',
    ]);
    const verify = mails.find((m) => m.subject?.includes('verify'))?.text ?? '';
    for (const item of items) expect(verify).toContain(`#${String(item.postingId)} MAIN`);
    expect(verify).not.toContain(`#${String(failed.postingId)} `);
    expect(verify).toContain('may already have posted them');
    expect(verify).toContain('Next step: Check the EHR for this transaction id first');
    for (const secret of ['GA99887766', 'ENC5550001', '4242']) expect(verify).not.toContain(secret);
    // Announced once, and the announcement is in the audit log of each posting.
    expect(await d.flush()).toBe(0);
    const audit = app.repos.audit.forSubject('posting', String(items[0]?.postingId));
    expect(audit.map((a) => a.action)).toContain('notification.verification_announced');
    await new Promise((r) => setTimeout(r, 200));
    expect(server.messages).toHaveLength(2);
  });

  it('an item newly held (a change to postings) brings its digest after the delay, through startNotifications', async () => {
    const server = await smtp();
    const { app, hold } = await held();
    const bus = new EventBus();
    const status: EngineStatus = { state: 'running', connections: [], inFlight: 0, updatedAt: 0 };
    const n = startNotifications({
      db: app.store.db,
      bus,
      engine: { events: new EventEmitter<EngineEvents>(), status: () => status },
      clock: fakeClock(),
      logger: silentLogger,
      mail: { ...settings(server.port), digestDelayMs: 100 },
    });
    cleanups.push(() => n.stop());
    await new Promise((r) => setTimeout(r, 150)); // the start-up sweep finds nothing
    const item = hold();
    bus.changed('postings');
    const [mail] = await server.waitFor(1);
    expect(mail?.subject).toBe('[Clearpost North] 1 posting to verify in the EHR');
    expect(mail?.text).toContain(`#${String(item.postingId)}`);
  });
});

describe('incident alerts over real SMTP', () => {
  const MIN = 60_000;
  const connection = (
    breaker: ConnectionStatus['breaker'],
    state: ConnectionStatus['state'] = 'up',
  ): EngineStatus => ({
    state: 'running',
    inFlight: 0,
    updatedAt: 0,
    connections: [{ id: 'sandbox-epic', ehr: 'epic', name: 'Riverside Epic', state, breaker }],
  });

  it('one alert per incident after the grace period, none for a blip, one recovery after a flapping end', async () => {
    const server = await smtp();
    const clock = fakeClock();
    const s = settings(server.port, { incidentGraceMs: 5 * MIN });
    const desktop: string[] = [];
    const alerts = new IncidentAlerts({
      mailer: mailer(s),
      clock,
      logger: silentLogger,
      settings: s,
      desktop: (t) => desktop.push(t),
    });
    cleanups.push(() => alerts.stop());

    alerts.observe(connection('closed'));
    alerts.observe(connection('open')); // a blip
    clock.advance(2 * MIN);
    alerts.observe(connection('closed'));
    clock.advance(10 * MIN);
    alerts.tick();
    await alerts.settled();
    expect(server.messages).toHaveLength(0);

    alerts.observe(connection('open'));
    clock.advance(4 * MIN);
    alerts.tick();
    alerts.observe(connection('half_open', 'down'));
    clock.advance(1 * MIN);
    alerts.tick();
    alerts.tick();
    alerts.observe(connection('open'));
    await alerts.settled();
    const [alert] = await server.waitFor(1);
    expect(alert?.subject).toBe('[Clearpost North] Epic connection "Riverside Epic" is failing');

    // Flapping: healthy for a minute, failing again: still the same incident.
    alerts.observe(connection('closed'));
    clock.advance(1 * MIN);
    alerts.observe(connection('open'));
    clock.advance(30 * MIN);
    alerts.tick();
    alerts.observe(connection('closed'));
    clock.advance(5 * MIN);
    alerts.tick();
    alerts.tick();
    await alerts.settled();
    const messages = await server.waitFor(2);
    expect(messages.map((m) => m.subject)).toEqual([
      '[Clearpost North] Epic connection "Riverside Epic" is failing',
      '[Clearpost North] Epic connection "Riverside Epic" recovered',
    ]);
    expect(desktop).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.messages).toHaveLength(2);
  });

  it('an alert the SMTP server could not take is retried and delivered once', async () => {
    const port = await deadPort();
    const clock = fakeClock();
    const s = settings(port, { incidentGraceMs: MIN });
    const alerts = new IncidentAlerts({ mailer: mailer(s), clock, logger: silentLogger, settings: s });
    cleanups.push(() => alerts.stop());
    alerts.observe(connection('open'));
    clock.advance(MIN);
    alerts.tick();
    await alerts.settled();
    const server = await smtp(port);
    const messages = await server.waitFor(1, 8_000);
    expect(messages[0]?.subject).toContain('is failing');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(server.messages).toHaveLength(1);
  });
});
