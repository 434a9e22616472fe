/**
 * The built renderer as static files. It holds no data and no secret, so it is served without a credential:
 * a cookie would be the only way to gate a page's scripts, and cookies are not port-scoped (RFC 6265
 * section 8.5). Unknown extension-less paths are the single-page app's own routes.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { cookie } from './http-credentials';

/** Cookies earlier versions set; expired when a browser still sends them (no credential rides a cookie now). */
const LEGACY_COOKIES = ['clearpost_token', 'clearpost_session'] as const;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Expires the cookies earlier versions set, if the browser still sends them. */
export function expireLegacyCookies(req: IncomingMessage, res: ServerResponse): void {
  const stale = LEGACY_COOKIES.filter((name) => cookie(req, name) !== null);
  if (stale.length > 0) {
    res.setHeader(
      'Set-Cookie',
      stale.map((name) => `${name}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`),
    );
  }
}

export function serveStatic(
  rendererDir: string | null,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (rendererDir === null) {
    res.statusCode = 404;
    res.end('The console is not built; run `npm run build`.\n');
    return;
  }
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    res.statusCode = 400;
    res.end();
    return;
  }
  let file = join(rendererDir, relative === '' ? 'index.html' : relative);
  if (!file.startsWith(rendererDir + sep) && file !== rendererDir) {
    res.statusCode = 404;
    res.end();
    return;
  }
  if (!isFile(file)) {
    // Unknown extension-less paths belong to the single-page app.
    if (extname(file) !== '') {
      res.statusCode = 404;
      res.end();
      return;
    }
    file = join(rendererDir, 'index.html');
    if (!isFile(file)) {
      res.statusCode = 404;
      res.end('The console is not built; run `npm run build`.\n');
      return;
    }
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', MIME[extname(file)] ?? 'application/octet-stream');
  res.setHeader('Cache-Control', extname(file) === '.html' ? 'no-store' : 'private, max-age=3600');
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
