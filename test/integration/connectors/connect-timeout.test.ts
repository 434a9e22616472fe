/**
 * The EHR client's connect timer (connectors/ehr/http-client.ts), over loopback: a TLS server that takes the
 * TCP connection but never answers the handshake is given up on by the connect timer, not the whole-request
 * deadline, and that reads as "nothing was sent" (connect_failed, not ambiguous), so the engine may retry.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/main/connectors/ehr/http-client';
import { transportError } from '../../../src/main/connectors/ehr/transport-error';

let server: Server | null = null;
const held: Socket[] = [];

afterEach(async () => {
  for (const socket of held.splice(0)) socket.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

describe('the connect timer', () => {
  it('gives up on a TLS handshake that never completes; nothing was sent', async () => {
    // Accepts TCP and then says nothing: the TLS handshake never finishes.
    server = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // The whole-request deadline is far beyond the connect timer, so only the connect timer can end this.
    const http = createHttpClient({ connectTimeoutMs: 300, responseTimeoutMs: 120_000 });

    const failure: unknown = await http.post(`https://127.0.0.1:${String(port)}/Basic`, '{}').then(
      () => null,
      (error: unknown) => error,
    );

    expect(failure).toMatchObject({ code: 'ECONNECT_TIMEOUT' });
    expect(transportError(failure)).toMatchObject({ code: 'connect_failed', ambiguous: false });
  });
});
