import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import { useWatch } from 'react-hook-form';
import { MAX_IMPORT_BYTES, type ImportStatus } from '../../../../shared/commands/imports';
import type { EhrSystem } from '../../../../shared/domain';
import { useApi } from '../../hooks/api-context';
import { useQuery } from '../../hooks/use-query';
import { useUi } from '../../stores/ui';
import { ANOTHER, mayLackFacility, recognisedText, readBase64, SAVED, sourceToName } from './import-file';
import { DropZone } from './DropZone';
import { ImportOptions } from './ImportOptions';
import { ImportStatusView } from './ImportStatusView';
import { MappingEditor } from './MappingEditor';
import { useInspection } from './use-inspection';
import { useImportPoll } from './use-import-poll';
import type { MappingArgs } from './mapping-rules';
import { useMappingForm } from './use-mapping-form';

const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

/**
 * A processor report file chosen or dropped here is uploaded, then imported by main in the background: the
 * bar follows the bytes read; the summary counts rows imported, quarantined (listed below) and duplicates.
 * Its start is inspected first: a file no format recognises (or "another processor") gets the mapping editor.
 */
export function ImportPanel() {
  const api = useApi();
  const connected = useUi((s) => s.connected);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('');
  const [facility, setFacility] = useState('');
  const [ehr, setEhr] = useState<EhrSystem | ''>('');
  const [uploading, setUploading] = useState(false);
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Import was pressed while rows may lack a facility: the warning asks to confirm or choose one.
  const [confirming, setConfirming] = useState(false);
  const { inspection, inspecting, draft, inspect } = useInspection(setError);
  const mappingForm = useMappingForm(draft);
  const mappedFacility = useWatch({ control: mappingForm.form.control, name: 'columns.facility' });
  const mappings = useQuery('imports.mappings.list', {}, []);
  const savedSources = (mappings.data ?? []).map((m) => m.source);

  const running = uploading || status?.state === 'running';
  const statusId = status?.state === 'running' ? status.id : null;
  const mapping =
    inspection !== null && (format === ANOTHER || (format === '' && inspection.source === null));
  const reloadMappings = mappings.reload;
  const finished = status !== null && status.state !== 'running';

  // A finished import may have saved a mapping: offer it from now on.
  useEffect(() => {
    if (finished) reloadMappings();
  }, [finished, reloadMappings]);

  const pollFailed = useCallback((text: string) => {
    setError(text);
    setStatus(null);
  }, []);
  useImportPoll(statusId, setStatus, pollFailed);

  const choose = (chosen: File | undefined) => {
    if (!chosen || running) return;
    setFile(chosen);
    setStatus(null);
    setConfirming(false);
    setFormat((f) => (f === ANOTHER || f.startsWith(SAVED) ? '' : f));
    const tooLarge = chosen.size > MAX_IMPORT_BYTES;
    setError(tooLarge ? `${chosen.name} is larger than 50 MiB: import it with \`clearpost import\`.` : null);
    inspect(tooLarge ? null : chosen);
  };

  /** The source to name: a chosen one, or a saved source the header was recognised as (its delimiter). */
  const sourceArgs = () => sourceToName(format, inspection);
  const chosenSource =
    sourceArgs().source ?? (format && format !== ANOTHER ? format : inspection?.source) ?? null;
  const lacksFacility =
    file !== null &&
    mayLackFacility({
      facility,
      source: chosenSource,
      inspection,
      mappedFacility: mapping && draft ? mappedFacility : null,
    });

  /** Uploads the file and starts its import; a refusal is thrown (the mapping form puts it on its fields). */
  const upload = async (mappingArgs: MappingArgs | null, anyway: boolean): Promise<void> => {
    if (!file) return;
    // Said before the import: rows without a facility would only wait in Quarantine.
    if (lacksFacility && !anyway) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    setUploading(true);
    setError(null);
    setStatus(null);
    try {
      const contentBase64 = await readBase64(file);
      setStatus(
        await api.invoke('imports.start', {
          fileName: file.name,
          contentBase64,
          ...sourceArgs(),
          ...(mappingArgs ?? {}),
          ...(facility.trim() ? { facility: facility.trim() } : {}),
          ...(ehr ? { ehr } : {}),
        }),
      );
    } finally {
      setUploading(false);
    }
  };

  const start = (event: SyntheticEvent | null, anyway = false) => {
    event?.preventDefault();
    if (!file || file.size > MAX_IMPORT_BYTES) return;
    if (format === ANOTHER && !draft) {
      setError('Not imported: no header line was found in the file to map its columns.');
      return;
    }
    if (!mapping || !draft) {
      upload(null, anyway).catch((cause: unknown) => setError(message(cause)));
      return;
    }
    // The mapping is checked with main's rules first; main's refusal lands on the fields it names.
    let checked = false;
    setError(null);
    void mappingForm
      .onSubmit((args) => {
        checked = true;
        return upload(args, anyway);
      })()
      .then(() => {
        if (!checked) setError('Not imported: complete the column mapping (the fields marked above).');
      });
  };

  const recognised = recognisedText(inspecting, inspection);

  const percent =
    status && status.totalBytes > 0 ? Math.round((100 * status.bytesRead) / status.totalBytes) : 0;

  return (
    <form className="panel import-panel" aria-labelledby="import-title" onSubmit={start}>
      <h2 id="import-title">Import a processor report</h2>
      <DropZone file={file} running={running} recognised={recognised} onChoose={choose} />
      {mapping && draft && (
        <MappingEditor
          inspection={inspection}
          savedSources={savedSources}
          of={mappingForm}
          disabled={running}
        />
      )}
      <ImportOptions
        format={format}
        savedSources={savedSources}
        facility={facility}
        ehr={ehr}
        onFormat={setFormat}
        onFacility={(next) => {
          setFacility(next);
          if (next.trim()) setConfirming(false);
        }}
        onEhr={setEhr}
        lacksFacility={lacksFacility}
        confirming={confirming && lacksFacility}
        onImportAnyway={() => start(null, true)}
        submitLabel={uploading ? 'Uploading…' : running ? 'Importing…' : 'Import'}
        submitDisabled={!connected || !file || running || inspecting || file.size > MAX_IMPORT_BYTES}
      />
      {status && <ImportStatusView status={status} percent={percent} />}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
