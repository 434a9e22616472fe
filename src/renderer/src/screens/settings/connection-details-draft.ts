/**
 * The EHR-specific part of a saved connection, edited apart from the common fields: currency, whether the
 * EHR refuses a repeated identifier, Epic's paths, Oracle Health's tender methods and its sites (added and
 * removed here; their aliases are edited in the connection editor). Defaults are the schema's.
 */
import type { ConnectionDoc, OracleSiteDoc } from './connection-draft';

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
