import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { startSandbox, type RunningSandbox } from '../../../src/main/sandbox';
import { saveIntakeConfig } from '../../../src/main/intake/intake-config';
import { silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { envelope, KEY, KEY_ID, payload, signedHeaders, WEBHOOK_ID } from './webhook-helper';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
const simulators: RunningSandbox[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const sims of simulators.splice(0)) await sims.stop();
});

describe('a combined guarantor account in the sandbox', () => {
  it('is refused by the simulated Epic until the merged-account map names the surviving account', async () => {
    // Real (signed) webhooks keep Clearpost's own sandbox off: the simulators run here as real connections.
    const sims = await startSandbox();
    simulators.push(sims);
    const app = await createApp({
      dataDir: tempDir(),
      mode: 'test',
      logger: silentLogger,
      connections: sims.connections,
      webhookSubscriptions: [{ key: KEY, keyId: KEY_ID, webhookId: WEBHOOK_ID }],
    });
    apps.push(app);
    const combined = sims.world.guarantors.find((g) => g.ehr === 'epic' && g.combinedInto !== null)!;
    const pay = async (id: string) => {
      const body = envelope(
        payload({
          id,
          merchantDefinedInformation: [
            { key: 'guarantorAccount', value: combined.account },
            { key: 'facility', value: combined.facility },
            { key: 'ehr', value: 'Epic' },
          ],
        }),
        { transactionTraceId: `trace-${id}` },
      );
      const res = await app.intake.webhook(JSON.stringify(body), signedHeaders(body, Date.now()));
      expect(res.body.outcome).toBe('stored');
      return res.body.eventId!;
    };
    const postingOf = async (eventId: number) => {
      for (let i = 0; i < 200; i += 1) {
        await app.engine.waitForIdle();
        const posting = app.repos.postings.forEvent(eventId);
        if (posting && !['pending', 'in_flight', 'retry'].includes(posting.status)) return posting;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('the posting did not settle');
    };

    // Without a rule the payment reaches Epic on the retired account, which answers 422.
    const before = await postingOf(await pay('7100000000000000000001'));
    expect(before.status).not.toBe('success');
    expect(before.reason).toMatch(/combined/i);
    expect(sims.epic.ledger.postings()).toHaveLength(0);

    saveIntakeConfig(
      app.repos.intakeSettings,
      {
        guarantorRules: {
          mergedAccounts: [{ ehr: 'epic', from: combined.account, to: combined.combinedInto }],
        },
      },
      Date.now(),
    );
    const eventId = await pay('7100000000000000000002');
    expect(app.repos.events.get(eventId)?.guarantorAccount).toBe(combined.combinedInto);
    expect(app.repos.events.extrasOf(eventId)).toMatchObject({
      originalGuarantorAccount: combined.account,
      guarantorRule: 'merged_account',
    });
    const after = await postingOf(eventId);
    expect(after.status).toBe('success');
    expect(sims.epic.ledger.postings().map((p) => p.target)).toEqual([
      `Guarantor/${combined.combinedInto ?? ''}`,
    ]);
  });
});
