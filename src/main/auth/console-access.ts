/**
 * Who may enter serve mode's console, before anyone is signed in. The console token (the link `clearpost
 * serve` prints) never grants a role by itself: on a fresh data folder it admits its holder only to creating
 * the first supervisor account; afterwards every command needs a signed-in session.
 *
 * When accounts exist but none is an active supervisor (every one disabled, or demoted before the
 * last-supervisor rule existed), the link does not reopen first-supervisor set-up: whoever holds it could
 * otherwise take over a console its supervisors shut. Recovery needs the data folder itself, through the
 * command line, which only the person who runs Clearpost can use.
 */
import type { AccountInfo } from '../../shared/commands/access';

export type ConsoleAccessState = 'first-supervisor' | 'sign-in' | 'recover';

export const RECOVER_COMMAND = 'clearpost accounts create --username NAME --role supervisor';

export const ACCESS_MESSAGES: Readonly<Record<ConsoleAccessState, string>> = {
  'first-supervisor':
    'Clearpost has no accounts yet: create the first supervisor account. Everything done in this console is recorded under a signed-in name.',
  'sign-in': 'Sign in with your Clearpost account. Everything you do is recorded under your name.',
  recover: `No active supervisor account is left, so nobody can sign in to manage access. On the machine that runs Clearpost, run \`${RECOVER_COMMAND}\` (the password is read from $CLEARPOST_ACCOUNT_PASSWORD or standard input), then sign in.`,
};

export function activeSupervisors(accounts: readonly AccountInfo[]): number {
  return accounts.filter((a) => a.role === 'supervisor' && !a.disabled).length;
}

/** Which page a console without a session shows. */
export function consoleAccessState(accounts: readonly AccountInfo[]): ConsoleAccessState {
  if (accounts.length === 0) return 'first-supervisor';
  return activeSupervisors(accounts) > 0 ? 'sign-in' : 'recover';
}

/**
 * The last active supervisor stays one: a change that would leave no active supervisor is refused (null
 * when the change may go ahead), so somebody can always manage access from the console.
 */
export function lastSupervisorRefusal(
  accounts: readonly AccountInfo[],
  change: { readonly username: string; readonly role: string; readonly disabled: boolean },
): string | null {
  const current = accounts.find((a) => a.username === change.username);
  if (!current || current.role !== 'supervisor' || current.disabled) return null;
  if (change.role === 'supervisor' && !change.disabled) return null;
  if (activeSupervisors(accounts) > 1) return null;
  return `${current.username} is the last active supervisor: make another account a supervisor first, so somebody can still manage access.`;
}
