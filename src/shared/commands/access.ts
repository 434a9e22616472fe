/** Commands of operator access: who am I, and (serve mode) local accounts. */
import { z } from 'zod';
import type { EpochMs } from '../domain';
import { command, none } from './define';

/** Ordered: each role can do everything the roles before it can. */
export const ROLES = ['viewer', 'operator', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export interface Identity {
  readonly actor: string;
  readonly role: Role;
  readonly transport: 'ipc' | 'http' | 'cli' | 'test';
}

export interface AccountInfo {
  readonly username: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
}

export const username = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/i, 'A user name is 2–64 letters, digits, . _ or -');

/** A local account's password: long rather than clever (at most 200 characters, what sign-in reads). */
export const accountPassword = z.string().min(12, 'A password has at least 12 characters').max(200);

/**
 * The first supervisor's account, created from the browser on a fresh data folder (`/auth/first-supervisor`):
 * main checks it with this schema, and the form shows the same rules before sending.
 */
export const firstSupervisorSchema = z.object({ username, password: accountPassword }).strict();

/**
 * What `/auth/sign-in` needs before it looks anything up: a user name and a password. Whether they are right
 * is the server's answer alone, and it never says which of the two was wrong.
 */
export const signInSchema = z
  .object({
    username: z.string().trim().min(1, 'Enter your user name.'),
    password: z.string().min(1).max(200),
  })
  .strict();

export const ACCESS_COMMANDS = {
  'auth.whoami': command<Identity>()('Who this console acts as, and with which role.', none),
  'accounts.list': command<readonly AccountInfo[]>()(
    'Local accounts of serve mode (no password hashes).',
    none,
  ),
  'accounts.save': command<AccountInfo>()(
    'Creates or updates a local account; a password is required to create one.',
    z
      .object({
        username,
        role: z.enum(ROLES),
        password: accountPassword.optional(),
        disabled: z.boolean().default(false),
      })
      .strict(),
  ),
} as const;
