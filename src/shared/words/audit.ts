/**
 * Audit actions in words, as the timeline and the audit screens show them: "Sent again by ana", never
 * "posting.retry_now by ana". `{actor}` is who did it; the engine and the system read as "Clearpost".
 */
import { keyInWords } from './fields';

export const AUDIT_WORDS: Readonly<Record<string, string>> = {
  'posting.created': 'Received and queued for posting',
  'posting.retry_now': 'Sent again by {actor}',
  'posting.manually_posted': 'Marked manually posted by {actor}',
  'posting.held': 'Put on hold by {actor}',
  'posting.released': 'Hold released by {actor}',
  'posting.assigned': 'Assigned by {actor}',
  'posting.recovered': 'Checked again after Clearpost restarted',
  'posting.sent_by_file': 'Sent in the daily void and refund file',
  'note.added': 'Note added by {actor}',
  'payment.manual_entered': 'Manual payment entered by {actor}',
  'quarantine.released': 'Released from quarantine by {actor}',
  'quarantine.release_refused': 'Release from quarantine refused for {actor}',
  'quarantine.discarded': 'Discarded from quarantine by {actor}',
  'bulk.run': 'Bulk action run by {actor}',
  'import_mapping.saved': 'Import mapping saved by {actor}',
  'import_mapping.deleted': 'Import mapping deleted by {actor}',
  'settings.saved': 'Settings saved by {actor}',
  'settings.email_tested': 'Test email sent by {actor}',
  'account.created': 'Account created by {actor}',
  'account.updated': 'Account changed by {actor}',
  'auth.signed_in': '{actor} signed in',
  'auth.signed_out': '{actor} signed out',
  'auth.sign_in_failed': 'Sign-in refused for {actor}',
  'access.denied': 'Access refused to {actor}',
  'backup.snapshot': 'Backup copy taken by {actor}',
};

/** The engine, the scheduler and the start-up checks act as these names; they read as "Clearpost". */
const SYSTEM_ACTORS = new Set(['engine', 'system', 'scheduler', 'recovery', 'clearpost']);

export function actorName(actor: string): string {
  return SYSTEM_ACTORS.has(actor.toLowerCase()) ? 'Clearpost' : actor;
}

/** An audit action in words; an action the table does not know reads as its words plus who did it. */
export function auditInWords(action: string, actor: string): string {
  const who = actorName(actor);
  const known = AUDIT_WORDS[action];
  if (known) return known.replaceAll('{actor}', who);
  return `${keyInWords(action.replace(/\./g, ' '))} by ${who}`;
}
