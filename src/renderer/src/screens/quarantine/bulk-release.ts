/** Which quarantined rows a bulk correction takes, and what it came to, in words. */
import {
  RELEASE_MANY_MAX,
  type QuarantineListRow,
  type QuarantineReleaseManyResult,
} from '../../../../shared/commands/quarantine';
import type { ConsoleApi } from '../../../../shared/contract';
import { count, plainText } from '../../../../shared/words';

/** Rows sharing a reason (and a file, when they came from one). */
export interface ReleaseGroup {
  readonly reasonCode: string | null;
  /** A source prefix: `<file name>#` for a file's rows. */
  readonly sourceRef: string | null;
}

/** The most rows one bulk correction takes: ten batches. */
export const BULK_RELEASE_MAX = 10 * RELEASE_MANY_MAX;

/** A row's group: its reason, and its file when it came from one (`name.csv#line 12` → `name.csv#`). */
export function groupOf(row: Pick<QuarantineListRow, 'reasonCode' | 'sourceRef' | 'source'>): ReleaseGroup {
  const hash = row.source === 'file' && row.sourceRef ? row.sourceRef.lastIndexOf('#') : -1;
  return {
    reasonCode: row.reasonCode,
    sourceRef: hash > 0 && row.sourceRef ? row.sourceRef.slice(0, hash + 1) : null,
  };
}

/** "every open row of march.csv" — what the group is, for the panel's title. */
export function groupTitle(group: ReleaseGroup): string {
  const file = group.sourceRef ? ` of ${group.sourceRef.replace(/#$/, '')}` : '';
  return `every open row${file}${group.reasonCode ? ' with this reason' : ''}`;
}

/** The ids of the group's open rows, newest first, up to BULK_RELEASE_MAX. */
export async function openIdsOf(api: ConsoleApi, group: ReleaseGroup): Promise<number[]> {
  const ids: number[] = [];
  let after: number | null = null;
  do {
    const page: { rows: readonly QuarantineListRow[]; next: number | null } = await api.invoke(
      'quarantine.list',
      {
        states: ['open'],
        ...(group.reasonCode ? { reasonCodes: [group.reasonCode] } : {}),
        ...(group.sourceRef ? { sourceRef: group.sourceRef } : {}),
        limit: 500,
        ...(after !== null ? { after } : {}),
      },
    );
    ids.push(...page.rows.map((r) => r.id));
    after = page.next;
  } while (after !== null && ids.length < BULK_RELEASE_MAX);
  return ids.slice(0, BULK_RELEASE_MAX);
}

/** The batches' results added up. */
export function addResults(results: readonly QuarantineReleaseManyResult[]): QuarantineReleaseManyResult {
  return {
    released: results.reduce((n, r) => n + r.released, 0),
    alreadyReceived: results.reduce((n, r) => n + r.alreadyReceived, 0),
    stillQuarantined: results.reduce((n, r) => n + r.stillQuarantined, 0),
    refused: results.reduce((n, r) => n + r.refused, 0),
    items: results.flatMap((r) => r.items),
  };
}

/** What a bulk release did, each outcome counted; the first reason a row was kept is quoted. */
export function releaseSummary(result: QuarantineReleaseManyResult): string {
  const parts: string[] = [];
  if (result.released > 0) parts.push(`${count(result.released, 'row')} released and queued for posting`);
  if (result.alreadyReceived > 0)
    parts.push(`${count(result.alreadyReceived, 'row')} already received (nothing new posted)`);
  if (result.stillQuarantined > 0) {
    const reason = result.items.find((i) => i.outcome === 'still_quarantined')?.message;
    parts.push(
      `${count(result.stillQuarantined, 'row')} still quarantined${reason ? ` (${plainText(reason)})` : ''}`,
    );
  }
  if (result.refused > 0) parts.push(`${count(result.refused, 'row')} not released (closed meanwhile)`);
  return parts.length === 0 ? 'No open row was left to release.' : `${parts.join('; ')}.`;
}
