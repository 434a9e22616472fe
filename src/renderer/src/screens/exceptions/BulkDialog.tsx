import { useState } from 'react';
import {
  BULK_ACTION_LABEL,
  BULK_ACTIONS,
  type BulkPreview,
  type BulkReceipt,
  type QueueFilterInput,
} from '../../../../shared/commands/console';
import { Dialog } from '../../components/Dialog';
import { Field, FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { PersonInput } from '../../components/form/PersonInput';
import { useApi } from '../../hooks/api-context';
import { BulkPreviewStep } from './BulkPreviewStep';
import { BulkReceiptView } from './BulkReceiptView';
import { BULK_EMPTY, bulkPreviewArgs, needsAssignee } from './bulk-rules';

type Step =
  | { readonly kind: 'choose' }
  | { readonly kind: 'previewed'; readonly preview: BulkPreview }
  | { readonly kind: 'running'; readonly preview: BulkPreview }
  | { readonly kind: 'receipt'; readonly receipt: BulkReceipt };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Bulk action in three steps: choose, preview the frozen set (count and total; a typed confirmation when
 * it is large), run, then the done / skipped / failed receipt with a CSV export.
 *
 * One form holds what the operator types in both steps. It is bound to `bulk.preview`, whose rules judge the
 * action and assignee before the preview is asked for; Run reads the preview's id from main's answer and the
 * confirmation from the form's values, and sends `bulk.run` (main checks the phrase).
 */
export function BulkDialog({ filter, onClose }: { filter: QueueFilterInput; onClose: () => void }) {
  const api = useApi();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const bulk = useCommandForm({
    command: 'bulk.preview',
    toArgs: bulkPreviewArgs(filter),
    defaultValues: BULK_EMPTY,
  });
  const action = bulk.form.watch('action');
  // An action is always chosen (a radio with a default); only the assignee can be left empty, and only
  // assigning needs one.
  const of = { ...bulk, required: new Set(needsAssignee(action) ? ['assignee'] : []) };

  const preview = bulk.onSubmit(async (args) => {
    setStep({ kind: 'previewed', preview: await api.invoke('bulk.preview', args) });
  });

  const run = (p: BulkPreview) => {
    setStep({ kind: 'running', preview: p });
    bulk.form.clearErrors('root.server');
    const typed = bulk.form.getValues('confirmation');
    api
      .invoke('bulk.run', {
        previewId: p.previewId,
        ...(p.confirmationPhrase ? { confirmation: typed } : {}),
      })
      .then(
        (receipt) => setStep({ kind: 'receipt', receipt }),
        (e: unknown) => {
          bulk.form.setError('root.server', { type: 'server', message: message(e) });
          setStep({ kind: 'previewed', preview: p });
        },
      );
  };

  const running = step.kind === 'running';
  const busy = bulk.form.formState.isSubmitting;
  return (
    <Dialog title="Bulk action" onClose={onClose} busy={running} wide>
      {step.kind === 'choose' && (
        <form onSubmit={(e) => void preview(e)} noValidate>
          <p>The action applies to the items the queue's current filters select.</p>
          <fieldset className="choices">
            <legend>Action</legend>
            {BULK_ACTIONS.map((a) => (
              <label key={a}>
                <input type="radio" value={a} {...bulk.form.register('action')} />
                {BULK_ACTION_LABEL[a]}
              </label>
            ))}
          </fieldset>
          {action === 'assign' && (
            <Field of={of} name="assignee" label="Assign to">
              {(c) => <PersonInput control={c} maxLength={100} />}
            </Field>
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
          confirmation={bulk.form.register('confirmation')}
          typed={bulk.form.watch('confirmation')}
          onRun={() => run(step.preview)}
          onClose={onClose}
        />
      )}

      {step.kind === 'receipt' && <BulkReceiptView receipt={step.receipt} onClose={onClose} />}
      <FormStatus of={of} note={step.kind === 'choose'} />
    </Dialog>
  );
}
