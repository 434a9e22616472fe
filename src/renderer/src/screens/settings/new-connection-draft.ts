/**
 * A new EHR connection as the "Add a connection" form fills it: the fields every connection needs, and
 * for Oracle Health its first site's aliases (more sites and the finer choices are edited once saved).
 * Its client secret's vault entry is named after its id.
 */
import { z } from 'zod';
import { epicConnectionSchema, oracleConnectionSchema } from '../../../../shared/ehr-connection';
import type { ConnectionDoc } from './connection-draft';

export type Ehr = 'oracle_health' | 'epic';

export interface NewConnectionDraft {
  ehr: Ehr;
  id: string;
  name: string;
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  timeZone: string;
  site: string;
  oneTime: string;
  plan: string;
  reversal: string;
  refund: string;
}

export const EMPTY_DRAFT: NewConnectionDraft = {
  ehr: 'oracle_health',
  id: '',
  name: '',
  baseUrl: '',
  tokenUrl: '',
  clientId: '',
  timeZone: 'America/Chicago',
  site: '',
  oneTime: '',
  plan: '',
  reversal: '',
  refund: '',
};

/** A vault name from the connection id (vault names allow letters, digits, - and _ between dots). */
export const secretRefFor = (id: string): string =>
  `ehr.${id.toLowerCase().replace(/[^a-z0-9_-]/g, '-') || 'connection'}.client-secret`;

export function newConnectionDoc(d: NewConnectionDraft): ConnectionDoc {
  const common = {
    id: d.id.trim(),
    name: d.name.trim(),
    ehr: d.ehr,
    baseUrl: d.baseUrl.trim(),
    tokenUrl: d.tokenUrl.trim(),
    clientId: d.clientId.trim(),
    timeZone: d.timeZone.trim(),
    clientSecretRef: secretRefFor(d.id.trim()),
    enabled: true,
  };
  if (d.ehr === 'epic') return common;
  // No site code yet: no site, which the rules refuse ("At least one site") under the site code.
  if (d.site.trim() === '') return { ...common, sites: {} };
  return {
    ...common,
    sites: {
      [d.site.trim()]: {
        aliases: { one_time_payment: d.oneTime.trim(), payment_plan: d.plan.trim() },
        reversalAlias: d.reversal.trim(),
        refundAlias: d.refund.trim(),
      },
    },
  };
}

const ADDED = {
  ehr: true,
  id: true,
  name: true,
  baseUrl: true,
  tokenUrl: true,
  clientId: true,
  timeZone: true,
} as const;

/** The rules of what the Add form types: the connection's own, picked from the schema main saves it with. */
export const NEW_CONNECTION_RULES = z.discriminatedUnion('ehr', [
  oracleConnectionSchema.pick({ ...ADDED, sites: true }),
  epicConnectionSchema.pick(ADDED),
]);

/** The first site's key while the form checks it (the code itself is checked as the record's key). */
const FIRST_SITE = 'first';

/** What the form's own check judges: the connection as it would be saved, its first site under a fixed key. */
export function newConnectionInput(d: NewConnectionDraft): ConnectionDoc {
  const doc = newConnectionDoc(d);
  const first = doc.sites ? Object.values(doc.sites)[0] : undefined;
  return doc.sites ? { ...doc, sites: first ? { [FIRST_SITE]: first } : {} } : doc;
}

/**
 * The form field each rule's path is typed in, as the form's own check reports it and as main reports it
 * after saving (`connections.3.baseUrl`).
 */
export function newConnectionFields(index: number): Record<string, string> {
  const own: Record<string, string> = {
    id: 'id',
    name: 'name',
    baseUrl: 'baseUrl',
    tokenUrl: 'tokenUrl',
    clientId: 'clientId',
    timeZone: 'timeZone',
    sites: 'site',
  };
  const byPath: Record<string, string> = {
    [`sites.${FIRST_SITE}.aliases.one_time_payment`]: 'oneTime',
    [`sites.${FIRST_SITE}.aliases.payment_plan`]: 'plan',
    [`sites.${FIRST_SITE}.reversalAlias`]: 'reversal',
    [`sites.${FIRST_SITE}.refundAlias`]: 'refund',
  };
  for (const [path, field] of Object.entries(own)) {
    byPath[path] = field;
    byPath[`connections.${String(index)}.${path}`] = field;
  }
  return byPath;
}
