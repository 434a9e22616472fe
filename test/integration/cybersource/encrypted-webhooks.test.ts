/**
 * Cybersource webhooks as published, over loopback HTTP into serve mode with the simulators as the EHRs:
 * message-level encryption (real JWE made with `jose`), every signature reading, the payload shapes, kinds
 * bound to the signed payload, and the health check. Unhappy paths first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MleKeyInfo } from '../../../src/main/intake/cybersource/mle/mle-key-ring';
import type { SignatureReading } from '../../../src/main/intake/cybersource/signature';
import { startSandbox, type RunningSandbox } from '../../../src/main/sandbox';
import { startServe, type RunningServe } from '../../../src/main/serve';
import { dispatchOk } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { supervisor } from '../intake/console-helper';
import { KEY, KEY_ID, linkTo, payload, WEBHOOK_ID } from '../intake/webhook-helper';
import {
  call,
  encryptTo,
  headersFor,
  notification,
  publicKeyOf,
  shaped,
  strangerKey,
  until,
  type Shape,
} from './mle-helper';

const tempDir = useTempDirs();
const PATH = '/webhooks/cybersource';
const CAPTURE = 'payments.capture.status.accepted';

let sims: RunningSandbox;
let s: RunningServe;
let key: MleKeyInfo;

beforeEach(async () => {
  sims = await startSandbox();
  s = await startServe({
    dataDir: tempDir(),
    port: 0,
    rendererDir: null,
    sandbox: { traffic: false },
    connections: sims.connections,
    webhookSubscriptions: [{ key: KEY, keyId: KEY_ID, webhookId: WEBHOOK_ID }],
  });
  // Serve mode makes the installation's key at start (what `clearpost mle-key` prints to register).
  key = await s.app.trust.mle.ensure();
});
afterEach(async () => {
  await s.close();
  await sims.stop();
});

/** A capture for one of the simulated Epic guarantors. */
function capture(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const guarantor = sims.world.guarantors.find((g) => g.ehr === 'epic' && g.combinedInto === null)!;
  return payload({
    ...linkTo('captures'),
    id,
    merchantDefinedInformation: [
      { key: 'guarantorAccount', value: guarantor.account },
      { key: 'facility', value: guarantor.facility },
      { key: 'ehr', value: 'Epic' },
    ],
    ...extra,
  });
}

async function send(body: unknown, eventType = CAPTURE, reading: SignatureReading = 'payload-text') {
  const raw = JSON.stringify(body);
  const answer = await call(s.port, 'POST', PATH, raw, headersFor(raw, eventType, reading));
  return { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown> };
}

const quarantined = () =>
  s.app.store.db
    .prepare<[], { reasonCode: string; reason: string }>(
      'SELECT reason_code AS reasonCode, reason FROM quarantined_inputs ORDER BY id',
    )
    .all();

