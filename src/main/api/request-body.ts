/**
 * Reading a request body under a size limit without resetting the connection. Destroying the socket while
 * the client still sends makes the kernel answer with a TCP reset, which also throws away the response the
 * client had not read yet: it sees "connection reset", not 413. So a body over the limit is read on and
 * discarded (nothing is kept) and the 413 is sent once the client has finished sending — up to a ceiling,
 * past which the connection is cut after all.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type BodyResult = { readonly ok: true; readonly text: string } | { readonly ok: false };

/** A command's or a webhook's body: far above any argument or notification, far below a memory risk. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** How much of an oversized body is read and thrown away before giving up on a polite answer. */
const DISCARD_CEILING_BYTES = 64 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    if (declared > limit + DISCARD_CEILING_BYTES) {
      // Announced as far too large: answer now; the client may see the reset, but nothing is read.
      req.pause();
      resolve({ ok: false });
      return;
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit + DISCARD_CEILING_BYTES) {
        req.destroy();
        resolve({ ok: false });
        return;
      }
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(tooLarge ? { ok: false } : { ok: true, text: Buffer.concat(chunks).toString('utf8') }),
    );
    req.on('error', reject);
  });
}

/** The 413 answer; the connection closes after it, since the body was not wanted. */
export function sendTooLarge(res: ServerResponse, body: unknown): void {
  if (res.destroyed) return;
  res.statusCode = 413;
  res.setHeader('Connection', 'close');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}
