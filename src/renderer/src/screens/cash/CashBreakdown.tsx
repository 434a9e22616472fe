import { useState } from 'react';
import { CASH_LINES, CASH_LINE_LABEL, type CashBreakdownRow } from '../../../../shared/commands/cash';
import { formatMoney } from '../../format';

/**
 * The balance per facility and merchant account, over the range or day by day. A deposit is the bank
 * account's: its money is shown at the facilities whose payments its funding batches paid; what no payment
 * accounts for (a deposit matched to nothing, a difference accepted by hand) is the "Unattributed" row.
 */
export function CashBreakdown({
  byDay: days,
  byFacility,
}: {
  byDay: readonly CashBreakdownRow[];
  byFacility: readonly CashBreakdownRow[];
}) {
  const [byDay, setByDay] = useState(false);
  const shown = byDay ? days : byFacility;
  if (days.length === 0) return null;
  return (
    <>
      <h3>
        By facility and merchant account{' '}
        <label className="inline">
          <input type="checkbox" checked={byDay} onChange={(e) => setByDay(e.target.checked)} /> day by day
        </label>
      </h3>
      <table className="grid compact" aria-label="Cash balance by facility">
        <thead>
          <tr>
            {byDay && <th scope="col">Funding day</th>}
            <th scope="col">Facility</th>
            <th scope="col">Merchant account</th>
            {CASH_LINES.map((line) => (
              <th scope="col" className="num" key={line}>
                {CASH_LINE_LABEL[line]}
              </th>
            ))}
            <th scope="col">Variances</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={`${r.currency}:${r.day ?? ''}:${r.facility ?? ''}:${r.merchantId ?? ''}`}>
              {byDay && <td>{r.day}</td>}
              <th scope="row">{r.facility ?? 'Unattributed'}</th>
              <td className="mono">{r.merchantId ?? (r.facility === null ? '—' : 'not funded yet')}</td>
              {CASH_LINES.map((line) => (
                <td className="num" key={line}>
                  {formatMoney(r.lines[line], r.currency)}
                </td>
              ))}
              <td>
                {r.variances.length === 0
                  ? 'none'
                  : r.variances
                      .map(
                        (v) =>
                          `${v.causeText} ${formatMoney(v.amountMinor, r.currency)}${v.unexplained ? ' (needs a person)' : ''}`,
                      )
                      .join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
