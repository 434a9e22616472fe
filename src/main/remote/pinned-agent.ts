/**
 * HTTPS that trusts exactly one certificate, named by its SHA-256 fingerprint: the desktop pins the
 * certificate `clearpost serve` printed, which a hospital's service usually has self-signed or from an
 * internal CA this workstation does not know. The socket is handed to the HTTP request only after the
 * fingerprint matched, so not a byte of a request (token, session, password) reaches another server.
 */
import { Agent, type AgentOptions } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect } from 'node:tls';
import type { ClientRequestArgs } from 'node:http';

/** The service answered with another certificate than the pinned one. */
export class PinMismatch extends Error {
  constructor(readonly presented: string) {
    super(
      `The service presented a certificate with SHA-256 fingerprint ${presented}, not the pinned one. ` +
        'Nothing was sent. If the service has a new certificate, connect again with its new fingerprint.',
    );
    this.name = 'PinMismatch';
  }
}

export function createPinnedAgent(fingerprint256: string, options: AgentOptions = {}): Agent {
  const pinned = fingerprint256.toUpperCase();
  const agent = new Agent({ keepAlive: true, maxSockets: 8, ...options });
  // Asynchronous socket creation, as the http.Agent documentation describes for custom agents: the agent
  // waits for the callback, so the request is written only to a socket whose certificate was checked.
  agent.createConnection = (
    args: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined => {
    const host = args.host ?? args.hostname ?? 'localhost';
    const socket = connect({
      host,
      port: Number(args.port ?? 443),
      ...(isIP(host) === 0 ? { servername: host } : {}),
      // The chain is not what is trusted here; the pinned fingerprint is (checked below, before any write).
      rejectUnauthorized: false,
    });
    const fail = (error: Error) => {
      socket.destroy();
      callback?.(error, socket);
    };
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      socket.removeListener('error', fail);
      const presented = socket.getPeerCertificate().fingerprint256;
      if (presented !== pinned) return fail(new PinMismatch(presented));
      callback?.(null, socket);
    });
    return undefined;
  };
  return agent;
}
