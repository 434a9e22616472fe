/**
 * The console reads the offline copy keeps: the queue, a payment's detail and the dashboard, which an
 * operator reviews while the service is down. Nothing with settings, secrets, accounts or raw inputs
 * (quarantine holds what intake refused, which may be anything): those screens say they are offline.
 */
import type { CommandName } from '../../shared/contract';

export const OFFLINE_READS: ReadonlySet<CommandName> = new Set<CommandName>([
  'app.info',
  'app.health',
  'auth.whoami',
  'engine.status',
  'status.summary',
  'dashboard.summary',
  'queue.list',
  'queue.count',
  'queue.byIds',
  // The queue's bookmark, asked before every page: the list loads only with it.
  'queue.changes',
  'views.list',
  'facilities.list',
  'postings.get',
  'postings.history',
]);

/** Everything a console may do to a payment or the settings: refused while offline. */
export function isOfflineRead(name: CommandName): boolean {
  return OFFLINE_READS.has(name);
}
