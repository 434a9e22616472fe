/**
 * The credentials a request carries, all in headers the console's own script sets: the console token (or the
 * metrics token) as `Authorization: Bearer`, the session id as `X-Clearpost-Session`. Cookies are read only to
 * expire those earlier versions set (see http-transport.ts).
 */
import type { IncomingMessage } from 'node:http';
import { SESSION_HEADER } from '../auth/http-auth';

export function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

export function sessionId(req: IncomingMessage): string | null {
  const header = req.headers[SESSION_HEADER];
  return typeof header === 'string' && header !== '' ? header : null;
}

export function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}
