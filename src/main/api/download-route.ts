/** `GET /api/download/<file name>`: a generated report file, for a signed-in supervisor. */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { HttpAuth } from '../auth/http-auth';
import { minimumRole, roleAtLeast } from '../auth/roles';
import { sendSignInNeeded } from './auth-routes';
import { contentDisposition, type FileDownloads } from './file-download';
import { sessionId } from './http-credentials';
import { sendError, sendMethodNotAllowed } from './http-replies';

export interface DownloadRouteContext {
  readonly auth: HttpAuth;
  readonly downloads?: FileDownloads;
  readonly logger: Logger;
}

export const DOWNLOAD_PREFIX = '/api/download/';

/**
 * A generated file as an attachment. The console fetches it with its headers (token and session, never a
 * cookie) and saves the answer; downloading is exporting, so it takes the role `reports.export` takes.
 */
export function download(
  options: DownloadRouteContext,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (req.method !== 'GET') return sendMethodNotAllowed(res, 'GET');
  const caller = options.auth.callerFor(sessionId(req));
  if (!caller) return sendSignInNeeded(options.auth, res);
  if (!caller.role || !roleAtLeast(caller.role, minimumRole('reports.export'))) {
    return sendError(res, 'forbidden', 'Downloading report files needs a supervisor');
  }
  let name: string;
  try {
    name = decodeURIComponent(pathname.slice(DOWNLOAD_PREFIX.length));
  } catch {
    return sendError(res, 'invalid_arguments', 'The file name in the address is not valid (a stray %)');
  }
  const file = options.downloads?.resolve(name) ?? null;
  if (!file) return sendError(res, 'not_found', 'No such generated file in the reports folder');
  res.statusCode = 200;
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.bytes));
  res.setHeader('Content-Disposition', contentDisposition(file.fileName));
  res.setHeader('Cache-Control', 'no-store');
  options.downloads?.downloaded(file, caller.actor);
  createReadStream(file.path)
    .on('error', (error) => {
      options.logger.error({ err: error, file: file.fileName }, 'download failed');
      res.destroy();
    })
    .pipe(res);
}
