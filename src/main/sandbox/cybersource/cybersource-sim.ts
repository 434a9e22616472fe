/**
 * The sandbox's Cybersource: on loopback, the two REST calls backfill makes, authenticated like the real API
 * (HTTP Signature: a request with a missing, stale or wrong signature is refused 401), answering from the
 * simulated processor's own ledger.
 *   GET  /reporting/v3/report-downloads?organizationId=&reportDate=&reportName=  → the Payment Batch Detail CSV
 *   POST /nrtf/v1/webhooks/{webhookId}/replays  → 202; the failed notifications of the span are sent again
 *   GET  /reporting/v3/purchase-refund-details, /net-fundings, /chargeback-details  → nothing settled: this
 *        processor's money is settled by the sandbox's cash desk (sandbox/cash), which hands its files to
 *        Clearpost itself, so the morning's money pull finds an empty window here, as on a day without funding
 * Tests make it answer 401, 429 or 5xx for the next requests (`failNext`), as the real one may.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import type { Clock } from '../../clock';
import { verifyRequest } from '../../intake/backfill/http-signature';
import type { Logger } from '../../logger';
import { batchDetailReport } from './batch-detail-report';
import { ProcessorLedger, type SentPayment } from './processor-ledger';

export interface CybersourceSimCredentials {
  readonly merchantId: string;
  readonly keyId: string;
  /** Base64, as Cybersource shows a shared secret. */
  readonly sharedSecret: string;
}

export interface CybersourceSimOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly credentials: CybersourceSimCredentials;
  /** The report subscription's zone: it decides which payments are in a day's report. */
  readonly timeZone: string;
  readonly webhookId: string;
  readonly reportName: string;
  readonly port?: number;
  /** Sends a payment's notification again (a replay); without one, replays are only recorded. */
  readonly redeliver?: (sent: SentPayment) => void;
}

export interface ReplayRequest {
  readonly webhookId: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly status: string;
  /** Dropped notifications of the span that were sent again. */
  readonly redelivered: number;
}

export interface CybersourceSim {
  readonly baseUrl: string;
  readonly ledger: ProcessorLedger;
  readonly replays: readonly ReplayRequest[];
  /** Requests refused for their signature, for tests. */
  readonly refusedSignatures: number;
  /** The next `count` API requests answer `status` (with Retry-After: 1 on 429). */
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
}

/** The Reporting API's money answers for a window with nothing in it (funding-api.ts reads them). */
const EMPTY_MONEY: Record<string, object | undefined> = {
  '/reporting/v3/purchase-refund-details': { requestDetails: [], settlements: [], feeAndFundingDetails: [] },
  '/reporting/v3/net-fundings': { netTotal: [] },
  '/reporting/v3/chargeback-details': { chargebackDetails: [] },
};

const REPLAY_MAX_SPAN_MS = 24 * 3_600_000;
const REPLAY_MAX_AGE_MS = 31 * 86_400_000;

const replayBody = z.object({
  byDeliveryStatus: z.object({
    status: z.enum(['FAILED', 'RETRY']).default('FAILED'),
    startTime: z.iso.datetime({ offset: true }),
    endTime: z.iso.datetime({ offset: true }),
  }),
});

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/csv' : 'application/json',
    ...headers,
  });
  res.end(text);
}

