/**
 * The import form's rules: what the operator chooses and types beside the file (the format, the facility and
 * EHR for rows that name none) is judged by `imports.start`'s own schema for those arguments before anything
 * is uploaded. The file's name and content are not typed: they are read from the chosen file when sending.
 */
import { z } from 'zod';
import { ImportStart, type ImportInspection } from '../../../../shared/commands/imports';
import type { RulesBinding } from '../../components/form/command-resolver';
import type { EhrSystem } from '../../../../shared/domain';
import { sourceToName } from './import-file';

/** What the import form holds. */
export interface ImportValues {
  /** '' (recognise from the header), a built-in format, `saved:<source>` or `another`. */
  format: string;
  facility: string;
  ehr: EhrSystem | '';
}
export const IMPORT_EMPTY: ImportValues = { format: '', facility: '', ehr: '' };

/** The arguments of `imports.start` the form decides; the file and a column mapping are added when sending. */
export interface ImportOptionArgs {
  readonly source?: string;
  readonly facility?: string;
  readonly ehr?: EhrSystem;
}

/** `imports.start`'s rules for the arguments the form decides: main's, taken from its schema. */
const { source, facility, ehr } = ImportStart.shape;
const IMPORT_OPTION_RULES = z.object({ source, facility, ehr }).strict();

/**
 * The arguments the form decides. A facility left blank is not sent (rows keep the one they name); one
 * typed is sent trimmed. The source is the chosen format, or a saved source the header was recognised as.
 */
export function importOptionArgs(v: ImportValues, inspection: ImportInspection | null): ImportOptionArgs {
  return {
    ...sourceToName(v.format, inspection),
    ...(v.facility.trim() ? { facility: v.facility.trim() } : {}),
    ...(v.ehr ? { ehr: v.ehr } : {}),
  };
}

/** The import form's binding, for the file's inspection (a saved source its header was recognised as). */
export const importBinding = (
  inspection: ImportInspection | null,
): RulesBinding<ImportOptionArgs, ImportValues> => ({
  schema: IMPORT_OPTION_RULES,
  input: (v) => importOptionArgs(v, inspection),
  toArgs: (v) => importOptionArgs(v, inspection),
});
