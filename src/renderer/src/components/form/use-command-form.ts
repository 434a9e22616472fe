import { useCallback, useEffect, useRef, useState, type SyntheticEvent } from 'react';
import {
  useForm,
  type DefaultValues,
  type FieldValues,
  type Path,
  type Resolver,
  type UseFormReturn,
} from 'react-hook-form';
import { ApiError } from '../../../../shared/api-error';
import type { CommandArgs, CommandName } from '../../../../shared/contract';
import { fieldName } from '../../../../shared/words';
import {
  argumentIssues,
  commandResolver,
  formPathOf,
  rulesOf,
  type CommandBinding,
  type RulesBinding,
} from './command-resolver';

/** What a field needs of its form: the form and which fields are required. */
export interface FormOf<V extends FieldValues> {
  readonly form: UseFormReturn<V>;
  /** Fields the rules refuse empty: marked with an asterisk and `aria-required`. */
  readonly required: ReadonlySet<string>;
}

export interface RulesForm<A, V extends FieldValues> extends FormOf<V> {
  /**
   * The form's submit handler: checks the values against the rules, then `send`s the arguments. A refusal
   * the server still makes lands on its field (or the form), and `send`'s own error on the form.
   */
  readonly onSubmit: (
    send: (args: A, values: V) => Promise<unknown>,
  ) => (event?: SyntheticEvent) => Promise<void>;
}

export type CommandForm<N extends CommandName, V extends FieldValues> = RulesForm<CommandArgs<N>, V>;

/** A value "left empty" as a person leaves it: empty text, nothing chosen. */
function emptied<V extends FieldValues>(values: V): V {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string') out[key] = '';
    else if (value && typeof value === 'object' && !Array.isArray(value))
      out[key] = emptied(value as FieldValues);
    else out[key] = value;
  }
  return out as V;
}

/** The fields whose emptiness the rules refuse, found by asking the schema itself (no second copy of it). */
export async function requiredFields<V extends FieldValues>(
  binding: Parameters<typeof argumentIssues<V>>[0],
  defaults: V,
): Promise<Set<string>> {
  const issues = await argumentIssues(binding, emptied(defaults));
  return new Set(issues.map((i) => formPathOf(i.path, binding.fields)));
}

/**
 * One form of the console, bound to the command it sends. The same hook serves every form, so each one shows
 * the server's rules per field before sending, marks what is required, and reports refusals the same way.
 */
export function useCommandForm<N extends CommandName, V extends FieldValues>(
  binding: CommandBinding<N, V> & { readonly defaultValues: V },
): CommandForm<N, V> {
  return useRulesForm({ ...rulesOf(binding), name: binding.command, defaultValues: binding.defaultValues });
}

/**
 * A form judged by rules that are not a command's (signing in): the same fields, marks and refusals as
 * every other form. `name` says when the rules change (the required marks are found again then).
 */
export function useRulesForm<A, V extends FieldValues>(
  binding: RulesBinding<A, V> & { readonly name: string; readonly defaultValues: V },
): RulesForm<A, V> {
  // The binding's `toArgs` closes over the screen's props (the item's id): the resolver reads the latest.
  const latest = useRef(binding);
  useEffect(() => {
    latest.current = binding;
  });
  const resolver = useCallback<Resolver<V>>(
    (values, context, options) => commandResolver(latest.current)(values, context, options),
    [],
  );
  const form = useForm<V>({
    resolver,
    defaultValues: binding.defaultValues as DefaultValues<V>,
    // Checked when a field is left, then as it is corrected: the rule shows before anything is sent.
    mode: 'onTouched',
  });
  const [required, setRequired] = useState<ReadonlySet<string>>(new Set());
  const { name } = binding;
  useEffect(() => {
    let live = true;
    void requiredFields(latest.current, latest.current.defaultValues).then((found) => {
      if (live) setRequired(found);
    });
    return () => {
      live = false;
    };
  }, [name]);

  const onSubmit: RulesForm<A, V>['onSubmit'] = (send) =>
    form.handleSubmit(async (values) => {
      const current = latest.current;
      try {
        await send(current.toArgs(values), values);
      } catch (error) {
        const issues = error instanceof ApiError ? (error.issues ?? []) : [];
        const elsewhere: string[] = [];
        for (const issue of issues) {
          const path = formPathOf(issue.path, current.fields);
          if ((path.split('.')[0] ?? '') in values) {
            form.setError(path as Path<V>, { type: 'server', message: issue.message });
          } else elsewhere.push(`${fieldName(issue.path)}: ${issue.message}`);
        }
        // The server's own sentence (already in words, its field named) stays on the form as well.
        const message = error instanceof Error ? error.message : String(error);
        form.setError('root.server', { type: 'server', message: elsewhere.join('; ') || message });
      }
    });
  return { form, required, onSubmit };
}
