import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import {
  EHR_LABEL,
  EHR_SYSTEMS,
  EVENT_KIND_LABEL,
  EVENT_KINDS,
  TENDER_LABEL,
  TENDERS,
} from '../../../shared/domain';
import { ApiError } from '../../../shared/api-error';
import { useApi } from '../hooks/api-context';
import { useUi } from '../stores/ui';
import { FacilityField } from '../components/FacilityField';
import { localDayStart } from './exceptions/filter-query';
import { EMPTY, today, type Form } from './manual/manual-form';

/** The date travels as `transactionAt`; every other field under its own name. */
const issueKey = (name: keyof Form): string => (name === 'date' ? 'transactionAt' : name);

/**
 * A payment taken through the manual-payment workflow (at a cashier's window, by mail): recorded as
 * will_not_be_sent, never sent by API, listed in the daily reconciliation file. Recording that an
 * exception was posted by hand happens on the item itself ("Mark manually posted").
 */
export function ManualPayment() {
  const api = useApi();
  const connected = useUi((s) => s.connected);
  const [form, setForm] = useState<Form>(() => ({ ...EMPTY, date: today() }));
  /** The server's refusals by field, shown next to the field they are about. */
  const [issues, setIssues] = useState<Readonly<Record<string, string>>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const field = <K extends keyof Form>(name: K) => ({
    value: form[name],
    onChange: (e: { target: { value: string } }) =>
      setForm((f) => ({ ...f, [name]: e.target.value as Form[K] })),
    'aria-invalid': issues[issueKey(name)] ? true : undefined,
    'aria-describedby': issues[issueKey(name)] ? `issue-${name}` : undefined,
  });
  const issue = (name: keyof Form) =>
    issues[issueKey(name)] ? (
      <span id={`issue-${name}`} className="field-error">
        {issues[issueKey(name)]}
      </span>
    ) : null;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const day = form.date ? localDayStart(form.date) : null;
    setBusy(true);
    setResult(null);
    setIssues({});
    api
      .invoke('payments.enterManual', {
        processorTxnId: form.processorTxnId,
        kind: form.kind,
        tender: form.tender,
        amount: form.amount.replace(/[$,\s]/g, ''),
        ehr: form.ehr,
        facility: form.facility,
        guarantorAccount: form.guarantorAccount,
        ...(form.encounterId.trim() ? { encounterId: form.encounterId } : {}),
        ...(form.checkNumber.trim() ? { checkNumber: form.checkNumber } : {}),
        // Noon keeps the payment on the chosen day in any nearby time zone.
        ...(day !== null ? { transactionAt: day + 12 * 3_600_000 } : {}),
      })
      .then(
        (entered) => {
          setResult({
            ok: true,
            text: entered.awaitingApproval
              ? `Recorded ${form.processorTxnId}, held until a second person approves it (Approvals screen).`
              : `Recorded ${form.processorTxnId} as Will not be sent: it is not sent to ${EHR_LABEL[form.ehr]} and appears in the daily reconciliation file.`,
          });
          setForm({ ...EMPTY, date: today(), ehr: form.ehr, facility: form.facility, tender: form.tender });
        },
        (error: unknown) => {
          setResult({ ok: false, text: error instanceof Error ? error.message : String(error) });
          if (error instanceof ApiError && error.issues) {
            setIssues(Object.fromEntries(error.issues.map((i) => [i.path, i.message])));
          }
        },
      )
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby="manual-title" className="manual">
      <h1 id="manual-title">Manual payment</h1>
      <p className="muted">
        For payments taken through the manual-payment workflow. Never type a card number here: account, check
        and receipt numbers only. To record that a failed item was posted by hand, open it from{' '}
        <Link to="/exceptions">Exceptions</Link> and use “Mark manually posted”.
      </p>
      <form className="form-grid panel" onSubmit={submit} aria-label="Manual payment">
        <label className="field">
          Receipt or transaction number
          <input {...field('processorTxnId')} required maxLength={250} autoComplete="off" />
          {issue('processorTxnId')}
        </label>
        <label className="field">
          Amount
          <input {...field('amount')} required inputMode="decimal" placeholder="125.50" autoComplete="off" />
          {issue('amount')}
        </label>
        <label className="field">
          Kind
          <select {...field('kind')}>
            {EVENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {EVENT_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Tender
          <select {...field('tender')}>
            {TENDERS.map((t) => (
              <option key={t} value={t}>
                {TENDER_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          EHR
          <select {...field('ehr')}>
            {EHR_SYSTEMS.map((e) => (
              <option key={e} value={e}>
                {EHR_LABEL[e]}
              </option>
            ))}
          </select>
        </label>
        <FacilityField
          className="field"
          label="Facility"
          required
          value={form.facility}
          onChange={(facility) => setForm((f) => ({ ...f, facility }))}
          {...(issues.facility ? { describedBy: 'issue-facility', error: issue('facility') } : {})}
        />
        <label className="field">
          Guarantor account
          <input {...field('guarantorAccount')} required maxLength={50} autoComplete="off" />
          {issue('guarantorAccount')}
        </label>
        <label className="field">
          Encounter (optional)
          <input {...field('encounterId')} maxLength={50} autoComplete="off" />
          {issue('encounterId')}
        </label>
        <label className="field">
          Check number (optional)
          <input {...field('checkNumber')} maxLength={30} autoComplete="off" />
          {issue('checkNumber')}
        </label>
        <label className="field">
          Payment date
          <input type="date" {...field('date')} />
          {issue('date')}
        </label>
        <div className="form-actions">
          <button type="submit" disabled={!connected || busy}>
            {busy ? 'Recording…' : 'Record manual payment'}
          </button>
        </div>
        {result && (
          <p className={result.ok ? 'form-ok' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
            {result.text}
          </p>
        )}
      </form>
    </section>
  );
}