describe('message-level encryption', () => {
  it('quarantines a payload encrypted to a key this installation does not hold, naming the kid', async () => {
    const jwe = await encryptTo(capture('MLE-WRONG-1'), 'kms-key-we-never-had', strangerKey());
    const answer = await send(notification({ data: jwe }, CAPTURE));
    expect(answer).toMatchObject({ status: 200, body: { outcome: 'quarantined' } });
    expect(quarantined()).toEqual([
      {
        reasonCode: 'mle_unknown_key',
        reason: expect.stringContaining(
          'encrypted with a key this installation does not hold: kms-key-we-never-had',
        ) as unknown,
      },
    ]);
    expect(s.app.repos.events.count()).toBe(0);
  });

  it('quarantines a tampered JWE (our kid, ciphertext changed before signing) with its own reason', async () => {
    const jwe = await encryptTo(capture('MLE-TAMPER-1'), key.kid, publicKeyOf(key.publicKeyPem));
    const parts = jwe.split('.');
    const ciphertext = parts[3]!;
    parts[3] = (ciphertext[0] === 'A' ? 'B' : 'A') + ciphertext.slice(1);
    const answer = await send(notification({ data: parts.join('.') }, CAPTURE));
    expect(answer).toMatchObject({ status: 200, body: { outcome: 'quarantined' } });
    const [entry] = quarantined();
    expect(entry?.reasonCode).toBe('mle_tampered');
    expect(entry?.reason).toContain(key.kid);
    expect(s.app.repos.events.count()).toBe(0);
  });

  it('decrypts, maps and posts an encrypted event in every shape: payload, payload.data, payload[0].data', async () => {
    const shapes: Shape[] = ['payload', 'payload.data', 'payload[0].data'];
    const ids: number[] = [];
    for (const [i, shape] of shapes.entries()) {
      const jwe = await encryptTo(capture(`MLE-SHAPE-${String(i)}`), key.kid, publicKeyOf(key.publicKeyPem));
      const answer = await send(notification(shaped(shape, jwe), CAPTURE));
      expect(answer, shape).toMatchObject({ status: 200, body: { outcome: 'stored' } });
      ids.push(answer.body.eventId as number);
    }
    // The nested shapes in the clear are read too.
    const plain = await send(notification(shaped('payload[0].data', capture('PLAIN-NESTED')), CAPTURE));
    expect(plain).toMatchObject({ status: 200, body: { outcome: 'stored' } });
    ids.push(plain.body.eventId as number);

    await until(
      () => ids.every((id) => s.app.repos.postings.forEvent(id)?.status === 'success'),
      'every event to post to Epic',
    );
    expect(sims.epic.ledger.postings()).toHaveLength(4);
    const stored = s.app.repos.events.findByTxn('MLE-SHAPE-1', 'one_time_payment');
    expect(stored).toMatchObject({ amountMinor: 12_550, currency: 'USD', cardLast4: '1111' });
    expect(quarantined()).toEqual([]);
  });

  it('still decrypts with the older key after a rotation, until the old key is removed', async () => {
    const old = key;
    const fresh = await s.app.trust.mle.rotate();
    expect(fresh.kid).not.toBe(old.kid);
    const toOld = await encryptTo(capture('MLE-ROT-OLD'), old.kid, publicKeyOf(old.publicKeyPem));
    const toNew = await encryptTo(capture('MLE-ROT-NEW'), fresh.kid, publicKeyOf(fresh.publicKeyPem));
    expect((await send(notification({ data: toOld }, CAPTURE))).body.outcome).toBe('stored');
    expect((await send(notification({ data: toNew }, CAPTURE))).body.outcome).toBe('stored');
    expect(await s.app.trust.mle.remove(old.kid)).toBe(true);
    const late = await encryptTo(capture('MLE-ROT-LATE'), old.kid, publicKeyOf(old.publicKeyPem));
    expect((await send(notification({ data: late }, CAPTURE))).body.outcome).toBe('quarantined');
    expect(quarantined().map((q) => q.reasonCode)).toEqual(['mle_unknown_key']);
  });
});

describe('signature readings', () => {
  // Escaped slashes and spaces make the three readings differ: raw text ≠ JSON.stringify ≠ whole body.
  const rawBody = (id: string, extra = '') =>
    `{"webhookId":"${WEBHOOK_ID}","eventType":"${CAPTURE}"${extra},"payload": ${JSON.stringify(
      capture(id),
    ).replace('/pts/v2', '\\/pts\\/v2')} }`;

  it('refuses 401 a body whose payload changed after signing, under every reading', async () => {
    for (const reading of ['payload-text', 'raw-body', 'payload-json'] as const) {
      const raw = rawBody(`SIG-TAMPER-${reading}`);
      const headers = headersFor(raw, CAPTURE, reading);
      const changed = raw.replace('"125.50"', '"1.00"');
      expect(changed).not.toBe(raw);
      const answer = await call(s.port, 'POST', PATH, changed, headers);
      expect(answer.status, reading).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ outcome: 'bad_signature' });
    }
    expect(s.app.repos.events.count()).toBe(0);
    expect(s.app.repos.quarantine.openCount()).toBe(0);
  });

  it('accepts each published reading and records which one matched for Settings', async () => {
    for (const reading of ['payload-json', 'raw-body', 'payload-text'] as const) {
      const raw = rawBody(`SIG-OK-${reading}`);
      expect(raw).toContain('\\/pts\\/v2');
      const answer = await call(s.port, 'POST', PATH, raw, headersFor(raw, CAPTURE, reading));
      expect(answer.status, reading).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ outcome: 'stored' });
      const view = await s.app.trust.context.webhookIntake!();
      expect(view.subscriptions.find((x) => x.keyId === KEY_ID)).toMatchObject({
        signatureReading: reading,
        webhookId: WEBHOOK_ID,
        toleranceMinutes: 5,
        warning: null,
      });
    }
    expect(s.app.repos.events.count()).toBe(3);
  });
});

