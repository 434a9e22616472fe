/**
 * The console's forms are judged by the server's own rules: a form's values become the command's arguments
 * (`toArgs`), and the schema the main process validates that command with (COMMANDS[name].args) judges them,
 * through react-hook-form's zod resolver. So a rule lives once, in `src/shared/commands`, and the operator sees
 * it under the field before anything is sent. Messages are the schema's own or, where it has none, the words
 * of `shared/words/validation` — never a zod path or zod's default English.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldError, FieldErrors, FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { COMMANDS, type CommandArgs, type CommandName } from '../../../../shared/contract';
import { fieldName, validationErrorMap } from '../../../../shared/words';

/** How a form's values become a command's arguments, and which form field an argument is typed in. */
export interface CommandBinding<N extends CommandName, V extends FieldValues> {
  readonly command: N;
  /** The command's arguments from what was typed (trimming and defaults are the schema's business). */
  readonly toArgs: (values: V) => CommandArgs<N>;
  /** Argument paths typed in a field of another name (`transactionAt` → `date`); the rest keep their name. */
  readonly fields?: Readonly<Record<string, string>>;
  /**
   * For a command whose arguments carry a document main validates with its own schema (`settings.save`):
   * that schema, shared with main, and the part of the document the form types. Used instead of the
   * command's argument schema, which only sees a record.
   */
  readonly rules?: {
    readonly schema: z.ZodType<unknown, FieldValues>;
    readonly input: (values: V) => unknown;
  };
  /**
   * A rule's message said in the form's terms, before sending (a limit in milliseconds for a field typed in
   * seconds); the message itself when absent.
   */
  readonly reword?: (issue: ArgumentIssue) => string;
}

/** One refusal: where in the arguments, and why in words. */
export interface ArgumentIssue {
  readonly path: string;
  readonly message: string;
}

/** The leaves of a nested error tree, by dotted path (react-hook-form nests errors as the values are). */
function leaves(tree: FieldErrors, prefix = ''): ArgumentIssue[] {
  const out: ArgumentIssue[] = [];
  for (const [key, node] of Object.entries(tree)) {
    if (!node || typeof node !== 'object') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const leaf = node as Partial<FieldError>;
    if (typeof leaf.message === 'string' && typeof leaf.type === 'string')
      out.push({ path, message: leaf.message });
    else out.push(...leaves(node as FieldErrors, path));
  }
  return out;
}

/** The form field an argument path is typed in: the longest mapped prefix, else the path itself. */
export function formPathOf(path: string, fields: Readonly<Record<string, string>> = {}): string {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const head = parts.slice(0, n).join('.');
    const mapped = fields[head];
    if (mapped !== undefined) return [mapped, ...parts.slice(n)].join('.');
  }
  return path;
}

/**
 * A form judged by a schema that is not a command's arguments (the sign-in routes): the schema, what of the
 * form it judges, and what the form sends.
 */
export interface RulesBinding<A, V extends FieldValues> {
  readonly schema: z.ZodType<unknown, FieldValues>;
  readonly input: (values: V) => unknown;
  readonly toArgs: (values: V) => A;
  readonly fields?: Readonly<Record<string, string>>;
  readonly reword?: (issue: ArgumentIssue) => string;
}

/** A command's binding as rules: its document's rules when it has them, else the command's arguments. */
export function rulesOf<N extends CommandName, V extends FieldValues>(
  binding: CommandBinding<N, V>,
): RulesBinding<CommandArgs<N>, V> {
  return {
    schema: binding.rules?.schema ?? COMMANDS[binding.command].args,
    input: binding.rules?.input ?? binding.toArgs,
    toArgs: binding.toArgs,
    ...(binding.fields ? { fields: binding.fields } : {}),
    ...(binding.reword ? { reword: binding.reword } : {}),
  };
}

type AnyBinding<V extends FieldValues> = CommandBinding<CommandName, V> | RulesBinding<unknown, V>;
const asRules = <V extends FieldValues>(binding: AnyBinding<V>): RulesBinding<unknown, V> =>
  'command' in binding ? rulesOf(binding) : binding;

/** The issues the schema finds in a form's values, by argument path; empty when it would accept them. */
export async function argumentIssues<V extends FieldValues>(
  binding: AnyBinding<V>,
  values: V,
): Promise<ArgumentIssue[]> {
  const { schema, input, reword } = asRules(binding);
  const check = zodResolver(schema, { error: validationErrorMap }, { raw: true });
  const result = await check(input(values) as FieldValues, undefined, {
    fields: {},
    shouldUseNativeValidation: false,
  });
  const issues = leaves(result.errors);
  return reword ? issues.map((issue) => ({ ...issue, message: reword(issue) })) : issues;
}

/**
 * The resolver for `useForm`: each issue lands on the field it is about; an issue about an argument no field
 * holds (the item's id, a value set by the screen) is shown for the whole form, its field named in words.
 */
export function commandResolver<V extends FieldValues>(current: AnyBinding<V>): Resolver<V> {
  return async (values, _context, options) => {
    const issues = await argumentIssues(current, values);
    if (issues.length === 0) return { values, errors: {} };
    const errors: Record<string, unknown> = {};
    const elsewhere: string[] = [];
    for (const issue of issues) {
      const path = formPathOf(issue.path, current.fields);
      const top = path.split('.')[0] ?? path;
      if (top in options.fields || top in values) {
        setPath(errors, path, { type: 'server-rule', message: issue.message });
      } else {
        elsewhere.push(`${fieldName(issue.path)}: ${issue.message}`);
      }
    }
    if (elsewhere.length > 0) errors.root = { type: 'server-rule', message: elsewhere.join('; ') };
    return { values: {}, errors: errors as FieldErrors<V> };
  };
}

/** Sets a dotted path in a plain object, creating the objects on the way (the first issue of a field wins). */
function setPath(target: Record<string, unknown>, path: string, value: FieldError): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node = next && typeof next === 'object' ? (next as Record<string, unknown>) : (node[part] = {});
  }
  const last = parts.at(-1) ?? path;
  node[last] ??= value;
}
