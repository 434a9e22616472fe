/**
 * Recognises "the disk is full" in whatever shape it arrives: SQLite's SQLITE_FULL (better-sqlite3 puts
 * SQLite's code on the error; SQLite answers SQLITE_FULL when a write comes back short with ENOSPC), the
 * file system's ENOSPC or EDQUOT (a quota is a full disk to this user), or either one's text inside an
 * error that wrapped it (a StoreError at start-up carries the reason in its message).
 */
const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const FULL_TEXT =
  /database or disk is full|\bENOSPC\b|no space left on device|\bEDQUOT\b|disk quota exceeded/i;

export function isDiskFull(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth += 1) {
    if (typeof e !== 'object') return typeof e === 'string' && FULL_TEXT.test(e);
    if ('code' in e && typeof e.code === 'string' && FULL_CODES.has(e.code)) return true;
    if ('message' in e && typeof e.message === 'string' && FULL_TEXT.test(e.message)) return true;
    e = 'cause' in e ? e.cause : undefined;
  }
  return false;
}
