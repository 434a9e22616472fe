/**
 * The Cybersource reporting account as Settings edits it: saved through `settings.save`, its shared secret
 * sealed through `secrets.set` (write-only: set / not set), and "Test" making one signed request over
 * loopback to the sandbox's Cybersource simulator. Unhappy paths first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClearpostApp } from '../../../src/main/app';
import {
  SANDBOX_CYBERSOURCE_CREDENTIALS,
  type SandboxProcessor,
} from '../../../src/main/sandbox/cybersource/sandbox-processor';
import { previousDay } from '../../../src/main/lib/time-zone';
import { dispatchOk, testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { startProcessor } from '../backfill/backfill-helper';
import { supervisor } from '../intake/console-helper';

const tempDir = useTempDirs();
const SECRET_REF = 'cybersource.reporting.shared-secret';
const operator = { actor: 'olive.operator', transport: 'test' as const, role: 'operator' as const };

let app: ClearpostApp;
let processor: SandboxProcessor;

beforeEach(async () => {
  processor = await startProcessor();
  app = await testApp(tempDir());
});
afterEach(async () => {
  await app.close();
  await processor.sim.close();
});

function account(overrides: Record<string, unknown> = {}) {
  return {
    baseUrl: processor.rest.baseUrl,
    merchantId: processor.rest.merchantId,
    keyId: processor.rest.keyId,
    sharedSecretRef: SECRET_REF,
    reportName: processor.plan.reportName,
    timeZone: processor.plan.timeZone,
    organizations: [...processor.plan.organizations],
    at: '06:30',
    ...overrides,
  };
}

async function saveAccount(overrides: Record<string, unknown> = {}) {
  const current = await dispatchOk(app, 'settings.get', {}, supervisor);
  return dispatchOk(
    app,
    'settings.save',
    { settings: { ...current.settings, cybersourceReporting: account(overrides) } },
    supervisor,
  );
}

const test = () => dispatchOk(app, 'settings.testReporting', {}, supervisor);

describe('testing the Cybersource reporting account', () => {
  it('says plainly that nothing is saved yet, and sends nothing', async () => {
    const result = await test();
    expect(result).toMatchObject({ ok: false, stage: 'settings', httpStatus: null });
    expect(result.message).toContain('Cybersource reporting is not configured');
    expect(processor.sim.refusedSignatures).toBe(0);
  });

  it('refuses a test by an operator: the account is a supervisor’s', async () => {
    const answer = await app.dispatch('settings.testReporting', {}, operator);
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('says the shared secret is missing until it is typed, and shows it as not set', async () => {
    const saved = await saveAccount();
    expect(saved.secrets.find((s) => s.name === SECRET_REF)).toMatchObject({
      set: false,
      usedBy: ['cybersourceReporting.sharedSecretRef'],
    });
    const result = await test();
    expect(result).toMatchObject({ ok: false, stage: 'secret', httpStatus: null });
    expect(result.message).toContain(`(${SECRET_REF}) is not in the vault`);
  });

  it('reports a wrong shared secret as refused credentials (the simulator checked the signature)', async () => {
    await saveAccount();
    const wrong = Buffer.from('not-the-shared-secret-of-this-key-id').toString('base64');
    await dispatchOk(app, 'secrets.set', { name: SECRET_REF, value: wrong }, supervisor);
    const result = await test();
    expect(result).toMatchObject({ ok: false, stage: 'request', httpStatus: 401 });
    expect(result.message).toContain('check the merchant id, key id and shared secret');
    expect(processor.sim.refusedSignatures).toBe(1);
  });

  it('tells a report that is not subscribed from refused credentials', async () => {
    await saveAccount({ reportName: 'NotTheSubscribedReport' });
    await dispatchOk(
      app,
      'secrets.set',
      { name: SECRET_REF, value: SANDBOX_CYBERSOURCE_CREDENTIALS.sharedSecret },
      supervisor,
    );
    const result = await test();
    expect(result).toMatchObject({ ok: false, stage: 'request', httpStatus: 404 });
    expect(result.message).toContain(
      'Cybersource accepted the credentials but has no NotTheSubscribedReport',
    );
    expect(processor.sim.refusedSignatures).toBe(0);
  });

  it('passes on the processor’s server error as such', async () => {
    await saveAccount();
    await dispatchOk(
      app,
      'secrets.set',
      { name: SECRET_REF, value: SANDBOX_CYBERSOURCE_CREDENTIALS.sharedSecret },
      supervisor,
    );
    processor.sim.failNext(503);
    const result = await test();
    expect(result).toMatchObject({ ok: false, stage: 'request', httpStatus: 503 });
    expect(result.message).toContain('server error');
  });

  it('downloads yesterday’s report with the saved account and says so; the secret shows as set, never its value', async () => {
    const saved = await saveAccount();
    expect(saved.settings.cybersourceReporting).toMatchObject({ at: '06:30', enabled: true });
    const status = await dispatchOk(
      app,
      'secrets.set',
      { name: SECRET_REF, value: SANDBOX_CYBERSOURCE_CREDENTIALS.sharedSecret },
      supervisor,
    );
    expect(status).toMatchObject({ name: SECRET_REF, set: true, needsReentry: false });
    expect(JSON.stringify(await dispatchOk(app, 'settings.get', {}, supervisor))).not.toContain(
      SANDBOX_CYBERSOURCE_CREDENTIALS.sharedSecret,
    );

    const result = await test();
    const day = previousDay(Date.now(), processor.plan.timeZone);
    expect(result).toMatchObject({ ok: true, stage: 'done', httpStatus: 200 });
    expect(result.message).toContain(
      `sent the ${processor.plan.reportName} report of ${day} for ${processor.plan.organizations[0]!.organizationId}`,
    );
    expect(processor.sim.refusedSignatures).toBe(0);
    // Recorded for the audit trail, with the outcome only.
    const audit = app.store.db
      .prepare<[], { details: string }>(
        "SELECT details FROM audit_events WHERE action = 'settings.reporting.tested' ORDER BY id",
      )
      .all();
    expect(audit.map((a) => JSON.parse(a.details) as unknown)).toEqual([
      { ok: true, stage: 'done', httpStatus: 200 },
    ]);
  });

  it('asks for the secret again once the API host changes: the stored one is bound to the old address', async () => {
    await saveAccount();
    await dispatchOk(
      app,
      'secrets.set',
      { name: SECRET_REF, value: SANDBOX_CYBERSOURCE_CREDENTIALS.sharedSecret },
      supervisor,
    );
    const moved = await saveAccount({ baseUrl: 'https://apitest.cybersource.com' });
    expect(moved.secrets.find((s) => s.name === SECRET_REF)).toMatchObject({
      set: false,
      needsReentry: true,
    });
    const result = await test();
    expect(result).toMatchObject({ ok: false, stage: 'secret', httpStatus: null });
  });
});
