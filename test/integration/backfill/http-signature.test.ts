/**
 * HTTP Signature as Cybersource's REST API checks it, over loopback against the simulated Cybersource: a
 * request signed with the right shared secret passes; a wrong secret, an unknown key, a stale date, an
 * unsigned header, a body changed after signing, or no signature at all is refused 401.
 */
import axios from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/main/clock';
import {
  CybersourceApiError,
  createCybersourceRestClient,
} from '../../../src/main/intake/backfill/cybersource-rest-client';
import {
  bodyDigest,
  parseSignatureHeader,
  signRequest,
} from '../../../src/main/intake/backfill/http-signature';
import type { SandboxProcessor } from '../../../src/main/sandbox/cybersource/sandbox-processor';
import { startProcessor } from './backfill-helper';

let processor: SandboxProcessor;
beforeEach(async () => {
  processor = await startProcessor();
});
afterEach(() => processor.sim.close());

const REPORT =
  '/reporting/v3/report-downloads?organizationId=clearpost_sandbox_north&reportDate=2026-12-05&reportName=PaymentBatchDetailReport';
const raw = axios.create({ validateStatus: () => true, responseType: 'text', proxy: false });

function signed(
  method: 'GET' | 'POST',
  target: string,
  body?: string,
  overrides: { date?: string; secret?: string; keyId?: string } = {},
) {
  const host = new URL(processor.sim.baseUrl).host;
  return signRequest(
    { method, target, host, date: overrides.date ?? new Date().toUTCString(), ...(body ? { body } : {}) },
    {
      ...processor.rest,
      ...(overrides.secret ? { sharedSecret: overrides.secret } : {}),
      ...(overrides.keyId ? { keyId: overrides.keyId } : {}),
    },
  );
}

describe('HTTP Signature', () => {
  it('signs the published header list: digest only with a body, HmacSHA256, the key id', () => {
    const get = parseSignatureHeader(signed('GET', REPORT).signature!);
    expect(get).toMatchObject({
      keyid: processor.rest.keyId,
      algorithm: 'HmacSHA256',
      headers: 'host date (request-target) v-c-merchant-id',
    });
    const body = '{"byDeliveryStatus":{}}';
    const post = signed('POST', '/nrtf/v1/webhooks/w/replays', body);
    expect(parseSignatureHeader(post.signature!).headers).toBe(
      'host date (request-target) digest v-c-merchant-id',
    );
    expect(post.digest).toBe(bodyDigest(body));
    expect(post.digest).toMatch(/^SHA-256=[A-Za-z0-9+/]{43}=$/);
  });

  it('the simulator refuses every bad signature with 401 and accepts the right one', async () => {
    const url = `${processor.sim.baseUrl}${REPORT}`;
    const wrongSecret = Buffer.from('not the shared secret').toString('base64');
    const stale = new Date(Date.now() - 20 * 60_000).toUTCString();
    const cases: [string, Record<string, string>][] = [
      ['no signature', { date: new Date().toUTCString() }],
      ['wrong shared secret', signed('GET', REPORT, undefined, { secret: wrongSecret })],
      ['unknown key id', signed('GET', REPORT, undefined, { keyId: 'someone-else' })],
      ['stale date', signed('GET', REPORT, undefined, { date: stale })],
      // Signed for another report than the one asked for.
      ['another request target', signed('GET', REPORT.replace('north', 'south'))],
    ];
    for (const [what, headers] of cases) {
      const answer = await raw.get(url, { headers });
      expect(answer.status, what).toBe(401);
    }
    // A replay whose body was changed after signing, and one that does not sign its digest.
    const body = JSON.stringify({
      byDeliveryStatus: {
        status: 'FAILED',
        startTime: '2026-12-05T06:00:00Z',
        endTime: '2026-12-05T18:00:00Z',
      },
    });
    const replayUrl = `${processor.sim.baseUrl}/nrtf/v1/webhooks/clearpost-sandbox-webhook/replays`;
    const headers = signed('POST', '/nrtf/v1/webhooks/clearpost-sandbox-webhook/replays', body);
    const tampered = await raw.post(replayUrl, body.replace('FAILED', 'RETRY'), {
      headers: { ...headers, 'content-type': 'application/json' },
    });
    expect(tampered.status).toBe(401);
    const undigested = await raw.post(replayUrl, body, {
      headers: {
        ...headers,
        signature: headers.signature!.replace('(request-target) digest', '(request-target)'),
        'content-type': 'application/json',
      },
    });
    expect(undigested.status).toBe(401);
    expect(processor.sim.refusedSignatures).toBe(cases.length + 2);
    expect(processor.sim.replays).toEqual([]);

    // Correctly signed, both go through.
    expect((await raw.get(url, { headers: signed('GET', REPORT) })).status).toBe(200);
    const client = createCybersourceRestClient(processor.rest, systemClock);
    await expect(
      client.downloadReport({
        organizationId: 'clearpost_sandbox_north',
        reportDate: '2026-12-05',
        reportName: 'PaymentBatchDetailReport',
      }),
    ).resolves.toMatch(/^Payment Batch Detail Report,1\.0,2026-12-05 to 2026-12-05/);
  });

  it('the client turns a refused signature into an error naming what to check', async () => {
    const client = createCybersourceRestClient(
      { ...processor.rest, sharedSecret: Buffer.from('stale secret').toString('base64') },
      systemClock,
    );
    const refused = client.downloadReport({
      organizationId: 'clearpost_sandbox_north',
      reportDate: '2026-12-05',
      reportName: 'PaymentBatchDetailReport',
    });
    await expect(refused).rejects.toBeInstanceOf(CybersourceApiError);
    await expect(refused).rejects.toMatchObject({
      code: 'unauthorized',
      httpStatus: 401,
      message: expect.stringMatching(/check the merchant id, key id and shared secret/) as unknown,
    });
  });
});
