/** Role order and the minimum role of every console command: one table every transport goes through. */
import { ROLES, type Role } from '../../shared/commands/access';
import type { CommandName } from '../../shared/contract';

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/**
 * Reading is for everyone; acting on one posting is an operator's; bulk actions, exports, settings, secrets
 * and accounts are a supervisor's. A command missing here needs a supervisor (fail closed) until placed.
 */
export const MINIMUM_ROLE: Partial<Record<CommandName, Role>> = {
  'app.info': 'viewer',
  'status.summary': 'viewer',
  'engine.status': 'viewer',
  'app.health': 'viewer',
  'postings.get': 'viewer',
  'postings.history': 'viewer',
  'queue.list': 'viewer',
  'queue.count': 'viewer',
  'queue.changes': 'viewer',
  'views.list': 'viewer',
  'dashboard.summary': 'viewer',
  'reports.preview': 'viewer',
  'reports.history': 'viewer',
  'reports.epicPreview': 'viewer',
  'reports.balance': 'viewer',
  'audit.verify': 'viewer',
  'auth.whoami': 'viewer',
  'backups.status': 'viewer',
  'queue.byIds': 'viewer',
  'quarantine.list': 'viewer',
  'quarantine.get': 'viewer',
  'imports.status': 'viewer',
  'imports.mappings.list': 'viewer',
  'imports.mappings.get': 'viewer',
  'intake.rules.get': 'viewer',
  'facilities.list': 'viewer',
  // Everyone may read the settings (no secret is in them; secrets show only as set / not set).
  'settings.get': 'viewer',
  'cash.balance': 'viewer',
  'cash.unmatched': 'viewer',
  'cash.exceptions': 'viewer',
  'cash.unposted': 'viewer',
  'cash.close.list': 'viewer',
  'approvals.list': 'viewer',
  'dashboard.measures': 'viewer',
  // This desktop's own connection to a service: what it is, and (remote mode) signing in to it.
  'service.status': 'viewer',
  'service.accessState': 'viewer',
  'service.signIn': 'viewer',
  'service.signOut': 'viewer',

  'postings.retryNow': 'operator',
  'postings.markManual': 'operator',
  // Releasing a late payment a closed month holds needs a supervisor (raised by access-policy.ts).
  'postings.hold': 'operator',
  'postings.assign': 'operator',
  'notes.add': 'operator',
  'views.save': 'operator',
  'views.delete': 'operator',
  'payments.enterManual': 'operator',
  'quarantine.release': 'operator',
  // The same correction for every row of a file that shares a reason: each row still goes through intake's
  // guard, validation and quarantine, exactly as one released alone.
  'quarantine.releaseMany': 'operator',
  'quarantine.discard': 'operator',
  'imports.start': 'operator',
  // Reading a file's header to map its columns is the first step of an import.
  'imports.inspect': 'operator',
  'cash.runMatching': 'operator',
  'cash.assign': 'operator',
  // Which roles may approve is a setting (Settings › Approvals): the handler checks it; never the enterer.
  'approvals.decide': 'operator',
  'cash.unposted.assign': 'operator',

  'bulk.preview': 'supervisor',
  'bulk.run': 'supervisor',
  'reports.export': 'supervisor',
  'reports.exportBalance': 'supervisor',
  'settings.save': 'supervisor',
  'settings.testConnection': 'supervisor',
  'settings.testEmail': 'supervisor',
  'settings.testReporting': 'supervisor',
  'settings.goLive': 'supervisor',
  'settings.restart': 'supervisor',
  'service.connect': 'supervisor',
  'service.disconnect': 'supervisor',
  'service.restart': 'supervisor',
  'secrets.status': 'supervisor',
  'secrets.set': 'supervisor',
  'secrets.delete': 'supervisor',
  'accounts.list': 'supervisor',
  'accounts.save': 'supervisor',
  'backups.snapshot': 'supervisor',
  'imports.mappings.save': 'supervisor',
  'imports.mappings.delete': 'supervisor',
  'intake.rules.save': 'supervisor',
  // Matching by hand may accept a difference between the bank and the processor.
  'cash.match': 'supervisor',
  // Maker-checker: both are a supervisor's, and the approver must not be the preparer (close-period.ts).
  'cash.close.prepare': 'supervisor',
  'cash.close.approve': 'supervisor',
  // Reopening is maker-checker too: the approver is never the one who asked (reopen-period.ts).
  'cash.close.requestReopen': 'supervisor',
  'cash.close.approveReopen': 'supervisor',
};

export function minimumRole(name: CommandName): Role {
  return MINIMUM_ROLE[name] ?? 'supervisor';
}
