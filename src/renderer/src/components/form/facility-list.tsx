import { useId, type ReactNode } from 'react';
import { useQuery } from '../../hooks/use-query';
import { FORM_WORDS } from '../../../../shared/words';

/**
 * The facilities Clearpost knows (settings and recent payments) as an input's suggestion list, and a hint
 * when the typed one is none of them: a new site's first file may name one nobody has seen yet, so the
 * field says so rather than refusing it. The input takes `list` and adds `hintId` to its description.
 */
export function useFacilityList(value: string): {
  readonly listId: string;
  /** The hint's id when it shows, else undefined. */
  readonly hintId: string | undefined;
  readonly list: ReactNode;
} {
  const listId = useId();
  const hintId = useId();
  const known = useQuery('facilities.list', {}, ['payment_events']);
  const facilities = known.data ?? [];
  const typed = value.trim();
  const unknown = typed !== '' && known.data !== undefined && !facilities.includes(typed);
  return {
    listId,
    hintId: unknown ? hintId : undefined,
    list: (
      <>
        <datalist id={listId}>
          {facilities.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
        {unknown && (
          <span id={hintId} className="field-hint">
            {FORM_WORDS.unknownFacility}
          </span>
        )}
      </>
    ),
  };
}
