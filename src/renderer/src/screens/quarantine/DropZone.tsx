import { useRef, useState, type DragEvent } from 'react';
import { ACCEPT, fileSize } from './import-file';

interface Props {
  readonly file: File | null;
  readonly running: boolean;
  /** What the file's start was read as ("Recognised: …"), or '' while nothing is known. */
  readonly recognised: string;
  readonly onChoose: (file: File | undefined) => void;
}

/** Where a report file is dropped or chosen, with its name, size and what its header was read as. */
export function DropZone({ file, running, recognised, onChoose }: Props) {
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    onChoose(event.dataTransfer.files[0]);
  };
  return (
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
          onChoose(event.target.files?.[0]);
          event.target.value = '';
        }}
      />
      {file && (
        <p className="import-file" data-testid="import-file">
          <strong>{file.name}</strong> · {fileSize(file.size)}
        </p>
      )}
      {file && (
        <p className="muted" data-testid="import-recognised" role="status">
          {recognised}
        </p>
      )}
    </div>
  );
}
