/** What each part of the intake rules form is given: the form holding the draft, the saved draft, and who edits. */
import type { CommandForm } from '../../components/form/use-command-form';
import type { RulesDraft } from './intake-rules-draft';

export type IntakeForm = CommandForm<'intake.rules.save', RulesDraft>;

export interface RulesPartProps {
  readonly of: IntakeForm;
  /** The rules as saved (what Discard goes back to). */
  readonly original: RulesDraft;
  readonly canEdit: boolean;
}
