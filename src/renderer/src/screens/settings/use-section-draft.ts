import { useState } from 'react';
import { useSectionSave, type SectionProps } from './section';

/**
 * A Settings section edited as a draft: the draft and its edits, whether it differs from what is saved, the
 * section's save, and the props every `SectionForm` footer takes (Save while changed, Discard back to saved).
 */
export function useSectionDraft<D>(props: SectionProps, section: string, original: D) {
  const [draft, setDraft] = useState<D>(original);
  const s = useSectionSave(props, section);
  const dirty = JSON.stringify(draft) !== JSON.stringify(original);
  const edit = <K extends keyof D>(key: K, value: D[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const footer = {
    canEdit: props.canEdit,
    busy: s.busy,
    dirty,
    result: s.result,
    onDiscard: () => {
      setDraft(original);
      s.reset();
    },
  };
  return { draft, setDraft, edit, dirty, s, footer };
}
