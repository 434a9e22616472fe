import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import { useWatch } from 'react-hook-form';
import { MAX_IMPORT_BYTES, type ImportStatus } from '../../../../shared/commands/imports';
import { FormStatus } from '../../components/form/Field';
import { useRulesForm } from '../../components/form/use-command-form';
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
import { IMPORT_EMPTY, importBinding, type ImportOptionArgs } from './import-rules';
import type { MappingArgs } from './mapping-rules';
import { useMappingForm } from './use-mapping-form';

/**
 * A processor report file chosen or dropped here is uploaded, then imported by main in the background: the
 * bar follows the bytes read; the summary counts rows imported, quarantined (listed below) and duplicates.
 * Its start is inspected first: a file no format recognises (or "another processor") gets the mapping editor.
 * The format, facility and EHR are a form judged by `imports.start`'s own rules for them before the upload.
 */
export function ImportPanel() {
  const api = useApi();
  const connected = useUi((s) => s.connected);
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Import was pressed while rows may lack a facility: the warning asks to confirm or choose one.
  const [confirming, setConfirming] = useState(false);
  const { inspection, inspecting, draft, inspect } = useInspection(setError);
  const options = useRulesForm({
    ...importBinding(inspection),
    name: 'imports.start',
    defaultValues: IMPORT_EMPTY,
  });
  const [format, facility] = useWatch({ control: options.form.control, name: ['format', 'facility'] });
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
    const chosenFormat = options.form.getValues('format');
    if (chosenFormat === ANOTHER || chosenFormat.startsWith(SAVED)) options.form.setValue('format', '');
    const tooLarge = chosen.size > MAX_IMPORT_BYTES;
    setError(tooLarge ? `${chosen.name} is larger than 50 MiB: import it with \`clearpost import\`.` : null);
    inspect(tooLarge ? null : chosen);
  };

  /** The source to name: a chosen one, or a saved source the header was recognised as (its delimiter). */
  const chosenSource =
    sourceToName(format, inspection).source ??
    (format && format !== ANOTHER ? format : inspection?.source) ??
    null;
  const lacksFacility =
    file !== null &&
    mayLackFacility({
      facility,
      source: chosenSource,
      inspection,
      mappedFacility: mapping && draft ? mappedFacility : null,
    });

  /** Uploads the file and starts its import; a refusal is thrown (the mapping form puts it on its fields). */
  const upload = async (
    optionArgs: ImportOptionArgs,
    mappingArgs: MappingArgs | null,
    anyway: boolean,
  ): Promise<void> => {
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
          ...(optionArgs.source === undefined ? {} : { source: optionArgs.source }),
          ...(mappingArgs ?? {}),
          ...(optionArgs.facility === undefined ? {} : { facility: optionArgs.facility }),
          ...(optionArgs.ehr === undefined ? {} : { ehr: optionArgs.ehr }),
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
    // The options are checked with main's rules first (nothing is uploaded while one is refused); a refusal
    // main still makes lands on the field it names.
    void options.onSubmit(async (optionArgs) => {
      if (!mapping || !draft) return upload(optionArgs, null, anyway);
      // So is the mapping, whose refusals land on the mapping's fields.
      let checked = false;
      setError(null);
      return mappingForm
        .onSubmit((args) => {
          checked = true;
          return upload(optionArgs, args, anyway);
        })()
        .then(() => {
          if (!checked) setError('Not imported: complete the column mapping (the fields marked above).');
        });
    })();
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
        of={options}
        savedSources={savedSources}
        facility={facility}
        onFacilityTyped={() => setConfirming(false)}
        lacksFacility={lacksFacility}
        confirming={confirming && lacksFacility}
        onImportAnyway={() => start(null, true)}
        submitLabel={uploading ? 'Uploading…' : running ? 'Importing…' : 'Import'}
        submitDisabled={!connected || !file || running || inspecting || file.size > MAX_IMPORT_BYTES}
      />
      <FormStatus of={options} />
      {status && <ImportStatusView status={status} percent={percent} />}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
