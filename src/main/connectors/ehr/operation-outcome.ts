/** Reads a FHIR OperationOutcome (Oracle Health and Epic both send one on errors) into plain fields. */

export interface ParsedOutcome {
  /** FHIR issue type: `invalid`, `business-rule`, `not-supported`, `duplicate`, `not-found`, … */
  readonly issueCode: string | null;
  /** The first coded detail: Epic's numeric error code, or the EHR's own detail code. */
  readonly detailCode: string | null;
  readonly text: string | null;
}

const MAX_TEXT = 500;

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, MAX_TEXT) : null;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function parseOperationOutcome(body: unknown): ParsedOutcome | null {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return null;
    }
  }
  const outcome = record(value);
  if (!outcome || outcome.resourceType !== 'OperationOutcome' || !Array.isArray(outcome.issue)) return null;
  const issues = outcome.issue.map(record).filter((i): i is Record<string, unknown> => i !== null);
  // The first error explains the refusal; warnings and information come after it in practice but not always.
  const issue = issues.find((i) => i.severity === 'error' || i.severity === 'fatal') ?? issues[0];
  if (!issue) return { issueCode: null, detailCode: null, text: null };
  const details = record(issue.details);
  const codings = Array.isArray(details?.coding) ? details.coding.map(record) : [];
  const coding = codings.find((c) => c !== null && str(c.code) !== null) ?? null;
  return {
    issueCode: str(issue.code),
    detailCode: coding ? str(coding.code) : null,
    text: str(details?.text) ?? str(issue.diagnostics) ?? (coding ? str(coding.display) : null),
  };
}
