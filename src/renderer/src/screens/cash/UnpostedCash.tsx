import { useState } from 'react';
import type { UnpostedCashList, UnpostedCashView } from '../../../../shared/commands/cash';
import { formatMoney } from '../../format';
import { ColumnHeads, num } from '../../components/ColumnHeads';
import { UnpostedFollowUp } from './UnpostedFollowUp';

/** Rows drawn at once: the oldest are the ones to chase; the export has them all. */
const SHOWN = 200;

/**
 * Money received but not (yet) posted in the EHR, oldest first, aged in days, with who follows each payment
 * up, a note and the day to look again. Its total is the number a supervisor watches go to zero.
 */
export function UnpostedCash({ list, onChanged }: { list: UnpostedCashList; onChanged: () => void }) {
  const [editing, setEditing] = useState<UnpostedCashView | null>(null);
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
                  <button type="button" className="link" onClick={() => setEditing(r)}>
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
        <UnpostedFollowUp
          key={editing.eventId}
          row={editing}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
    </section>
  );
}
