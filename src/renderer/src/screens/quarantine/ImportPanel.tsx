import { useEffect, useRef, useState, type DragEvent, type SyntheticEvent } from 'react';
import { MAX_IMPORT_BYTES, type ImportStatus } from '../../../../shared/commands/intake';
import { EHR_LABEL, EHR_SYSTEMS, type EhrSystem } from '../../../../shared/domain';
import { useApi } from '../../hooks/api-context';
import { useUi } from '../../stores/ui';

const POLL_MS = 500;
const ACCEPT = '.csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FORMATS = [
  { value: '', label: 'Recognise from the header' },
  { value: 'cybersource-batch-detail', label: 'Cybersource Payment Batch Detail' },
  { value: 'cybersource-transaction-request', label: 'Cybersource Transaction Request' },
] as const;

/** The file's bytes as base64, without the `data:…;base64,` prefix. */
function readBase64(file: File): Promise<string> {
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

const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * A processor report file chosen or dropped here is uploaded, then imported by main in the background: the
 * bar follows the bytes read; the summary counts rows imported, quarantined (listed below) and duplicates.
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
  const input = useRef<HTMLInputElement>(null);

  const running = uploading || status?.state === 'running';
  const statusId = status?.state === 'running' ? status.id : null;

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

  const choose = (chosen: File | undefined) => {
    if (!chosen || running) return;
    setFile(chosen);
    setStatus(null);
    setError(
      chosen.size > MAX_IMPORT_BYTES
        ? `${chosen.name} is larger than 50 MiB: import it with \`clearpost import\`.`
        : null,
    );
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  };

  const start = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!file || file.size > MAX_IMPORT_BYTES) return;
    setUploading(true);
    setError(null);
    setStatus(null);
    readBase64(file)
      .then((contentBase64) =>
        api.invoke('imports.start', {
          fileName: file.name,
          contentBase64,
          ...(format ? { source: format } : {}),
          ...(facility.trim() ? { facility: facility.trim() } : {}),
          ...(ehr ? { ehr } : {}),
        }),
      )
      .then(setStatus, (cause: unknown) => setError(cause instanceof Error ? cause.message : String(cause)))
      .finally(() => setUploading(false));
  };

  const percent =
    status && status.totalBytes > 0 ? Math.round((100 * status.bytesRead) / status.totalBytes) : 0;

  return (
    <form className="panel import-panel" aria-labelledby="import-title" onSubmit={start}>
      <h2 id="import-title">Import a processor report</h2>
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
      </div>
      <div className="form-grid">
        <label className="field">
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value)}>
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
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
          <button type="submit" disabled={!connected || !file || running || file.size > MAX_IMPORT_BYTES}>
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
            <pre className="import-summary" data-testid="import-summary">
              {JSON.stringify(status.counts, null, 2)}
            </pre>
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
