/**
 * A refused save turned into what a settings form shows: each message beside the field it names, the rest
 * listed under the form, and one line saying why nothing was saved.
 */
import { ApiError } from '../../../../shared/api-error';

export const FIX_FIELDS = 'Not saved: correct the fields marked below.';

export interface Refusal {
  /** Messages by the form's own name for a field. */
  readonly byField: Record<string, string>;
  /** "path: message" for issues no field of this form shows. */
  readonly other: string[];
  readonly text: string;
}

/** `place` names the form field for a server path, or null when this form has none for it. */
export function refusal(error: unknown, place: (path: string) => string | null = (path) => path): Refusal {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  if (error instanceof ApiError) {
    for (const issue of error.issues ?? []) {
      const field = place(issue.path);
      if (field === null) other.push(`${issue.path}: ${issue.message}`);
      else byField[field] = issue.message;
    }
  }
  const text =
    Object.keys(byField).length > 0 || other.length > 0
      ? FIX_FIELDS
      : `Not saved: ${error instanceof Error ? error.message : String(error)}`;
  return { byField, other, text };
}
