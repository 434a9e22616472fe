/**
 * What a simulated EHR knows about patients' accounts: which encounters and guarantor accounts exist, which
 * encounters are closed, which accounts were combined. Without a directory a simulator accepts any target.
 */
export interface EncounterInfo {
  readonly state: 'open' | 'closed';
  readonly guarantorAccount: string;
}

export interface AccountInfo {
  readonly state: 'active' | 'combined';
  readonly combinedInto?: string;
}

export interface SimDirectory {
  readonly encounters: ReadonlyMap<string, EncounterInfo>;
  readonly accounts: ReadonlyMap<string, AccountInfo>;
}

export type TargetProblem =
  | { readonly kind: 'unknown'; readonly text: string }
  | { readonly kind: 'closed_encounter'; readonly text: string }
  | { readonly kind: 'combined_account'; readonly text: string };

export function checkTarget(
  directory: SimDirectory | undefined,
  type: 'encounter' | 'account',
  id: string,
): TargetProblem | null {
  if (!directory) return null;
  if (type === 'encounter') {
    const encounter = directory.encounters.get(id);
    if (!encounter) return { kind: 'unknown', text: `Encounter ${id} was not found` };
    if (encounter.state === 'closed') {
      return {
        kind: 'closed_encounter',
        text: `Encounter ${id} is closed and cannot accept financial transactions`,
      };
    }
    return null;
  }
  const account = directory.accounts.get(id);
  if (!account) return { kind: 'unknown', text: `Account ${id} was not found` };
  if (account.state === 'combined') {
    return {
      kind: 'combined_account',
      text: `Account ${id} was combined into ${account.combinedInto ?? 'another account'}`,
    };
  }
  return null;
}
