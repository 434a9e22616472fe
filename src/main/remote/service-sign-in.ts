/** Signing in to a service (`/auth/sign-in`), its answer checked with zod. */
import { z } from 'zod';
import { ROLES } from '../../shared/commands/access';
import { ApiFailure } from '../api/dispatcher';
import type { ServiceClient } from './service-client';

const signedInSchema = z.object({
  actor: z.string(),
  role: z.enum(ROLES),
  expiresAt: z.number(),
  sessionId: z.string().min(16).max(512),
});

export interface SignedIn {
  readonly identity: { readonly actor: string; readonly role: (typeof ROLES)[number] };
  readonly expiresAt: number;
  readonly sessionId: string;
}

/** Throws ApiFailure with the service's own refusal ("wrong user name or password", throttled, …). */
export async function signInToService(
  client: ServiceClient,
  username: string,
  password: string,
): Promise<SignedIn> {
  const answer = await client.post('/auth/sign-in', { username, password }, null);
  if (!answer.ok) throw new ApiFailure(answer.error.code, answer.error.message);
  const parsed = signedInSchema.safeParse(answer.result);
  if (!parsed.success)
    throw new ApiFailure('unavailable', 'The service answered the sign-in in an unknown form');
  const { sessionId, expiresAt, actor, role } = parsed.data;
  return { identity: { actor, role }, expiresAt, sessionId };
}
