/**
 * The toy EHR on loopback: a client-credentials token endpoint, a payment endpoint that folds a repeated
 * external id into the first posting, a lookup by external id, and refusals on request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ToyEhr {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  /** Posted payments by external id. */
  readonly payments: Map<string, { reference: string; account: string; amountMinor: number }>;
  /** Answers the next payment requests with these statuses instead of posting. */
  refuseNext(...statuses: number[]): void;
  /** Every payment request, answered or refused. */
  readonly requests: () => number;
  close(): Promise<void>;
}

export async function startToyEhr(): Promise<ToyEhr> {
  const payments: ToyEhr['payments'] = new Map();
  const refusals: number[] = [];
  let requests = 0;
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const bodyOf = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await bodyOf(req);
      if (url.pathname === '/token' && req.method === 'POST')
        return reply(res, 200, { access_token: 'toy-token', token_type: 'Bearer', expires_in: 3600 });
      if (req.headers.authorization !== 'Bearer toy-token') return reply(res, 401, {});
      if (url.pathname === '/payments' && req.method === 'GET') {
        const found = payments.get(url.searchParams.get('externalId') ?? '');
        return found ? reply(res, 200, { reference: found.reference }) : reply(res, 404, {});
      }
      if (url.pathname === '/payments' && req.method === 'POST') {
        requests += 1;
        const refusal = refusals.shift();
        if (refusal !== undefined) return reply(res, refusal, { error: 'refused on request' });
        const payment = JSON.parse(body) as { externalId: string; account: string; amountMinor: number };
        const had = payments.get(payment.externalId);
        if (had) return reply(res, 200, { reference: had.reference });
        const reference = `TOY-${String(payments.size + 1)}`;
        payments.set(payment.externalId, {
          reference,
          account: payment.account,
          amountMinor: payment.amountMinor,
        });
        return reply(res, 201, { reference });
      }
      return reply(res, 404, {});
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${String(port)}`;
  return {
    baseUrl: base,
    tokenUrl: `${base}/token`,
    payments,
    refuseNext: (...statuses) => refusals.push(...statuses),
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
