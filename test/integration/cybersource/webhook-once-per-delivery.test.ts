/**
 * What the webhook receiver no longer repeats per delivery (intake settings read from the database, the card
 * guard walked twice, the dedupe key hashed for inputs that are stored), proved by what it still does: over
 * loopback HTTP into serve mode with real JWE, storing through intake's writer thread. Unhappy paths first.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  INTAKE_CONFIG_RECHECK_MS,
  intakeConfigReader,
  saveIntakeConfig,
} from '../../../src/main/intake/intake-config';
import type { MleKeyInfo } from '../../../src/main/intake/cybersource/mle/mle-key-ring';
import { startServe, type RunningServe } from '../../../src/main/serve';
import { canonicalJson } from '../../../src/main/store/canonical-json';
import { openStore } from '../../../src/main/store/open';
import { createRepositories } from '../../../src/main/store/repositories';
import { dispatchOk } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { supervisor } from '../intake/console-helper';
import { KEY, KEY_ID, linkTo, payload, WEBHOOK_ID } from '../intake/webhook-helper';
import { call, encryptTo, headersFor, notification, publicKeyOf } from './mle-helper';

const tempDir = useTempDirs();
const PATH = '/webhooks/cybersource';
const CAPTURE = 'payments.capture.status.accepted';

let s: RunningServe;
let key: MleKeyInfo;

beforeEach(async () => {
  s = await startServe({
    dataDir: tempDir(),
    port: 0,
    rendererDir: null,
    sandbox: false,
    engine: { autoStart: false },
    webhookSubscriptions: [{ key: KEY, keyId: KEY_ID, webhookId: WEBHOOK_ID }],
  });
  key = await s.app.trust.mle.ensure();
});
afterEach(async () => {
  await s.close();
});

function capture(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return payload({ ...linkTo('captures'), id, ...extra });
}

async function sendEncrypted(resource: unknown, overrides: Record<string, unknown> = {}) {
  const jwe = await encryptTo(resource, key.kid, publicKeyOf(key.publicKeyPem));
  const raw = JSON.stringify(notification({ data: jwe }, CAPTURE, overrides));
  const answer = await call(s.port, 'POST', PATH, raw, headersFor(raw, CAPTURE));
  return { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown> };
}

const quarantine = () =>
  s.app.store.db
    .prepare<[], { id: number; reasonCode: string; redactedInput: string }>(
      'SELECT id, reason_code AS reasonCode, redacted_input AS redactedInput FROM quarantined_inputs ORDER BY id',
    )
    .all();

describe('one card guard, one dedupe key, worked out where needed', () => {
  it('quarantines a card number found in the decrypted payload, masked, and keeps a redelivery as the same entry', async () => {
    const card = '4111 1111 1111 1111';
    const resource = capture('ONCE-CARD-1', {
      clientReferenceInformation: { code: `paid with ${card}` },
    });
    const first = await sendEncrypted(resource, { transactionTraceId: 'trace-a', retryNumber: 0 });
    expect(first).toMatchObject({ status: 200, body: { outcome: 'quarantined' } });
    // Cybersource redelivers: a new trace id and retry number, the same (freshly encrypted) payload.
    const again = await sendEncrypted(resource, { transactionTraceId: 'trace-b', retryNumber: 1 });
    expect(again).toMatchObject({
      status: 200,
      body: { outcome: 'quarantined', quarantineId: first.body.quarantineId },
    });

    const entries = quarantine();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.reasonCode).toBe('card_number');
    expect(entries[0]?.redactedInput).not.toContain('4111 1111 1111 1111');
    expect(entries[0]?.redactedInput).not.toContain('4111111111111111');
    expect(s.app.repos.events.count()).toBe(0);

    // The repeat is known by the key webhooks have always had: the event name and the redacted payload, so
    // entries kept before this version still catch their redeliveries.
    const kept = JSON.parse(entries[0]?.redactedInput ?? 'null') as { payload: unknown };
    const digest = createHash('sha256')
      .update(`${CAPTURE}\n${canonicalJson(kept.payload)}`)
      .digest('hex');
    const keys = s.app.store.db
      .prepare<[], { key: string }>('SELECT dedupe_key AS key FROM intake_dedupe_keys')
      .all();
    expect(keys.map((k) => k.key)).toEqual([`webhook:${digest}`]);
  });

  it('stores a clean encrypted capture with no quarantine key at all', async () => {
    const answer = await sendEncrypted(capture('ONCE-CLEAN-1'));
    expect(answer).toMatchObject({ status: 200, body: { outcome: 'stored' } });
    expect(s.app.repos.events.findByTxn('ONCE-CLEAN-1', 'one_time_payment')).toMatchObject({
      amountMinor: 12_550,
      cardLast4: '1111',
    });
    expect(s.app.store.db.prepare('SELECT count(*) AS n FROM intake_dedupe_keys').get()).toEqual({ n: 0 });
    expect(quarantine()).toEqual([]);
  });
});

describe('intake settings without a database read per delivery', () => {
  it('applies a ceiling saved in the console to the very next webhook, and lifting it to the one after', async () => {
    await dispatchOk(s.app, 'intake.rules.save', { rules: { amountCeilingMinor: 10_000 } }, supervisor);
    const above = await sendEncrypted(capture('CEIL-1'));
    expect(above).toMatchObject({ status: 200, body: { outcome: 'quarantined' } });
    expect(quarantine().map((q) => q.reasonCode)).toEqual(['above_ceiling']);

    await dispatchOk(s.app, 'intake.rules.save', { rules: { amountCeilingMinor: 1_000_000 } }, supervisor);
    const within = await sendEncrypted(capture('CEIL-2'));
    expect(within).toMatchObject({ status: 200, body: { outcome: 'stored' } });
  });

  it('sees a save made on another connection (another process) once the recheck interval has passed', () => {
    const path = join(tempDir(), 'settings.sqlite');
    const here = openStore(path);
    const there = openStore(path);
    try {
      const repos = createRepositories(here.db);
      const other = createRepositories(there.db);
      let monotonic = 0;
      const read = intakeConfigReader(repos.intakeSettings, () => monotonic);
      expect(read().defaultFacility).toBeNull();

      // Another process writes the stored settings: this one's counter of saves did not move.
      other.intakeSettings.put('intake.cybersource', { defaultFacility: 'NORTH' }, 1);
      monotonic += INTAKE_CONFIG_RECHECK_MS - 1;
      expect(read().defaultFacility).toBeNull();
      monotonic += 1;
      expect(read().defaultFacility).toBe('NORTH');

      // A save in this process applies at once, whatever the interval.
      saveIntakeConfig(other.intakeSettings, { defaultFacility: 'SOUTH' }, 2);
      expect(read().defaultFacility).toBe('SOUTH');
    } finally {
      here.db.close();
      there.db.close();
    }
  });
});
