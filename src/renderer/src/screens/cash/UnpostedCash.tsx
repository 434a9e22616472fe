import { useState, type SyntheticEvent } from 'react';
import type { UnpostedCashList, UnpostedCashView } from '../../../../shared/commands/cash';
import { useApi } from '../../hooks/api-context';
import { formatMoney } from '../../format';
import { ColumnHeads, num } from '../../components/ColumnHeads';
import { ActionOutcome } from '../../components/ActionOutcome';

/** Rows drawn at once: the oldest are the ones to chase; the export has them all. */
const SHOWN = 200;

/**
 * Money received but not (yet) posted in the EHR, oldest first, aged in days, with who follows each payment
 * up, a note and the day to look again. Its total is the number a supervisor watches go to zero.
 */
export function UnpostedCash({ list, onChanged }: { list: UnpostedCashList; onChanged: () => void }) {
  const api = useApi();
  const [editing, setEditing] = useState<UnpostedCashView | null>(null);
  const [owner, setOwner] = useState('');
  const [note, setNote] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [error, setError] = useState<string | null>(null);
  const edit = (row: UnpostedCashView) => {
    setEditing(row);
    setOwner(row.owner ?? '');
    setNote(row.note ?? '');
    setFollowUp(row.followUp ?? '');
    setError(null);
  };
  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!editing) return;
    if (!owner.trim()) {
      setError('Name the owner first.');
      return;
    }
    api
      .invoke('cash.unposted.assign', {
        eventId: editing.eventId,
        owner: owner.trim(),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(followUp ? { followUp } : {}),
      })
      .then(() => {
        setEditing(null);
        onChanged();
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const total =
    list.totals.length === 0
      ? 'none'
      : list.totals
          .map((t) => `${formatMoney(t.amountMinor, t.currency)} in ${String(t.count)} payment(s)`)
          .join(' · ');

  return (
    <section className="panel" aria-labelledby="cash-unposted-title">
      <h2 id="cash-unposted-title">Unposted cash</h2>
      <p role="status" aria-label="Unposted cash total">
        Received but not posted in the EHR on {list.asOf}: <strong>{total}</strong>
      </p>
      {list.rows.length > 0 && (
        <table className="grid compact" aria-label="Unposted cash">
          <ColumnHeads
            columns={[
              'Received',
              num('Age (days)'),
              'Facility',
              'Payment',
              'Tender',
              num('Amount'),
              'Posting',
              'Owner',
              'Follow-up',
              'Note',
              { label: 'Actions', hidden: true },
            ]}
          />
          <tbody>
            {list.rows.slice(0, SHOWN).map((r) => (
              <tr key={r.eventId}>
                <td>{r.receivedDate}</td>
                <td className="num">{r.ageDays}</td>
                <td>{r.facility}</td>
                <td className="mono">{r.processorTxnId}</td>
                <td>{r.tender}</td>
                <td className="num">{formatMoney(r.amountMinor, r.currency)}</td>
                <td>{r.postingStatus ?? 'not created'}</td>
                <td>{r.owner ?? '—'}</td>
                <td>{r.followUp ?? '—'}</td>
                <td>{r.note ?? ''}</td>
                <td>
                  <button type="button" className="link" onClick={() => edit(r)}>
                    Follow up
                    <span className="visually-hidden"> payment {r.processorTxnId}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.rows.length > SHOWN && (
        <p className="muted">
          The {String(SHOWN)} oldest of {String(list.rows.length)} are shown; the cash export lists them all.
        </p>
      )}
      {editing && (
        <form
          className="filters"
          onSubmit={save}
          aria-label={`Follow-up of payment ${editing.processorTxnId}`}
        >
          <label>
            Owner
            <input value={owner} onChange={(e) => setOwner(e.target.value)} maxLength={100} required />
          </label>
          <label>
            Follow up on
            <input type="date" value={followUp} onChange={(e) => setFollowUp(e.target.value)} />
          </label>
          <label>
            Note
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
          </label>
          <button type="submit">Save</button>
          <button type="button" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </form>
      )}
      <ActionOutcome error={error} />
    </section>
  );
}
