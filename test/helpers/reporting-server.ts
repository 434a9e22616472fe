/**
 * A Cybersource Reporting REST API on loopback for tests: every request's HTTP Signature is checked as
 * Cybersource does (the verifier the sandbox uses); a refused one is answered 401. What a signed request gets
 * is the test's `answer` (a body, or a status and body); each request's URL is recorded. Closed after each test.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { verifyRequest } from '../../src/main/intake/backfill/http-signature';

export interface ReportingCredentials {
  readonly merchantId: string;
  readonly keyId: string;
  readonly sharedSecret: string;
}

export type ReportingAnswer =
  { readonly status: number; readonly body: unknown } | { readonly body: unknown };

/** Call at the top of a test file: `start` opens a server for the current test. */
export function useReportingServer(credentials: ReportingCredentials) {
  let server: Server | null = null;
  afterEach(async () => {
    const open = server;
    server = null;
    if (open) await new Promise<void>((resolve) => open.close(() => resolve()));
  });
  return {
    /** Starts the server; returns its base URL. */
    async start(answer: (url: URL) => ReportingAnswer, asked: URL[] = []): Promise<string> {
      const listening = createServer((req, res) => {
        const target = req.url ?? '';
        const url = new URL(target, 'http://reporting.test');
        asked.push(url);
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
        );
        const verdict = verifyRequest(
          { method: req.method ?? 'GET', target, headers, body: '' },
          (keyId) => (keyId === credentials.keyId ? credentials : null),
          Date.now(),
        );
        const reply = verdict.ok
          ? answer(url)
          : { status: 401, body: { response: { rmsg: verdict.reason } } };
        res.statusCode = 'status' in reply ? reply.status : 200;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(reply.body));
      });
      server = listening;
      await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${String((listening.address() as AddressInfo).port)}`;
    },
  };
}
