/**
 * Serve mode hands generated files to the browser: a console in a browser cannot open a server path. Only a
 * plain file name is accepted, only of the files Clearpost generates (daily files, reports, posting files),
 * only from the reports folder, and only a regular file inside it after links are resolved: the route can
 * never read anything else on the server. Each download is audited (the files carry patient identifiers).
 */
import { realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { AuditRepository } from '../store/repositories/audit';

/** The names report-service and file-names.ts give: kind, facility, business date, optional suffix. */
const GENERATED_NAME =
  /^(?:recon|detail|epic-voids|posting)_[A-Za-z0-9_-]{1,60}_\d{4}-\d{2}-\d{2}[A-Za-z0-9_]{0,40}\.(csv|xlsx|txt)$/;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain; charset=utf-8',
};

export interface Downloadable {
  readonly path: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: number;
}

export interface FileDownloads {
  /** The file to send for this name, or null when it is not a generated file in the reports folder. */
  resolve(fileName: string): Downloadable | null;
  /** Records who took which file. */
  downloaded(file: Downloadable, actor: string): void;
}

export function reportDownloads(
  reportsDir: () => string,
  audit: AuditRepository,
  now: () => number,
): FileDownloads {
  return {
    resolve(fileName) {
      const match = GENERATED_NAME.exec(fileName);
      if (!match) return null;
      let dir: string;
      let path: string;
      try {
        dir = realpathSync(reportsDir());
        path = realpathSync(join(dir, fileName));
      } catch {
        return null;
      }
      if (!path.startsWith(dir + sep)) return null;
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat?.isFile()) return null;
      return {
        path,
        fileName,
        contentType: CONTENT_TYPES[match[1] ?? 'txt'] ?? 'application/octet-stream',
        bytes: stat.size,
      };
    },
    downloaded(file, actor) {
      audit.append(
        { actor, action: 'report.downloaded', subjectType: 'report_file', subjectId: file.fileName },
        now(),
      );
    },
  };
}

/** `attachment` with the plain name and its RFC 5987 form (RFC 6266 section 4.3). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7E]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
