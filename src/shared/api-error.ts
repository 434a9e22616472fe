/** Errors cross every transport as `{code, message}` values; this module has no runtime dependencies. */

export const API_ERROR_CODES = [
  'unknown_command',
  'invalid_arguments',
  'not_found',
  'conflict',
  'forbidden',
  'unauthorized',
  'unavailable',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiErrorBody {
  readonly code: ApiErrorCode;
  readonly message: string;
  /** For invalid_arguments: which argument and why. */
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
}

/** The envelope every transport carries, so errors keep their code across IPC and HTTP. */
export type Envelope<T> =
  { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: ApiErrorBody };

/** An API failure as the renderer sees it. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: ApiErrorBody['issues'];
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.issues = body.issues;
  }
}
