import { useRef, useState } from 'react';
import type { ImportInspection } from '../../../../shared/commands/imports';
import { useApi } from '../../hooks/api-context';
import { INSPECT_BYTES, isZip, readBase64 } from './import-file';
import { newDraft, type MappingDraft } from './mapping-draft';

const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

/**
 * The start of a chosen file as main read it (format, header, masked sample), and the column-mapping draft
 * made from its header. Only the newest file's answer is kept.
 */
export function useInspection(onError: (text: string) => void) {
  const api = useApi();
  const [inspection, setInspection] = useState<ImportInspection | null>(null);
  const [inspecting, setInspecting] = useState(false);
  const [draft, setDraft] = useState<MappingDraft | null>(null);
  const chosenAt = useRef(0);

  const inspect = (chosen: File | null) => {
    const at = ++chosenAt.current;
    setInspection(null);
    setDraft(null);
    if (!chosen) return;
    setInspecting(true);
    isZip(chosen)
      .then((zip) => readBase64(zip ? chosen : chosen.slice(0, INSPECT_BYTES)))
      .then((contentBase64) => api.invoke('imports.inspect', { fileName: chosen.name, contentBase64 }))
      .then(
        (found) => {
          if (at !== chosenAt.current) return;
          setInspection(found);
          setDraft(found.headers.length > 0 ? newDraft(found.headers, found.delimiter) : null);
        },
        (cause: unknown) => {
          // Without a look at the header the import still runs; its own answer says what went wrong.
          if (at === chosenAt.current) onError(`Could not read the file's columns: ${message(cause)}`);
        },
      )
      .finally(() => {
        if (at === chosenAt.current) setInspecting(false);
      });
  };
  return { inspection, inspecting, draft, inspect };
}
