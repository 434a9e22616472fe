/** The intake rules as the form edits them: whole fields, and rows of the three lists. */
import { useState } from 'react';
import type { Marks } from './intake-marks';
import type { RulesDraft } from './intake-rules-draft';

export type RowList = 'fieldRules' | 'mergedAccounts' | 'dobRules';

export function useRulesDraft(original: RulesDraft) {
  const [draft, setDraft] = useState<RulesDraft>(original);
  const edit = (change: Partial<RulesDraft>) => setDraft((d) => ({ ...d, ...change }));
  // Touching a custom-field rule makes the list the supervisor's own: it no longer follows the defaults.
  const editRow = <K extends RowList>(list: K, index: number, change: Partial<RulesDraft[K][number]>) =>
    setDraft((d) => ({
      ...d,
      ...(list === 'fieldRules' ? { fieldRulesDefault: false } : {}),
      [list]: d[list].map((row, i) => (i === index ? { ...row, ...change } : row)),
    }));
  const removeRow = (list: RowList, index: number) =>
    setDraft((d) => ({
      ...d,
      ...(list === 'fieldRules' ? { fieldRulesDefault: false } : {}),
      [list]: d[list].filter((_, i) => i !== index),
    }));
  return { original, draft, setDraft, edit, editRow, removeRow };
}

export type RulesEditing = ReturnType<typeof useRulesDraft>;

/** What each part of the intake rules form is given: the draft being edited, main's marks, and who edits. */
export interface RulesPartProps {
  readonly editing: RulesEditing;
  readonly marks: Marks;
  readonly canEdit: boolean;
}
