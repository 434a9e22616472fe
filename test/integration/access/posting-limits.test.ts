/**
 * Issue 20, item 8: the manual posting limit is kept per currency. A 5,000 US dollar limit must not let an
 * operator enter GBP 4,999.99; a currency with no limit of its own needs a supervisor.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClearpostApp } from '../../../src/main/app';
import { loadSettings } from '../../../src/main/settings/settings-store';
import { testApp } from '../../helpers/app';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const operator = { actor: 'olive.operator', transport: 'test' as const, role: 'operator' as const };
const supervisor = { actor: 'sam.supervisor', transport: 'test' as const, role: 'supervisor' as const };
const apps: ClearpostApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

let receipt = 0;
const manual = (amount: string, currency?: string) => ({
  processorTxnId: `M-${String((receipt += 1))}`,
  tender: 'cash',
  amount,
  ...(currency ? { currency } : {}),
  ehr: 'epic',
  facility: 'MAIN',
  guarantorAccount: 'G100200',
});

async function appWithLimits(limits: Record<string, number>): Promise<ClearpostApp> {
  const app = await testApp(tempDir());
  apps.push(app);
  const s = app.settings.get();
  app.settings.save({ ...s, access: { ...s.access, manualPostingLimitsMinor: limits } });
  return app;
}

/** Whether the operator was let through (the command ran, or failed for its own reasons) or sent to a supervisor. */
async function operatorMay(
  app: ClearpostApp,
  name: 'payments.enterManual' | 'postings.markManual',
  args: unknown,
) {
  const out = await app.dispatch(name, args, operator);
  return out.ok || out.error.code !== 'forbidden';
}

describe('manual posting limits per currency', () => {
  it('a USD limit does not cover pounds: GBP 4,999.99 needs a supervisor; USD 4,999.99 does not', async () => {
    const app = await appWithLimits({ USD: 500_000 });
    expect(await operatorMay(app, 'payments.enterManual', manual('4999.99', 'GBP'))).toBe(false);
    expect(await operatorMay(app, 'payments.enterManual', manual('1.00', 'gbp'))).toBe(false);
    expect(await operatorMay(app, 'payments.enterManual', manual('5000.01', 'USD'))).toBe(false);
    const usd = await app.dispatch('payments.enterManual', manual('4999.99', 'USD'), operator);
    expect(usd).toMatchObject({ ok: true });
    // No currency named: the command's default, US dollars.
    expect(await operatorMay(app, 'payments.enterManual', manual('4999.99'))).toBe(true);
    // The refusal is audited, naming the command, never the amount.
    const denied = app.store.db
      .prepare("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'access.denied'")
      .get() as { n: number };
    expect(denied.n).toBe(3);
  });

  it('each configured currency has its own limit, in its own minor units (yen have none)', async () => {
    const app = await appWithLimits({ USD: 500_000, GBP: 100_000, JPY: 100_000 });
    expect(await operatorMay(app, 'payments.enterManual', manual('1000.01', 'GBP'))).toBe(false);
    expect(await operatorMay(app, 'payments.enterManual', manual('1000.00', 'GBP'))).toBe(true);
    expect(await operatorMay(app, 'payments.enterManual', manual('100001', 'JPY'))).toBe(false);
    expect(await operatorMay(app, 'payments.enterManual', manual('100000', 'JPY'))).toBe(true);
    expect(await operatorMay(app, 'payments.enterManual', manual('0.01', 'EUR'))).toBe(false);
  });

  it('"posted by hand" follows the currency of the posting\'s payment', async () => {
    const app = await appWithLimits({ USD: 500_000 });
    const gbp = seedPosting(app.repos, 'failure', { amountMinor: 1_000, currency: 'GBP' }).postingId;
    const usd = seedPosting(app.repos, 'failure', { amountMinor: 1_000, currency: 'USD' }).postingId;
    const mark = (id: number) => ({ id, ehrReference: 'PMT-1', note: 'posted by hand at the cashier' });
    expect(await operatorMay(app, 'postings.markManual', mark(gbp))).toBe(false);
    expect(await operatorMay(app, 'postings.markManual', mark(usd))).toBe(true);
    expect(await app.dispatch('postings.markManual', mark(gbp), supervisor)).toMatchObject({ ok: true });
  });

  it('refuses a limit in an unknown or lower-case currency, naming the field', async () => {
    const app = await testApp(tempDir());
    apps.push(app);
    const s = app.settings.get();
    for (const bad of [{ XYZ: 100 }, { usd: 100 }, { USD: -1 }]) {
      const out = await app.dispatch(
        'settings.save',
        { settings: { ...s, access: { ...s.access, manualPostingLimitsMinor: bad } } },
        supervisor,
      );
      expect(out).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
      expect(out.ok ? [] : (out.error.issues ?? []).map((i) => i.path).join(' ')).toMatch(
        /access\.manualPostingLimitsMinor/,
      );
    }
  });
});

describe('settings written before limits had a currency', () => {
  it('migrate: the old limit becomes the US dollar limit, other currencies need a supervisor', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ version: 1, access: { manualPostingLimitMinor: 250_000, sessionIdleMinutes: 20 } }),
    );
    expect(loadSettings(join(dir, 'settings.json')).access).toMatchObject({
      manualPostingLimitsMinor: { USD: 250_000 },
      sessionIdleMinutes: 20,
    });
    // The file is left as it was until the next save.
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toContain('"manualPostingLimitMinor":250000');
    const app = await testApp(dir);
    apps.push(app);
    expect(await operatorMay(app, 'payments.enterManual', manual('2500.01', 'USD'))).toBe(false);
    expect(await operatorMay(app, 'payments.enterManual', manual('2500.00', 'USD'))).toBe(true);
    expect(await operatorMay(app, 'payments.enterManual', manual('10.00', 'CAD'))).toBe(false);

    const unversioned = join(tempDir(), 'settings.json');
    writeFileSync(unversioned, JSON.stringify({ access: { manualPostingLimitMinor: 0 } }));
    expect(loadSettings(unversioned).access.manualPostingLimitsMinor).toEqual({ USD: 0 });
    const untouched = join(tempDir(), 'settings.json');
    writeFileSync(untouched, JSON.stringify({ version: 1 }));
    expect(loadSettings(untouched).access.manualPostingLimitsMinor).toEqual({ USD: 500_000 });
  });
});
