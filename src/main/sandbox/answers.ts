/** What a simulator sends back: a plain value the HTTP layer writes, so handlers stay testable and small. */
export interface SimAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A posting handler's answer, and whether it wrote to the ledger (the commit-then-drop fault needs to know). */
export interface PostAnswer {
  readonly answer: SimAnswer;
  readonly committed: boolean;
}

export const DUPLICATE_POLICIES = ['reject', 'accept_twice', 'return_first'] as const;
/** What the EHR does with a second posting of the same external id (varies by site in real life). */
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];
