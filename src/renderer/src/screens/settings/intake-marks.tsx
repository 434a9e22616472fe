/** Where the intake rules form shows a refused save's messages: beside their field, or listed under the form. */
import type { ReactNode } from 'react';
import type { RulesDraft } from './intake-rules-draft';

export interface Marks {
  /** The message for a field, tied to it for screen readers; nothing when it has none. */
  readonly issue: (path: string) => ReactNode;
  /** The field's aria attributes when it has a message. */
  readonly invalid: (path: string) => Record<string, unknown>;
}

export function issueMarks(issues: Readonly<Record<string, string>>): Marks {
  return {
    issue: (path) =>
      issues[path] ? (
        <span className="field-error" id={`intake-issue-${path}`}>
          {issues[path]}
        </span>
      ) : null,
    invalid: (path) =>
      issues[path] ? { 'aria-invalid': true, 'aria-describedby': `intake-issue-${path}` } : {},
  };
}

/** A refused transform is named by its position in the chain; the form has one select per rule. */
export const fieldOfIssue = (path: string): string =>
  path.replace(/^(fieldRules\.\d+\.transforms)\.\d+$/, '$1');

/** Issues the form shows beside a field; the rest are listed under the form. */
export function isShown(path: string, draft: RulesDraft): boolean {
  if (path === 'defaultFacility' || path === 'defaultEhr' || path === 'fieldRules') return true;
  if (/^fieldRules\.\d+\.(source|target|transforms)/.test(path)) return true;
  if (/^guarantorRules\.mergedAccounts\.\d+\.(from|to)$/.test(path)) return true;
  if (!draft.dobEnabled) return false;
  return (
    path === 'guarantorRules.dateOfBirth.field' ||
    /^guarantorRules\.dateOfBirth\.rules\.\d+\.(account|dateOfBirth|survivingAccount)$/.test(path)
  );
}
