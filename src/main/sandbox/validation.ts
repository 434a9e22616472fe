/**
 * How a simulator's request validator answers: the valid posting, or a refusal with the status and
 * OperationOutcome issue code the EHR would send. Validators throw `Invalid` where the check fails and
 * `validated` turns it into the refusal, so a long list of checks reads as a list.
 */
export interface Refusal {
  readonly ok: false;
  readonly status: 400 | 415 | 422;
  readonly issueCode: string;
  readonly text: string;
  /** Epic's numeric error code, when the refusal carries one. */
  readonly epicCode?: string;
}

export type Validation<T> = { readonly ok: true; readonly value: T } | Refusal;

export class Invalid extends Error {
  constructor(
    readonly status: 400 | 415 | 422,
    readonly issueCode: string,
    text: string,
    readonly epicCode?: string,
  ) {
    super(text);
  }
}

/** Malformed value, missing field, well-formed but against the site's rules. */
export const bad = (text: string) => new Invalid(400, 'invalid', text);
export const required = (text: string) => new Invalid(400, 'required', text);
export const rule = (text: string, epicCode?: string) => new Invalid(422, 'business-rule', text, epicCode);

export function validated<T>(check: () => T): Validation<T> {
  try {
    return { ok: true, value: check() };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return {
      ok: false,
      status: e.status,
      issueCode: e.issueCode,
      text: e.message,
      ...(e.epicCode ? { epicCode: e.epicCode } : {}),
    };
  }
}

/** The body of a request in the EHR's media type: 415 for another type, 400 `structure` when it does not parse. */
export function readBody(
  body: string,
  contentType: string | undefined,
  media: {
    readonly name: string;
    accepts(contentType: string | undefined): boolean;
    parse(text: string): unknown;
  },
): unknown {
  if (!media.accepts(contentType))
    throw new Invalid(415, 'not-supported', `Content-Type must be ${media.name}`);
  try {
    return media.parse(body);
  } catch {
    throw new Invalid(400, 'structure', 'The request body is not valid JSON');
  }
}
