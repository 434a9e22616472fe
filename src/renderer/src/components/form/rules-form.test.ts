import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstSupervisorSchema, signInSchema } from '../../../../shared/commands/access';
import { argumentIssues } from './command-resolver';
import { requiredFields } from './use-command-form';

type Account = { username: string; password: string; repeat: string };
const empty: Account = { username: '', password: '', repeat: '' };
const toArgs = (v: Account) => ({ username: v.username.trim(), password: v.password });

/** The sign-in pages' forms, judged by rules that are not a command's (the `/auth/` routes'). */
describe('a form judged by a schema of its own (signing in)', () => {
  const firstSupervisor = {
    schema: firstSupervisorSchema.extend({ repeat: z.string().min(1) }),
    input: (v: Account) => v,
    toArgs,
  };
  const signIn = { schema: signInSchema, input: toArgs, toArgs };

  it('refuses an empty first supervisor per field with main’s own sentences, and marks all three', async () => {
    expect(await argumentIssues(firstSupervisor, empty)).toEqual([
      { path: 'username', message: 'A user name is 2–64 letters, digits, . _ or -' },
      { path: 'password', message: 'A password has at least 12 characters' },
      { path: 'repeat', message: 'Required' },
    ]);
    expect([...(await requiredFields(firstSupervisor, empty))]).toEqual(['username', 'password', 'repeat']);
  });

  it('asks only for a name and a password to sign in, and says nothing about whether they are right', async () => {
    expect(await argumentIssues(signIn, { ...empty, username: '   ' })).toEqual([
      { path: 'username', message: 'Enter your user name.' },
      { path: 'password', message: 'Required' },
    ]);
    expect(await argumentIssues(signIn, { username: 'dana', password: 'x', repeat: '' })).toEqual([]);
  });
});
