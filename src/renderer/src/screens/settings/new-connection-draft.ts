/**
 * A new EHR connection as the "Add a connection" form fills it: the fields every connection needs, and
 * for Oracle Health its first site's aliases (more sites and the finer choices are edited once saved).
 * Its client secret's vault entry is named after its id.
 */
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

/** The settings path main reports a problem at → the draft field that shows it. */
export const NEW_FIELD: Readonly<Record<string, keyof NewConnectionDraft>> = {
  id: 'id',
  name: 'name',
  baseUrl: 'baseUrl',
  tokenUrl: 'tokenUrl',
  clientId: 'clientId',
  timeZone: 'timeZone',
  sites: 'site',
};

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

/** Main's message for a path under the new connection, placed on the field it names. */
export function placeIssue(path: string): keyof NewConnectionDraft | null {
  const [head, site, ...rest] = path.split('.');
  if (head === 'sites' && site !== undefined) {
    const tail = rest.join('.');
    if (tail === 'aliases.one_time_payment') return 'oneTime';
    if (tail === 'aliases.payment_plan') return 'plan';
    if (tail === 'reversalAlias') return 'reversal';
    if (tail === 'refundAlias') return 'refund';
    return 'site';
  }
  return head !== undefined ? (NEW_FIELD[head] ?? null) : null;
}
