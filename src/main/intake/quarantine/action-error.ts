/** Why an operator's quarantine action was refused; the API handler turns the code into its error code. */
export type QuarantineActionCode = 'not_found' | 'conflict' | 'card_data' | 'invalid';

export class QuarantineActionError extends Error {
  constructor(
    readonly code: QuarantineActionCode,
    message: string,
  ) {
    super(message);
    this.name = 'QuarantineActionError';
  }
}
