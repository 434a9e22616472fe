import { useId, useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { UnmatchedBatchView, UnmatchedDepositView } from '../../../../shared/commands/cash';
import { Field, FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';
import { formatMoney } from '../../format';
import { ManualMatchPicks, type PickColumn } from './ManualMatchPicks';

interface MatchValues {
  depositIds: number[];
  batchIds: number[];
  note: string;
}

const DEPOSIT_COLUMNS: readonly PickColumn<UnmatchedDepositView>[] = [
  { header: 'Booked', cell: (d) => d.bookingDate },
  { header: 'Account', cell: (d) => `…${d.accountLast4}`, className: 'mono' },
  { header: 'Reference', cell: (d) => d.reference ?? '—', className: 'mono' },
  { header: 'Amount', cell: (d) => formatMoney(d.amountMinor, d.currency), className: 'num' },
];
const BATCH_COLUMNS: readonly PickColumn<UnmatchedBatchView>[] = [
  { header: 'Funded', cell: (b) => b.fundingDate },
  { header: 'Merchant', cell: (b) => b.merchantId, className: 'mono' },
  { header: 'Batch', cell: (b) => b.batchId, className: 'mono' },
  { header: 'Net', cell: (b) => formatMoney(b.netMinor, b.currency), className: 'num' },
];

const EMPTY: MatchValues = { depositIds: [], batchIds: [], note: '' };

/**
 * Deposits and funding batches nothing matched, side by side: tick what belongs together (a split deposit,
 * a combined one) and match it. A difference between the two sides needs a note saying why. The form is
 * judged by `cash.match`'s own rules; what main refuses after sending lands on the side or the note it is
 * about.
 */
export function ManualMatch({
  deposits,
  batches,
  onMatched,
}: {
  deposits: readonly UnmatchedDepositView[];
  batches: readonly UnmatchedBatchView[];
  onMatched: () => void;
}) {
  const api = useApi();
  const id = useId();
  const hook = useCommandForm({
    command: 'cash.match',
    toArgs: (v: MatchValues) => ({
      depositIds: v.depositIds,
      batchIds: v.batchIds,
      ...(v.note.trim() ? { note: v.note } : {}),
    }),
    defaultValues: EMPTY,
  });
  const { form } = hook;
  const [depositIds, batchIds] = useWatch({ control: form.control, name: ['depositIds', 'batchIds'] });
  const [done, setDone] = useState<string | null>(null);
  const errors = form.formState.errors;

  const toggle = (name: 'depositIds' | 'batchIds', rowId: number) => {
    const now = form.getValues(name);
    const next = now.includes(rowId) ? now.filter((n) => n !== rowId) : [...now, rowId];
    // Once the form was sent, a corrected side is checked again at once (the rule's words go away).
    form.setValue(name, next, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
    setDone(null);
  };

  const currency = deposits[0]?.currency ?? batches[0]?.currency ?? 'USD';
  const depositTotal = deposits
    .filter((d) => depositIds.includes(d.id))
    .reduce((s, d) => s + d.amountMinor, 0);
  const batchTotal = batches.filter((b) => batchIds.includes(b.id)).reduce((s, b) => s + b.netMinor, 0);

  const match = hook.onSubmit(async (args) => {
    setDone(null);
    const { matchId } = await api.invoke('cash.match', args);
    setDone(`Matched (match ${String(matchId)}).`);
    form.reset(EMPTY);
    onMatched();
  });

  return (
    <section className="panel" aria-labelledby="cash-unmatched-title">
      <h2 id="cash-unmatched-title">Unmatched deposits and batches</h2>
      <form onSubmit={(e) => void match(e)} aria-label="Match by hand" noValidate>
        <div className="cards">
          <ManualMatchPicks
            label="Unmatched deposits"
            rows={deposits}
            columns={DEPOSIT_COLUMNS}
            pickLabel={(d) => `Deposit ${d.reference ?? String(d.id)} of ${d.bookingDate}`}
            picked={depositIds}
            onToggle={(rowId) => toggle('depositIds', rowId)}
            error={errors.depositIds?.message}
            errorId={`${id}-deposits-error`}
          />
          <ManualMatchPicks
            label="Unmatched funding batches"
            rows={batches}
            columns={BATCH_COLUMNS}
            pickLabel={(b) => `Batch ${b.batchId} of ${b.fundingDate}`}
            picked={batchIds}
            onToggle={(rowId) => toggle('batchIds', rowId)}
            error={errors.batchIds?.message}
            errorId={`${id}-batches-error`}
          />
        </div>
        <p role="status" aria-live="polite">
          Deposits {formatMoney(depositTotal, currency)} · batches {formatMoney(batchTotal, currency)} ·
          difference {formatMoney(depositTotal - batchTotal, currency)}
        </p>
        <Field of={hook} name="note" label="Why they differ (needed when they do)">
          {(c) => <input {...c} autoComplete="off" />}
        </Field>
        <FormStatus of={hook} note={false} />
        <button type="submit" disabled={form.formState.isSubmitting}>
          Match selected
        </button>
        {done && <p role="status">{done}</p>}
      </form>
    </section>
  );
}
