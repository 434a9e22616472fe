/**
 * The desktop as a console of a shared Clearpost service: connect (URL, pinned certificate, sign-in),
 * disconnect, and the state of that connection. These commands are answered by the desktop itself, never
 * forwarded to the service; the local engine answers them too (connect / disconnect there, refusals of the
 * remote-only ones).
 */
import { z } from 'zod';
import type { EpochMs } from '../domain';
import type { Identity } from './access';
import { command, none } from './define';

/** A certificate's SHA-256 fingerprint as `openssl x509 -fingerprint -sha256` and serve mode print it. */
export const fingerprint256 = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase().replace(/^SHA256 FINGERPRINT=/, ''))
  .pipe(
    z
      .string()
      .regex(
        /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/,
        'A SHA-256 fingerprint is 32 pairs of hex digits separated by colons (as clearpost serve prints it)',
      ),
  );

/** What a console without a session shows first (as serve mode's `/auth/state` answers). */
export type ServiceAccessState = 'first-supervisor' | 'sign-in' | 'recover';

export interface ServiceOffline {
  /** When the last answer of the service arrived: the state the offline copy shows. */
  readonly syncedAt: EpochMs | null;
  /** "Offline — showing the service's state at HH:MM; actions are disabled". */
  readonly label: string;
}

export interface ServiceStatus {
  /** `local`: this app runs its own engine; `remote`: a console of the service below. */
  readonly mode: 'local' | 'remote';
  /** The service's address (never with its token). */
  readonly url: string | null;
  readonly fingerprint256: string | null;
  readonly username: string | null;
  readonly signedIn: boolean;
  /** Set while the service cannot be reached: screens show the offline copy, actions are refused. */
  readonly offline: ServiceOffline | null;
}

export interface ServiceChange {
  readonly status: ServiceStatus;
  /** The change takes effect at the next start; the host offers "Restart now" where it can. */
  readonly restartOffered: boolean;
  /** Why the session was not kept (no OS keyring), when keeping it was asked. */
  readonly notice: string | null;
}

const credentials = { username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) };

export const SERVICE_COMMANDS = {
  'service.status': command<ServiceStatus>()('Whether this desktop is a console of a service.', none),
  'service.connect': command<ServiceChange>()(
    'Signs in to a Clearpost service over its pinned certificate and makes this desktop its console.',
    z
      .object({
        /** The service's address; the printed loopback link may carry its token (`?token=`). */
        url: z.url({ protocol: /^https$/, error: 'The service address starts with https://' }).max(2048),
        fingerprint256,
        ...credentials,
        /** Keep the session (sealed in the vault) across restarts; otherwise sign in at each start. */
        keepSession: z.boolean().default(false),
      })
      .strict(),
  ),
  'service.disconnect': command<ServiceChange>()(
    'Forgets the service; this desktop runs its own engine again after a restart.',
    none,
  ),
  'service.restart': command<{ readonly restarting: boolean }>()('Restarts this desktop app.', none),
  'service.accessState': command<{ readonly state: ServiceAccessState; readonly message: string }>()(
    'What the service asks of a console without a session.',
    none,
  ),
  'service.signIn': command<Identity & { readonly expiresAt: EpochMs }>()(
    'Signs in to the connected service again.',
    z.object(credentials).strict(),
  ),
  'service.signOut': command<{ readonly signedOut: boolean }>()('Ends the session with the service.', none),
} as const;
