import { useEffect, useRef, useState, type DragEvent, type SyntheticEvent } from 'react';
import { ApiError } from '../../../../shared/api-error';
import {
  MAX_IMPORT_BYTES,
  type ImportInspection,
  type ImportStatus,
} from '../../../../shared/commands/intake';
import { EHR_LABEL, EHR_SYSTEMS, type EhrSystem } from '../../../../shared/domain';
import { useApi } from '../../hooks/api-context';
import { useQuery } from '../../hooks/use-query';
import { useUi } from '../../stores/ui';
import { MappingEditor } from './MappingEditor';
import { fieldOfIssue, localIssues, mappingFromDraft, newDraft, type MappingDraft } from './mapping-draft';

const POLL_MS = 500;
const ACCEPT = '.csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FORMATS = [
  { value: '', label: 'Recognise from the header' },
  { value: 'cybersource-batch-detail', label: 'Cybersource Payment Batch Detail' },
  { value: 'cybersource-transaction-request', label: 'Cybersource Transaction Request' },
] as const;
const BUILT_IN = new Set<string>(FORMATS.map((f) => f.value).filter((v) => v !== ''));
/** The format choice that opens the mapping editor; saved sources are `saved:<name>`. */
const ANOTHER = 'another';
const SAVED = 'saved:';
/** A CSV's header and first rows are in its first bytes; an XLSX (a zip) is read whole. */
const INSPECT_BYTES = 256 * 1024;
/** The mapping fields the editor checks itself (see localIssues). */
const LOCAL_FIELDS = new Set([
  'source',
  'columns.transactionId',
  'columns.amount',
  'columns.transactionDate',
  'columns.currency',
  'kindValues',
]);

/** The file's bytes as base64, without the `data:…;base64,` prefix. */
function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

