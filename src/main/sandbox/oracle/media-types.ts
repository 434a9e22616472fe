/**
 * Media-type rules of Millennium's `POST /Basic` (FinancialTransaction create), as published:
 * - "Create a financial transaction" (https://docs.oracle.com/en/industries/health/millennium-platform-apis/mfrap/op-basic-post.html)
 *   lists `application/fhir+json` as the only supported request media type, and `Authorization`, `accept` and
 *   `content-type` as required headers.
 * - "Millennium R4 API, Client Errors" (https://fhir.cerner.com/millennium/r4/#client-errors), item 5:
 *   "Requested a media type other than JSON will result in a `406 Not Acceptable` response", with
 *   `Content-Length: 0`.
 * The Millennium client-errors list names no status for an unsupported request body type; 415 is HTTP's own
 * answer for it (RFC 9110 §15.5.16 "415 Unsupported Media Type", which Oracle's Soarian R4 documentation also
 * uses), and the simulator has always answered it.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** JSON media types a Millennium FHIR server answers in (`application/json+fhir` is the DSTU2-era spelling). */
const JSON_TYPES = new Set(['application/fhir+json', 'application/json', 'application/json+fhir']);

function first(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** The media type without its parameters, lower case: `Application/FHIR+JSON; charset=utf-8` → `application/fhir+json`. */
function bareType(range: string): string {
  return (range.split(';')[0] ?? '').trim().toLowerCase();
}

/** A range weighted `q=0` is "not acceptable" (RFC 9110 §12.4.2). */
function refused(range: string): boolean {
  return /;\s*q\s*=\s*0(?:\.0{0,3})?\s*(?:;|$)/i.test(range);
}

/**
 * Whether the client accepts a JSON answer. A missing or empty `Accept` is allowed: the docs call the header
 * required but do not say what Millennium answers without it, so the simulator keeps accepting it.
 */
export function acceptsJson(headers: IncomingHttpHeaders): boolean {
  const accept = first(headers.accept).trim();
  if (accept === '') return true;
  return accept.split(',').some((range) => {
    if (refused(range)) return false;
    const type = bareType(range);
    return type === '*/*' || type === 'application/*' || JSON_TYPES.has(type);
  });
}

/** Whether the request body is declared as `application/fhir+json` (parameters such as charset allowed). */
export function isFhirJsonBody(contentType: string | undefined): boolean {
  return bareType(contentType ?? '') === 'application/fhir+json';
}
