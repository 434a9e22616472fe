/** OperationOutcome bodies as the simulated EHRs send them. */

export interface OutcomeDetail {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export function operationOutcome(issueCode: string, text: string, detail?: OutcomeDetail): string {
  return JSON.stringify({
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: issueCode,
        details: { ...(detail ? { coding: [detail] } : {}), text },
      },
    ],
  });
}
