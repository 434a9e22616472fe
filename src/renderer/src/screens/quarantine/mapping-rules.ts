/**
 * The mapping editor's rules: main's own for a source and its column mapping (the ones `imports.start` and
 * `imports.mappings.save` apply), and one the editor adds — a kind column needs the values that say what
 * each row is — so a file is not imported with every row unrecognised.
 */
import { z } from 'zod';
import { mappingSource, type GenericMappingDoc } from '../../../../shared/commands/imports';
import { GenericMapping } from '../../../../shared/generic-mapping';
import type { RulesBinding } from '../../components/form/command-resolver';
import { mappingFromDraft, type MappingDraft } from './mapping-draft';

export const KIND_VALUES_NEEDED =
  'Say which values of the kind column mean a payment, a refund, a void or a decline';

const MAPPING_RULES = z
  .object({ source: mappingSource, mapping: GenericMapping })
  .superRefine(({ mapping }, ctx) => {
    const kinds = Object.values(mapping.kindValues);
    if (mapping.columns.kind !== undefined && kinds.every((list) => list.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['mapping', 'kindValues'], message: KIND_VALUES_NEEDED });
    }
  });

/** What the mapping adds to `imports.start`: the source it is saved under, and the mapping itself. */
export interface MappingArgs {
  readonly source: string;
  readonly mapping: GenericMappingDoc;
}

const mappingArgs = (d: MappingDraft): MappingArgs => ({
  source: d.source.trim(),
  mapping: mappingFromDraft(d),
});

/** The editor's binding: main's paths (`mapping.columns.amount`) land on the editor's fields. */
export const MAPPING_BINDING: RulesBinding<MappingArgs, MappingDraft> = {
  schema: MAPPING_RULES,
  input: mappingArgs,
  toArgs: mappingArgs,
  fields: {
    'mapping.columns': 'columns',
    'mapping.kindValues': 'kindValues',
    'mapping.declinedStatuses': 'declinedStatuses',
    // A default currency is typed in the currency row, where its rule is shown.
    'mapping.defaultCurrency': 'columns.currency',
    'mapping.defaultTender': 'columns.paymentMethod',
  },
};
