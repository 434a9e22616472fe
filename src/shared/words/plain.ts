/**
 * Cleans text that was written before this table existed, or by another system (the EHR, the processor,
 * intake's validators), for a person to read: no leading HTTP status ("404 Not Found: …"), no "(code x)",
 * JSON paths named as fields. The raw text stays in the technical section.
 */
import { fieldName } from './fields';

/** "404 Not Found: ", "429 Too Many Requests", "404 [59144]: ", "HTTP 500 – ": an HTTP status at the start. */
const HTTP_LEAD =
  /^(?:HTTP\s*)?[1-5]\d\d(?:\s*\[[^\]]*\])?(?:\s+[A-Z][A-Za-z-]*(?:\s+[A-Z][A-Za-z-]*)*(?:\s*\([^)]*\))?)?\s*(?:[:–—-]\s*|$)/;
const CODE_NOTE = /\s*\((?:code|reason code)\s+[^)]*\)/gi;
const JSON_PATH = /\$(?:\.[A-Za-z_][\w]*|\[\d+\])+/g;

/** Whether a text starts with an HTTP status, the way reasons used to. */
export function startsWithHttpStatus(text: string): boolean {
  return /^(?:HTTP\s*)?[1-5]\d\d\b/.test(text.trim());
}

/** HTTP's own reason phrases say nothing an operator can use once the status is gone. */
const HTTP_PHRASES = new Set([
  'bad request',
  'invalid request',
  'unauthorized',
  'forbidden',
  'not found',
  'conflict',
  'unprocessable entity',
  'too many requests',
  'internal server error',
  'not implemented',
  'bad gateway',
  'service unavailable',
  'gateway time-out',
  'gateway timeout',
  'site overloaded',
]);

export function plainText(text: string): string {
  let out = text.trim();
  if (startsWithHttpStatus(out)) out = out.replace(HTTP_LEAD, '');
  if (HTTP_PHRASES.has(out.toLowerCase().replace(/\.$/, ''))) out = '';
  // "Unprocessable Entity: the encounter is closed": the phrase alone says nothing more than the status did.
  const colon = out.indexOf(':');
  if (colon > 0 && HTTP_PHRASES.has(out.slice(0, colon).toLowerCase().trim()))
    out = out.slice(colon + 1).trim();
  out = out.replace(CODE_NOTE, '').replace(JSON_PATH, (path) => fieldName(path).toLowerCase());
  out = out.trim();
  // A sentence gets its capital; a leading key or code ("bo_hp_reltn_id is missing") is left as written.
  return /^[a-z]+\b(?![_.\d])/.test(out) ? out.charAt(0).toUpperCase() + out.slice(1) : out;
}