function errorBody(reason: string, message: string) {
  return { status: 'ERROR', reason, message };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startCybersourceSim(options: CybersourceSimOptions): Promise<CybersourceSim> {
  const ledger = new ProcessorLedger();
  const replays: ReplayRequest[] = [];
  const failures: number[] = [];
  let refusedSignatures = 0;
  const { credentials, clock } = options;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    const url = new URL(target, 'http://127.0.0.1');
    const body = await readBody(req);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers))
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const verdict = verifyRequest(
      { method: req.method ?? 'GET', target, headers, body },
      (keyId) =>
        keyId === credentials.keyId
          ? { sharedSecret: credentials.sharedSecret, merchantId: credentials.merchantId }
          : null,
      clock.now(),
    );
    if (!verdict.ok) {
      refusedSignatures += 1;
      options.logger.warn({ reason: verdict.reason }, 'sandbox cybersource refused a request signature');
      send(res, 401, errorBody('UNAUTHORIZED', 'Authentication failed'));
      return;
    }
    const fault = failures.shift();
    if (fault !== undefined) {
      send(
        res,
        fault,
        errorBody('SIMULATED', `Simulated answer ${String(fault)}`),
        fault === 429 ? { 'retry-after': '1' } : {},
      );
      return;
    }
    if (req.method === 'GET' && url.pathname === '/reporting/v3/report-downloads') {
      const organizationId = url.searchParams.get('organizationId') ?? credentials.merchantId;
      const reportDate = url.searchParams.get('reportDate') ?? '';
      const reportName = url.searchParams.get('reportName');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(reportDate) || reportName === null) {
        send(res, 400, errorBody('INVALID_DATA', 'reportDate (yyyy-mm-dd) and reportName are required'));
        return;
      }
      if (reportName !== options.reportName) {
        send(res, 404, errorBody('NOT_FOUND', 'No Reports Found'));
        return;
      }
      send(res, 200, batchDetailReport(ledger.all(), organizationId, reportDate, options.timeZone));
      return;
    }
    const empty = EMPTY_MONEY[url.pathname];
    if (req.method === 'GET' && empty) {
      const startTime = url.searchParams.get('startTime');
      const endTime = url.searchParams.get('endTime');
      if (startTime === null || endTime === null || !(Date.parse(endTime) > Date.parse(startTime))) {
        send(
          res,
          400,
          errorBody('INVALID_DATA', 'startTime and endTime (ISO 8601, end after start) are required'),
        );
        return;
      }
      send(res, 200, { ...empty, ...(url.pathname.endsWith('net-fundings') ? { startTime, endTime } : {}) });
      return;
    }
    const replay = /^\/nrtf\/v1\/webhooks\/([^/]+)\/replays$/.exec(url.pathname);
    if (req.method === 'POST' && replay) {
      handleReplay(decodeURIComponent(replay[1] ?? ''), body, res);
      return;
    }
    send(res, 404, errorBody('NOT_FOUND', 'Unknown resource'));
  }

  function handleReplay(webhookId: string, body: string, res: ServerResponse): void {
    if (webhookId !== options.webhookId) {
      send(res, 404, errorBody('NOT_FOUND', 'Unknown webhook'));
      return;
    }
    let parsed;
    try {
      parsed = replayBody.safeParse(JSON.parse(body));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      send(res, 400, errorBody('INVALID_DATA', 'byDeliveryStatus {status, startTime, endTime} is required'));
      return;
    }
    const { startTime, endTime, status } = parsed.data.byDeliveryStatus;
    const start = Date.parse(startTime);
    const end = Date.parse(endTime);
    if (end <= start || end - start > REPLAY_MAX_SPAN_MS || start < clock.now() - REPLAY_MAX_AGE_MS) {
      send(res, 400, errorBody('INVALID_DATA', 'The span must be at most 24 hours within the last month'));
      return;
    }
    const due = ledger
      .dropped()
      .filter((s) => s.payment.event.transactionAt >= start && s.payment.event.transactionAt < end);
    for (const sent of due) options.redeliver?.(sent);
    replays.push({ webhookId, startTime, endTime, status, redelivered: options.redeliver ? due.length : 0 });
    send(res, 202, { status: 'ACCEPTED' });
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'sandbox cybersource failed a request');
      if (!res.headersSent) send(res, 500, errorBody('SERVER_ERROR', 'Simulator failure'));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${String(port)}`,
    ledger,
    replays,
    get refusedSignatures() {
      return refusedSignatures;
    },
    failNext(status, count = 1) {
      for (let i = 0; i < count; i += 1) failures.push(status);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
