import type { FieldErrors } from 'react-hook-form';
import type { ArgumentIssue } from './command-resolver';

/**
 * The messages of a branch of a form's errors, by dotted path: for values with no field of their own (a
 * record a form edits as a whole, such as a connection's sites), whose refusals are listed beside it.
 */
export function errorLeaves(tree: unknown, prefix: string): ArgumentIssue[] {
  if (!tree || typeof tree !== 'object') return [];
  const node = tree as { message?: unknown; type?: unknown };
  const own: ArgumentIssue[] =
    typeof node.message === 'string' && typeof node.type === 'string'
      ? [{ path: prefix, message: node.message }]
      : [];
  const below = Object.entries(tree as FieldErrors)
    // A field error's own keys (its message, type, ref) are not branches.
    .filter(([key]) => !['message', 'type', 'ref', 'types', 'root'].includes(key))
    .flatMap(([key, child]) => errorLeaves(child, `${prefix}.${key}`));
  return [...own, ...below];
}
