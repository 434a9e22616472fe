/**
 * Handlers of intake's editable rules (custom-field rules, defaults, guarantor rules) and of generic
 * sources' column mappings (see src/shared/commands/intake.ts). Saves are validated field by field, audited
 * with the person, and apply from the next input: intake reads them per webhook and per import.
 */
import type { z } from 'zod';
import type { GenericMappingDoc, SavedMapping } from '../../../shared/commands/imports';
import type { Role } from '../../../shared/commands/access';
import { intakeRulesDraftRules } from '../../../shared/commands/intake-rules';
import { roleAtLeast } from '../../auth/roles';
import { IntakeSettings, loadIntakeSettings, saveIntakeConfig } from '../../intake/intake-config';
import {
  createDobRefs,
  describeRuleIssues,
  intakeRulesView,
  settingsInputFromDraft,
  type RuleIssue,
} from '../../intake/intake-rules-view';
import { GenericMapping } from '../../intake/reports/generic-mapping';
import { BUILTIN_FORMATS } from '../../intake/reports/import-file';
import { ApiFailure, type Handler } from '../dispatcher';
import type { HandlerContext } from './context';

const issuesOf = (error: z.ZodError, prefix: string): RuleIssue[] =>
  error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));

/** One problem per field: the first named. */
const uniqueByPath = (issues: readonly RuleIssue[]): RuleIssue[] => {
  const first = new Map<string, RuleIssue>();
  for (const issue of issues) if (!first.has(issue.path)) first.set(issue.path, issue);
  return [...first.values()];
};

const refuse = (what: string, issues: readonly RuleIssue[]): never => {
  throw new ApiFailure(
    'invalid_arguments',
    `${what} not saved: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
};

/** A generic source's mapping, validated: the built-in formats' names are not a generic source's. */
export function validateMapping(source: string, mapping: unknown): GenericMappingDoc {
  if (BUILTIN_FORMATS.some((f) => f.source.toLowerCase() === source.toLowerCase())) {
    refuse('Column mapping', [
      { path: 'source', message: `"${source}" is a built-in format; give this source another name` },
    ]);
  }
  const parsed = GenericMapping.safeParse(mapping);
  if (!parsed.success) refuse('Column mapping', issuesOf(parsed.error, 'mapping'));
  return parsed.data as GenericMappingDoc;
}

export function intakeRuleHandlers(ctx: HandlerContext): {
  'intake.rules.get': Handler<'intake.rules.get'>;
  'intake.rules.save': Handler<'intake.rules.save'>;
  'imports.mappings.list': Handler<'imports.mappings.list'>;
  'imports.mappings.get': Handler<'imports.mappings.get'>;
  'imports.mappings.save': Handler<'imports.mappings.save'>;
  'imports.mappings.delete': Handler<'imports.mappings.delete'>;
} {
  const { repos } = ctx;
  // Stands for stored date-of-birth digests in what the console sees; a new key each start.
  const refs = createDobRefs();
  const audit = (actor: string, action: string, subjectType: string, subjectId: string, details: object) =>
    repos.audit.append({ actor, action, subjectType, subjectId, details: { ...details } }, ctx.clock.now());

  const savedMapping = (source: string): SavedMapping => {
    const entry = repos.importedFiles.mappingEntry(source);
    if (!entry) throw new ApiFailure('not_found', `No column mapping is saved for "${source}".`);
    const parsed = GenericMapping.safeParse(entry.mapping);
    return parsed.success
      ? { source, mapping: parsed.data, updatedAt: entry.updatedAt, problems: [] }
      : {
          source,
          mapping: entry.mapping as GenericMappingDoc,
          updatedAt: entry.updatedAt,
          problems: issuesOf(parsed.error, 'mapping').map((i) => `${i.path}: ${i.message}`),
        };
  };

  return {
    'intake.rules.get': () => intakeRulesView(loadIntakeSettings(repos.intakeSettings), refs),

    'intake.rules.save': ({ rules }, caller) => {
      const stored = loadIntakeSettings(repos.intakeSettings);
      const { input, issues } = settingsInputFromDraft(rules, stored, refs);
      const parsed = IntakeSettings.safeParse(input);
      // The document is judged by the rules the console shows before sending (one schema for both), as well
      // as turned into the stored settings and judged by theirs.
      const draft = intakeRulesDraftRules.safeParse(rules);
      const all = uniqueByPath([
        ...issues,
        ...(parsed.success ? [] : describeRuleIssues(parsed.error)),
        ...(draft.success ? [] : describeRuleIssues(draft.error)),
      ]);
      if (all.length > 0 || !parsed.success) return refuse('Intake rules', all);
      const saved = parsed.data;
      ctx.db
        .transaction(() => {
          saveIntakeConfig(repos.intakeSettings, saved, ctx.clock.now());
          // Counts and defaults only: accounts and dates of birth stay out of the audit trail.
          audit(caller.actor, 'intake_rules.saved', 'settings', 'intake.rules', {
            fieldRules: saved.fieldRules?.length ?? null,
            defaultFacility: saved.defaultFacility ?? null,
            defaultEhr: saved.defaultEhr ?? null,
            amountCeilingMinor: saved.amountCeilingMinor ?? null,
            mergedAccounts: saved.guarantorRules?.mergedAccounts.length ?? 0,
            dateOfBirthRules: saved.guarantorRules?.dateOfBirth?.rules.length ?? null,
          });
        })
        .immediate();
      return intakeRulesView(loadIntakeSettings(repos.intakeSettings), refs);
    },

    'imports.mappings.list': () => repos.importedFiles.mappingList(),

    'imports.mappings.get': ({ source }) => savedMapping(source),

    'imports.mappings.save': ({ source, mapping }, caller) => {
      const valid = validateMapping(source, mapping);
      saveMappingAudited(ctx, source, valid, caller.actor, 'imports.mappings.save');
      return savedMapping(source);
    },

    'imports.mappings.delete': ({ source }, caller) => {
      const deleted = ctx.db
        .transaction(() => {
          const gone = repos.importedFiles.deleteMapping(source);
          if (gone) audit(caller.actor, 'import_mapping.deleted', 'import_mapping', source, {});
          return gone;
        })
        .immediate();
      return { deleted };
    },
  };
}

/** Saves a validated mapping and its audit entry in one transaction. */
export function saveMappingAudited(
  ctx: HandlerContext,
  source: string,
  mapping: GenericMappingDoc,
  actor: string,
  via: 'imports.mappings.save' | 'imports.start',
): void {
  ctx.db
    .transaction(() => {
      ctx.repos.importedFiles.saveMapping(source, mapping, ctx.clock.now());
      ctx.repos.audit.append(
        {
          actor,
          action: 'import_mapping.saved',
          subjectType: 'import_mapping',
          subjectId: source,
          // Which target fields are mapped, and to which header: no row values.
          details: { via, columns: { ...mapping.columns } },
        },
        ctx.clock.now(),
      );
    })
    .immediate();
}

/**
 * An import that brings a mapping saves it for its source. A new source is an operator's to map; changing
 * the mapping of a source already saved is a supervisor's, as imports.mappings.save is.
 */
export function mayReplaceMapping(
  ctx: HandlerContext,
  source: string,
  mapping: GenericMappingDoc,
  role: Role,
) {
  const existing = ctx.repos.importedFiles.getMapping(source);
  if (existing === undefined || roleAtLeast(role, 'supervisor')) return true;
  const parsed = GenericMapping.safeParse(existing);
  return parsed.success && JSON.stringify(parsed.data) === JSON.stringify(mapping);
}
