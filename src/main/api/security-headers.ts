/** The headers every serve-mode answer carries: the content security policy, no framing, no referrer. */
import type { ServerResponse } from 'node:http';
import { CONTENT_SECURITY_POLICY } from '../security/csp';

export function setSecurityHeaders(res: ServerResponse, tls: boolean): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  // Once a browser has reached the console over TLS it never tries plain HTTP to it again (RFC 6797).
  if (tls) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The first URL carries the token: never leak it in a Referer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}
