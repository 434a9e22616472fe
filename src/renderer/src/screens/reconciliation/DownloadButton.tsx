/**
 * Saves a generated file from the server in serve mode (the browser cannot open the server's path). The
 * file comes through the console's own authenticated request and is handed to the browser as a download.
 * On the desktop the file is already on this machine: no button.
 */
import { useState } from 'react';
import { useApi } from '../../hooks/api-context';
import { saveBlob as save } from '../../save-file';

export function DownloadButton({ fileName }: { fileName: string }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const download = api.download?.bind(api);
  if (!download) return null;
  const onClick = () => {
    setBusy(true);
    setError(null);
    download(fileName)
      .then((blob) => save(blob, fileName))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <button
        type="button"
        className="link"
        onClick={onClick}
        disabled={busy}
        aria-label={`Download ${fileName}`}
      >
        Download
      </button>
      {error && (
        <span className="form-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </>
  );
}
