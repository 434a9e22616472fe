import { useEffect } from 'react';
import { useRulesForm, type RulesForm } from '../../components/form/use-command-form';
import { newDraft, type MappingDraft } from './mapping-draft';
import { MAPPING_BINDING, type MappingArgs } from './mapping-rules';

export type MappingForm = RulesForm<MappingArgs, MappingDraft>;

const BLANK = newDraft([], ',');

/**
 * The column mapping as a form: it starts from the draft made from the chosen file's header, and every
 * choice is checked with main's rules as it is made.
 */
export function useMappingForm(draft: MappingDraft | null): MappingForm {
  const mapping = useRulesForm({ ...MAPPING_BINDING, name: 'imports.mapping', defaultValues: BLANK });
  const { reset } = mapping.form;
  useEffect(() => {
    if (draft) reset(draft);
  }, [draft, reset]);
  return mapping;
}
