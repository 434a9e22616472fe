/**
 * Whether a request is addressed to this console and comes from its own page. On loopback a foreign `Host`
 * means DNS rebinding (a web page posing as localhost), and another port of loopback is another service. Off
 * loopback the TLS certificate binds the name: a page that rebinds its own name to this address fails the
 * browser's certificate check before any request is sent, so any host name is taken, on this port.
 */
import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOST = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(?::(\d+))?$/;
/** Any host name or address, then an optional port. */
const ANY_HOST = /^(?:\[[0-9a-fA-F:.]+\]|[^\s:/?#@[\]]+)(?::(\d+))?$/;

export type Scheme = 'http' | 'https';

/** Loopback (any name off loopback), and this server's own port (a missing port means the scheme's). */
export function addressedHere(
  host: string,
  localPort: number | undefined,
  loopback: boolean,
  scheme: Scheme,
): boolean {
  const match = (loopback ? LOOPBACK_HOST : ANY_HOST).exec(host);
  if (!match) return false;
  return Number(match[1] ?? (scheme === 'https' ? '443' : '80')) === localPort;
}

export function isCrossSite(req: IncomingMessage, host: string, scheme: Scheme): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `${scheme}://${host}`) return true;
  return req.headers['sec-fetch-site'] === 'cross-site';
}
