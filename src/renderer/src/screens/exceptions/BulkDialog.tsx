import { useState } from 'react';
import {
  BULK_ACTION_LABEL,
  BULK_ACTIONS,
  type BulkAction,
  type BulkPreview,
  type BulkReceipt,
  type QueueFilterInput,
} from '../../../../shared/commands/console';
import { Dialog } from '../../components/Dialog';
import { useApi } from '../../hooks/api-context';
import { BulkPreviewStep } from './BulkPreviewStep';
import { BulkReceiptView } from './BulkReceiptView';

type Step =
  | { readonly kind: 'choose' }
  | { readonly kind: 'previewed'; readonly preview: BulkPreview }
  | { readonly kind: 'running'; readonly preview: BulkPreview }
  | { readonly kind: 'receipt'; readonly receipt: BulkReceipt };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Bulk action in three steps: choose, preview the frozen set (count and total; a typed confirmation when
 * it is large), run, then the done / skipped / failed receipt with a CSV export.
 */
export function BulkDialog({ filter, onClose }: { filter: QueueFilterInput; onClose: () => void }) {
  const api = useApi();
  const [action, setAction] = useState<BulkAction>('retry');
  const [assignee, setAssignee] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const preview = () => {
    if (action === 'assign' && !assignee.trim()) return setError('Enter the person to assign to.');
    setBusy(true);
    setError(null);
    api
      .invoke('bulk.preview', { filter, action, assignee: action === 'assign' ? assignee.trim() : null })
      .then(
        (p) => setStep({ kind: 'previewed', preview: p }),
        (e: unknown) => setError(message(e)),
      )
      .finally(() => setBusy(false));
  };

  const run = (p: BulkPreview) => {
    setStep({ kind: 'running', preview: p });
    setError(null);
    api
      .invoke('bulk.run', {
        previewId: p.previewId,
        ...(p.confirmationPhrase ? { confirmation: typed } : {}),
      })
      .then(
        (receipt) => setStep({ kind: 'receipt', receipt }),
        (e: unknown) => {
          setError(message(e));
          setStep({ kind: 'previewed', preview: p });
        },
      );
  };

  const running = step.kind === 'running';
  return (
    <Dialog title="Bulk action" onClose={onClose} busy={running} wide>
      {step.kind === 'choose' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            preview();
          }}
        >
          <p>The action applies to the items the queue's current filters select.</p>
          <fieldset className="choices">
            <legend>Action</legend>
            {BULK_ACTIONS.map((a) => (
              <label key={a}>
                <input
                  type="radio"
                  name="bulk-action"
                  value={a}
                  checked={action === a}
                  onChange={() => setAction(a)}
                />
                {BULK_ACTION_LABEL[a]}
              </label>
            ))}
          </fieldset>
          {action === 'assign' && (
            <label className="field">
              Assign to
              <input value={assignee} onChange={(e) => setAssignee(e.target.value)} maxLength={100} />
            </label>
          )}
          <div className="dialog-actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Preparing preview…' : 'Preview'}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}

      {(step.kind === 'previewed' || step.kind === 'running') && (
        <BulkPreviewStep
          preview={step.preview}
          running={running}
          typed={typed}
          onTyped={setTyped}
          onRun={() => run(step.preview)}
          onClose={onClose}
        />
      )}

      {step.kind === 'receipt' && <BulkReceiptView receipt={step.receipt} onClose={onClose} />}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
