import { useEffect, useState } from 'react';
import type { AccountInfo } from '../../../../shared/commands/access';
import { useApi } from '../../hooks/api-context';
import { useQuery } from '../../hooks/use-query';

/**
 * The people an item can be assigned to, as Clearpost knows them: the operator at the console, and (for a
 * supervisor, who may list them) serve mode's enabled accounts. Others can still be typed.
 */
export function usePeople(): readonly string[] {
  const api = useApi();
  const me = useQuery('auth.whoami', {}, []);
  const [accounts, setAccounts] = useState<readonly AccountInfo[]>([]);
  const supervisor = me.data?.role === 'supervisor';
  useEffect(() => {
    // Only a supervisor may list accounts; asking otherwise would be refused and audited as a denial.
    if (!supervisor) return;
    let live = true;
    api.invoke('accounts.list', {}).then(
      (list) => {
        if (live) setAccounts(list);
      },
      () => undefined, // Without the list, the field still takes a typed name.
    );
    return () => {
      live = false;
    };
  }, [api, supervisor]);
  const names = new Set<string>();
  if (me.data) names.add(me.data.actor);
  for (const account of supervisor ? accounts : []) if (!account.disabled) names.add(account.username);
  return [...names].sort((a, b) => a.localeCompare(b));
}
