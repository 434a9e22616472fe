/**
 * The EHR-specific part of a saved connection, edited apart from the common fields: currency, whether the
 * EHR refuses a repeated identifier, Epic's paths, Oracle Health's tender methods and its sites (added and
 * removed here; their aliases are edited in the connection editor). Defaults are the schema's, and the form
 * checks what it edits with the connection's own rules (`shared/ehr-connection.ts`, main's).
 */
import type { SettingsView } from '../../../../shared/commands/settings';
import { epicConnectionSchema, oracleConnectionSchema } from '../../../../shared/ehr-connection';
import { fieldName } from '../../../../shared/words';
import type { ArgumentIssue } from '../../components/form/command-resolver';
import { connectionSaveBinding, type ConnectionDoc, type OracleSiteDoc } from './connection-draft';

export const METHOD_CODES = ['CCCA', 'CHCK', 'CCHK', 'CASH', 'TRAC'] as const;
export const TENDERS = ['card', 'echeck', 'manual_check', 'cash'] as const;
export type Tender = (typeof TENDERS)[number];

export interface DetailsDraft {
  currency: string;
  dedupes: boolean;
  postPath: string;
  lookupPath: string;
  methods: Record<Tender, string>;
  sites: Record<string, OracleSiteDoc>;
}

const DEFAULT_METHODS: Record<Tender, string> = {
  card: 'CCCA',
  echeck: 'CHCK',
  manual_check: 'CHCK',
  cash: 'CASH',
};
const EPIC_PATH = '/api/epic/2025/Billing/External/Payments';

interface Paths {
  readonly post?: string;
  readonly lookup?: string;
}

export function toDetailsDraft(c: ConnectionDoc): DetailsDraft {
  const paths = (c.paths ?? {}) as Paths;
  return {
    currency: typeof c.currency === 'string' ? c.currency : 'USD',
    // Epic deduplicates by default; Millennium documents no duplicate detection (connectors/ehr/config.ts).
    dedupes: typeof c.dedupesOnExternalId === 'boolean' ? c.dedupesOnExternalId : c.ehr === 'epic',
    postPath: paths.post ?? EPIC_PATH,
    lookupPath: paths.lookup ?? EPIC_PATH,
    methods: { ...DEFAULT_METHODS, ...((c.methods ?? {}) as Partial<Record<Tender, string>>) },
    sites: { ...(c.sites ?? {}) },
  };
}

export function fromDetailsDraft(c: ConnectionDoc, d: DetailsDraft): ConnectionDoc {
  const common = { ...c, currency: d.currency.trim().toUpperCase(), dedupesOnExternalId: d.dedupes };
  if (c.ehr === 'epic') return { ...common, paths: { post: d.postPath.trim(), lookup: d.lookupPath.trim() } };
  // A site kept here keeps its aliases as saved now (the connection editor may have changed them since).
  const sites = Object.fromEntries(
    Object.entries(d.sites).map(([code, site]) => [code, c.sites?.[code] ?? site]),
  );
  return { ...common, methods: d.methods, sites };
}

/** A new site starts with the aliases of the first one (sites of one domain usually share them). */
export function withSite(d: DetailsDraft, code: string): DetailsDraft {
  const template = Object.values(d.sites)[0];
  const site: OracleSiteDoc = {
    aliases: { ...template?.aliases },
    reversalAlias: template?.reversalAlias ?? '',
    refundAlias: template?.refundAlias ?? '',
  };
  return { ...d, sites: { ...d.sites, [code]: site } };
}

export function withoutSite(d: DetailsDraft, code: string): DetailsDraft {
  const { [code]: _removed, ...rest } = d.sites;
  return { ...d, sites: rest };
}

const EDITED = { currency: true, dedupesOnExternalId: true } as const;

/** The rules of what this form edits, picked from the schemas main saves the connection with. */
export const detailsRules = (ehr: ConnectionDoc['ehr']) =>
  ehr === 'epic'
    ? epicConnectionSchema.pick({ ...EDITED, paths: true })
    : oracleConnectionSchema.pick({ ...EDITED, methods: true, sites: true });

/** The settings path below the connection of each field, for the rules' and main's messages. */
const DETAILS_FIELD = {
  currency: 'currency',
  dedupesOnExternalId: 'dedupes',
  'paths.post': 'postPath',
  'paths.lookup': 'lookupPath',
  methods: 'methods',
  sites: 'sites',
} as const;

/** The form field of each rule's path, under the connection and under the whole document (main's). */
export function detailsFieldPaths(index: number): Record<string, string> {
  const byPath: Record<string, string> = {};
  for (const [path, field] of Object.entries(DETAILS_FIELD)) {
    byPath[path] = field;
    byPath[`connections.${String(index)}.${path}`] = field;
  }
  return byPath;
}

/** Epic's path rule (`startsWith('/')`, no message of its own) said in words. */
export function pathInWords(issue: ArgumentIssue): string {
  return /(^|\.)paths\.(post|lookup)$/.test(issue.path) && issue.message === 'Does not start as expected'
    ? 'A path starts with /'
    : issue.message;
}

/**
 * The site problems the rules find, in words ("EAST: Reversal alias: Required"): a site's aliases have no
 * field here, so they are listed under the sites.
 */
export function siteProblems(issues: readonly ArgumentIssue[]): string[] {
  return issues
    .filter((i) => i.path === 'sites' || i.path.startsWith('sites.'))
    .map((i) => {
      const [, code, ...rest] = i.path.split('.');
      if (!code) return i.message;
      return rest.length > 0
        ? `${code}: ${fieldName(rest.join('.'))}: ${i.message}`
        : `${code}: ${i.message}`;
    });
}

/** The details form. */
export const detailsBinding = (view: SettingsView, index: number, original: ConnectionDoc) =>
  connectionSaveBinding(view, index, original, {
    toDraft: toDetailsDraft,
    fromDraft: fromDetailsDraft,
    schema: detailsRules(original.ehr),
    fields: detailsFieldPaths(index),
    reword: pathInWords,
  });