describe('kinds come from the signed payload', () => {
  it('the forged-kind attack: a signed capture re-sent as a refund, then a void, stores and posts nothing new', async () => {
    const body = notification({ data: capture('FORGE-1') }, CAPTURE);
    const first = await send(body);
    expect(first).toMatchObject({ status: 200, body: { outcome: 'stored' } });
    await until(
      () => s.app.repos.postings.forEvent(first.body.eventId as number)?.status === 'success',
      'the capture to post',
    );
    const postingsBefore = s.app.store.db.prepare('SELECT count(*) AS n FROM postings').get();

    // eventType (body) and v-c-event-type (header) are outside the HMAC over the payload text.
    for (const forged of ['payments.refund.status.accepted', 'payments.void.status.accepted']) {
      const replay = { ...body, eventType: forged, transactionTraceId: `trace-${forged}` };
      const answer = await send(replay, forged);
      expect(answer, forged).toMatchObject({ status: 200, body: { outcome: 'quarantined' } });
    }
    expect(quarantined().map((q) => q.reasonCode)).toEqual(['kind_mismatch', 'kind_mismatch']);
    expect(s.app.repos.events.count()).toBe(1);
    await s.app.engine.waitForIdle();
    expect(s.app.store.db.prepare('SELECT count(*) AS n FROM postings').get()).toEqual(postingsBefore);
    expect(sims.epic.ledger.postings()).toHaveLength(1);
    expect(sims.oracle.ledger.postings()).toHaveLength(0);

    // Nor can an operator release the forged refund: the signed payload decides.
    const [forgedEntry] = s.app.repos.quarantine.list({ limit: 10 }).rows;
    const released = await dispatchOk(
      s.app,
      'quarantine.release',
      { id: forgedEntry!.id, corrections: {} },
      supervisor,
    );
    expect(released).toMatchObject({ outcome: 'still_quarantined' });
    expect(released.entry.reason).toContain('the signed payload decides');
    expect(s.app.repos.events.count()).toBe(1);
  });

  it('refuses a second kind for a transaction id it already holds, leaving the first event untouched', async () => {
    const first = await send(notification({ data: capture('ONE-KIND-1') }, CAPTURE));
    expect(first.body.outcome).toBe('stored');
    const before = s.app.repos.events.findByTxn('ONE-KIND-1', 'one_time_payment');
    // A signed refund resource that reuses the capture's id (a processor transaction id is one kind only).
    const refund = capture('ONE-KIND-1', { ...linkTo('refunds'), status: 'PENDING' });
    const answer = await send(
      notification({ data: refund }, 'payments.refund.status.accepted'),
      'payments.refund.status.accepted',
    );
    expect(answer).toMatchObject({ status: 200, body: { outcome: 'quarantined' } });
    expect(quarantined().map((q) => q.reasonCode)).toEqual(['kind_conflict']);
    expect(s.app.repos.events.findByTxn('ONE-KIND-1', 'refund')).toBeUndefined();
    expect(s.app.repos.events.findByTxn('ONE-KIND-1', 'one_time_payment')).toEqual(before);
  });

  it('a second kind held in quarantine for another reason is still refused when released', async () => {
    const first = await send(notification({ data: capture('ONE-KIND-2') }, CAPTURE));
    expect(first.body.outcome).toBe('stored');
    const guarantor = sims.world.guarantors.find((g) => g.ehr === 'epic' && g.combinedInto === null)!;
    // A signed refund reusing the capture's id and naming no facility: quarantined for the facility first.
    const refund = capture('ONE-KIND-2', {
      ...linkTo('refunds'),
      status: 'PENDING',
      merchantDefinedInformation: [
        { key: 'guarantorAccount', value: guarantor.account },
        { key: 'ehr', value: 'Epic' },
      ],
    });
    const answer = await send(
      notification({ data: refund }, 'payments.refund.status.accepted'),
      'payments.refund.status.accepted',
    );
    expect(answer.body.outcome).toBe('quarantined');
    const [entry] = s.app.repos.quarantine.list({ limit: 10 }).rows;
    expect(entry?.reasonCode).not.toBe('kind_conflict');
    // The operator supplies the facility: intake still refuses a second kind for the transaction.
    const released = await dispatchOk(
      s.app,
      'quarantine.release',
      { id: entry!.id, corrections: { facility: guarantor.facility } },
      supervisor,
    );
    expect(released).toMatchObject({ outcome: 'still_quarantined' });
    expect(released.entry.reasonCode).toBe('kind_conflict');
    expect(s.app.repos.events.findByTxn('ONE-KIND-2', 'refund')).toBeUndefined();
  });

  it('will not record a signed capture as declined because the unsigned name says "reject"', async () => {
    const answer = await send(
      notification({ data: capture('DECL-FORGE') }, 'payments.captures.reject'),
      'payments.captures.reject',
    );
    expect(answer.body.outcome).toBe('quarantined');
    expect(quarantined().map((q) => q.reasonCode)).toEqual(['kind_mismatch']);
    expect(s.app.repos.events.count()).toBe(0);
  });
});

describe('health check', () => {
  it('answers GET and HEAD with 200 and an empty body, without authentication; POST still needs a signature', async () => {
    for (const method of ['GET', 'HEAD']) {
      const answer = await call(s.port, method, PATH, null);
      expect(answer.status, method).toBe(200);
      expect(answer.body).toBe('');
      expect(answer.headers['content-length']).toBe('0');
    }
    const put = await call(s.port, 'PUT', PATH, '{}');
    expect(put.status).toBe(405);
    const unsigned = await call(s.port, 'POST', PATH, '{}', { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
  });
});