async function isZip(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

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
  const [dragging, setDragging] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [inspection, setInspection] = useState<ImportInspection | null>(null);
  const [inspecting, setInspecting] = useState(false);
  const [draft, setDraft] = useState<MappingDraft | null>(null);
  const [mappingIssues, setMappingIssues] = useState<Record<string, string>>({});
  const input = useRef<HTMLInputElement>(null);
  const chosenAt = useRef(0);
  const mappings = useQuery('imports.mappings.list', {}, []);
  const info = useQuery('app.info', {}, []);
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

  useEffect(() => {
    if (!statusId) return;
    const timer = setInterval(() => {
      api.invoke('imports.status', { id: statusId }).then(setStatus, (cause: unknown) => {
        setError(cause instanceof Error ? cause.message : String(cause));
        setStatus(null);
      });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, statusId]);

  const inspect = (chosen: File) => {
    const at = ++chosenAt.current;
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
          if (at === chosenAt.current) setError(`Could not read the file's columns: ${message(cause)}`);
        },
      )
      .finally(() => {
        if (at === chosenAt.current) setInspecting(false);
      });
  };

  const choose = (chosen: File | undefined) => {
    if (!chosen || running) return;
    setFile(chosen);
    setStatus(null);
    setInspection(null);
    setDraft(null);
    setMappingIssues({});
    setFormat((f) => (f === ANOTHER || f.startsWith(SAVED) ? '' : f));
    const tooLarge = chosen.size > MAX_IMPORT_BYTES;
    setError(tooLarge ? `${chosen.name} is larger than 50 MiB: import it with \`clearpost import\`.` : null);
    if (!tooLarge) inspect(chosen);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  };

  /** A field the operator fixed loses its mark at once; main's other marks stay until the next try. */
  const editDraft = (next: MappingDraft) => {
    setDraft(next);
    const still = localIssues(next);
    setMappingIssues((marks) =>
      Object.fromEntries(
        Object.entries(marks).filter(([field]) => !LOCAL_FIELDS.has(field) || field in still),
      ),
    );
  };

  /** The source to name: a chosen one, or a saved source the header was recognised as (its delimiter). */
  const sourceArgs = (): { source?: string } => {
    if (format.startsWith(SAVED)) return { source: format.slice(SAVED.length) };
    if (format === ANOTHER) return {};
    if (format) return { source: format };
    const found = inspection?.source;
    return found && !BUILT_IN.has(found) ? { source: found } : {};
  };

  const start = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!file || file.size > MAX_IMPORT_BYTES) return;
    let mappingArgs = {};
    if (format === ANOTHER && !draft) {
      setError('Not imported: no header line was found in the file to map its columns.');
      return;
    }
    if (mapping && draft) {
      const local = localIssues(draft);
      setMappingIssues(local);
      if (Object.keys(local).length > 0) {
        setError('Not imported: complete the column mapping (the fields marked above).');
        return;
      }
      mappingArgs = { source: draft.source.trim(), mapping: mappingFromDraft(draft) };
    }
    setUploading(true);
    setError(null);
    setStatus(null);
    readBase64(file)
      .then((contentBase64) =>
        api.invoke('imports.start', {
          fileName: file.name,
          contentBase64,
          ...sourceArgs(),
          ...mappingArgs,
          ...(facility.trim() ? { facility: facility.trim() } : {}),
          ...(ehr ? { ehr } : {}),
        }),
      )
      .then(
        (started) => {
          setMappingIssues({});
          setStatus(started);
        },
        (cause: unknown) => {
          const byField: Record<string, string> = {};
          if (cause instanceof ApiError) {
            for (const issue of cause.issues ?? []) byField[fieldOfIssue(issue.path)] = issue.message;
          }
          setMappingIssues(byField);
          setError(
            Object.keys(byField).length > 0
              ? 'Not imported: correct the column mapping (the fields marked above).'
              : message(cause),
          );
        },
      )
      .finally(() => setUploading(false));
  };

  const percent =
    status && status.totalBytes > 0 ? Math.round((100 * status.bytesRead) / status.totalBytes) : 0;

  return (
    <form className="panel import-panel" aria-labelledby="import-title" onSubmit={start}>
      <h2 id="import-title">Import a processor report</h2>
      {info.data?.sandbox && (
        // The sandbox posts to simulators on its own database: a real report imported here never reaches the
        // hospital's EHR, and the production database will not know it was seen.
        <p className="notice" role="note" data-testid="import-sandbox-note">
          <strong>Sandbox.</strong> Rows imported here are posted to the simulated EHRs only and stay in the
          sandbox. To post a real processor report, import it into Clearpost running against your real EHR.
        </p>
      )}
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        data-testid="import-drop"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>
          Drop a CSV or XLSX report here, or{' '}
          <button type="button" className="link" onClick={() => input.current?.click()} disabled={running}>
            choose a file
          </button>
          .
        </p>
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          aria-label="Choose a processor report file"
          className="visually-hidden"
          onChange={(event) => {
            choose(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
        {file && (
          <p className="import-file" data-testid="import-file">
            <strong>{file.name}</strong> · {size(file.size)}
          </p>
        )}
        {file && (
          <p className="muted" data-testid="import-recognised" role="status">
            {inspecting
              ? 'Reading its columns…'
              : inspection === null
                ? ''
                : inspection.source !== null
                  ? `Recognised: ${inspection.source}.`
                  : inspection.headers.length > 0
                    ? 'Not a format Clearpost knows: map its columns below.'
                    : 'No header line was found in its first lines.'}
          </p>
        )}
      </div>
      {mapping && draft && (
        <MappingEditor
          inspection={inspection}
          savedSources={savedSources}
          draft={draft}
          onChange={editDraft}
          issues={mappingIssues}
          disabled={running}
        />
      )}
      <div className="form-grid">
        <label className="field">
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value)}>
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
            {savedSources.map((s) => (
              <option key={s} value={`${SAVED}${s}`}>
                {s} (saved mapping)
              </option>
            ))}
            <option value={ANOTHER}>Another processor (map the columns)</option>
          </select>
        </label>
        <label className="field">
          Facility (for rows that name none)
          <input value={facility} onChange={(e) => setFacility(e.target.value)} maxLength={100} />
        </label>
        <label className="field">
          EHR (for rows that name none)
          <select value={ehr} onChange={(e) => setEhr(e.target.value as EhrSystem | '')}>
            <option value="">As in the file</option>
            {EHR_SYSTEMS.map((e) => (
              <option key={e} value={e}>
                {EHR_LABEL[e]}
              </option>
            ))}
          </select>
        </label>
        <div className="form-actions">
          <button
            type="submit"
            disabled={!connected || !file || running || inspecting || file.size > MAX_IMPORT_BYTES}
          >
            {uploading ? 'Uploading…' : running ? 'Importing…' : 'Import'}
          </button>
        </div>
      </div>
      {status && (
        <div className="import-status" data-testid="import-status" data-state={status.state}>
          <progress
            max={100}
            value={status.state === 'running' ? percent : 100}
            aria-label={`Importing ${status.fileName}`}
          />
          <span className="muted">
            {status.state === 'running'
              ? `Importing ${status.fileName}: ${String(percent)}% · ${String(status.counts.rows)} rows`
              : status.state === 'done'
                ? `${status.fileName}${status.source ? ` (${status.source})` : ''}${status.alreadyImported ? ': already imported in full, nothing added' : ''}`
                : `${status.fileName} was not imported`}
          </span>
          {status.state === 'done' && (
            <dl
              className="import-summary"
              data-testid="import-summary"
              data-counts={JSON.stringify(status.counts)}
            >
              {(
                [
                  ['Rows read', status.counts.rows],
                  ['Imported', status.counts.imported],
                  ['Quarantined', status.counts.quarantined],
                  ['Already imported', status.counts.duplicates],
                ] as const
              ).map(([label, n]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>{n.toLocaleString()}</dd>
                </div>
              ))}
            </dl>
          )}
          {status.state === 'done' && status.notices.length > 0 && (
            <ul className="import-notices" data-testid="import-notices">
              {status.notices.map((notice) => (
                <li key={notice}>{notice}</li>
              ))}
            </ul>
          )}
          {status.state === 'failed' && (
            <p className="form-error" role="alert">
              {status.error}
            </p>
          )}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
