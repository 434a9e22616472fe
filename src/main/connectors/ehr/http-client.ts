/**
 * axios clients for EHR calls: explicit connect and response timeouts, no retries of any kind (the engine
 * owns retries, and a library retry of a payment POST is how duplicate payments are born), no redirects,
 * every HTTP status returned as a response so the connector classifies it.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import axios, { type AxiosInstance } from 'axios';

export interface HttpClientOptions {
  readonly connectTimeoutMs: number;
  /** Whole-request deadline once sending starts (axios `timeout`). */
  readonly responseTimeoutMs: number;
}

/** Marks errors raised by our connect timer so they classify as "nothing was sent". */
export const CONNECT_TIMEOUT_CODE = 'ECONNECT_TIMEOUT';

function armConnectTimeout(socket: Duplex | null | undefined, ms: number, connectedEvent: string): void {
  if (!socket) return;
  const timer = setTimeout(() => {
    const error = Object.assign(new Error(`connect timeout after ${String(ms)} ms`), {
      code: CONNECT_TIMEOUT_CODE,
    });
    socket.destroy(error);
  }, ms);
  timer.unref();
  const clear = () => clearTimeout(timer);
  socket.once(connectedEvent, clear);
  socket.once('close', clear);
}

/**
 * Keep-alive is off: a pooled socket the server already closed fails with ECONNRESET, which the classifier
 * must read as "may have posted". One connection per posting keeps resets meaningful. The agent's own
 * `createConnection` is wrapped so every socket it makes is armed; for TLS, "connected" is the handshake.
 */
function connectTimeoutAgent<A extends http.Agent>(
  agent: A,
  connectTimeoutMs: number,
  connectedEvent: string,
): A {
  const create = agent.createConnection.bind(agent);
  agent.createConnection = (options, callback) => {
    const socket = create(options, callback);
    armConnectTimeout(socket, connectTimeoutMs, connectedEvent);
    return socket;
  };
  return agent;
}

export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  return axios.create({
    timeout: options.responseTimeoutMs,
    httpAgent: connectTimeoutAgent(new http.Agent({ keepAlive: false }), options.connectTimeoutMs, 'connect'),
    httpsAgent: connectTimeoutAgent(
      new https.Agent({ keepAlive: false }),
      options.connectTimeoutMs,
      'secureConnect',
    ),
    maxRedirects: 0,
    // Proxies come from explicit settings only, never from the environment of the workstation.
    proxy: false,
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    transitional: { clarifyTimeoutError: true, silentJSONParsing: false, forcedJSONParsing: false },
    decompress: true,
  });
}
