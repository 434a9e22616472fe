/**
 * The intake rules form's rules. The form holds the draft (rows of text, intake-rules-draft.ts); what it
 * sends is `fromDraft`'s document, judged before sending by the rules main judges it by
 * (`intakeRulesDraftRules`), whose paths are mapped back to the draft's fields here.
 */
import { intakeRulesDraftRules } from '../../../../shared/commands/intake-rules';
import type { CommandArgs } from '../../../../shared/contract';
import { formPathOf, type CommandBinding } from '../../components/form/command-resolver';
import { fromDraft, type RulesDraft } from './intake-rules-draft';

/** The most transforms a custom-field rule chains, and the most rules (`CustomFieldRule(s)`' limits). */
const MAX_TRANSFORMS = 5;
const MAX_FIELD_RULES = 200;

/**
 * The document's paths typed in a field of another name: the guarantor rules' lists and the date-of-birth
 * field, and a refused transform (named by its place in the chain) on its rule's one select.
 */
export const INTAKE_FIELDS: Readonly<Record<string, string>> = Object.fromEntries<string>([
  ['guarantorRules.mergedAccounts', 'mergedAccounts'],
  ['guarantorRules.dateOfBirth.rules', 'dobRules'],
  ['guarantorRules.dateOfBirth.field', 'dobField'],
  ...Array.from({ length: MAX_FIELD_RULES }, (_, i) =>
    Array.from({ length: MAX_TRANSFORMS }, (_, j): [string, string] => [
      `fieldRules.${String(i)}.transforms.${String(j)}`,
      `fieldRules.${String(i)}.transforms`,
    ]),
  ).flat(),
]);

export const intakeRulesArgs = (draft: RulesDraft): CommandArgs<'intake.rules.save'> => ({
  rules: fromDraft(draft),
});

/** The form's binding to `intake.rules.save`, whose own arguments only see a record: the document's rules. */
export const INTAKE_BINDING: CommandBinding<'intake.rules.save', RulesDraft> = {
  command: 'intake.rules.save',
  toArgs: intakeRulesArgs,
  rules: { schema: intakeRulesDraftRules, input: fromDraft },
  fields: INTAKE_FIELDS,
};

/** The draft with every typed text emptied, the choices (EHRs, transforms, kept dates) as they are. */
function emptiedText(d: RulesDraft): RulesDraft {
  return {
    ...d,
    defaultFacility: '',
    dobField: '',
    fieldRules: d.fieldRules.map((r) => ({ ...r, source: '', target: '' })),
    mergedAccounts: d.mergedAccounts.map((m) => ({ ...m, from: '', to: '' })),
    dobRules: d.dobRules.map((r) => ({ ...r, account: '', survivingAccount: '', dateOfBirth: '' })),
  };
}

/**
 * The fields of this draft the rules refuse empty (each row's own, by its path), asked of the rules
 * themselves: a retired account is required and its surviving one is not; a date of birth only for a rule
 * that keeps no stored one; the date-of-birth field only while those rules are on.
 */
export function requiredFieldsOf(draft: RulesDraft): Set<string> {
  const parsed = intakeRulesDraftRules.safeParse(fromDraft(emptiedText(draft)));
  if (parsed.success) return new Set();
  return new Set(parsed.error.issues.map((i) => formPathOf(i.path.map(String).join('.'), INTAKE_FIELDS)));
}
