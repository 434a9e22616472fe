import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import { Link } from 'react-router';
import {
  EHR_LABEL,
  EHR_SYSTEMS,
  EVENT_KIND_LABEL,
  EVENT_KINDS,
  TENDER_LABEL,
  TENDERS,
} from '../../../shared/domain';
import { useApi } from '../hooks/api-context';
import { useUi } from '../stores/ui';
import { Field, FormStatus } from '../components/form/Field';
import { FacilityInput } from '../components/form/FacilityInput';
import { useCommandForm } from '../components/form/use-command-form';
import { Options } from '../components/Options';
import { EMPTY, MANUAL_FIELDS, manualPaymentArgs, today, type Form } from './manual/manual-form';

/**
 * A payment taken through the manual-payment workflow (at a cashier's window, by mail): recorded as
 * will_not_be_sent, never sent by API, listed in the daily reconciliation file. Recording that an
 * exception was posted by hand happens on the item itself ("Mark manually posted").
 */
export function ManualPayment() {
  const api = useApi();
  const connected = useUi((s) => s.connected);
  const [defaults] = useState<Form>(() => ({ ...EMPTY, date: today() }));
  const payment = useCommandForm({
    command: 'payments.enterManual',
    toArgs: manualPaymentArgs,
    fields: MANUAL_FIELDS,
    defaultValues: defaults,
  });
  const { form } = payment;
  const [recorded, setRecorded] = useState<string | null>(null);
  const facility = useWatch({ control: form.control, name: 'facility' });
  const busy = form.formState.isSubmitting;

  const submit = payment.onSubmit(async (args, values) => {
    setRecorded(null);
    const entered = await api.invoke('payments.enterManual', args);
    setRecorded(
      entered.awaitingApproval
        ? `Recorded ${values.processorTxnId}, held until a second person approves it (Approvals screen).`
        : `Recorded ${values.processorTxnId} as Will not be sent: it is not sent to ${EHR_LABEL[values.ehr]} and appears in the daily reconciliation file.`,
    );
    // The next payment of the same batch is likely for the same EHR, facility and tender.
    form.reset({
      ...EMPTY,
      date: today(),
      ehr: values.ehr,
      facility: values.facility,
      tender: values.tender,
    });
  });

  return (
    <section aria-labelledby="manual-title" className="manual">
      <h1 id="manual-title">Manual payment</h1>
      <p className="muted">
        For payments taken through the manual-payment workflow. Never type a card number here: account, check
        and receipt numbers only. To record that a failed item was posted by hand, open it from{' '}
        <Link to="/exceptions">Exceptions</Link> and use “Mark manually posted”.
      </p>
      <form
        className="form-grid panel"
        onSubmit={(e) => void submit(e)}
        aria-label="Manual payment"
        noValidate
      >
        <FormStatus of={payment} />
        <Field of={payment} name="processorTxnId" label="Receipt or transaction number" />
        <Field of={payment} name="amount" label="Amount" hint="In dollars and cents, e.g. 125.50">
          {(c) => <input {...c} inputMode="decimal" placeholder="125.50" autoComplete="off" />}
        </Field>
        <Field of={payment} name="kind" label="Kind">
          {(c) => (
            <select {...c}>
              <Options values={EVENT_KINDS} labels={EVENT_KIND_LABEL} />
            </select>
          )}
        </Field>
        <Field of={payment} name="tender" label="Tender">
          {(c) => (
            <select {...c}>
              <Options values={TENDERS} labels={TENDER_LABEL} />
            </select>
          )}
        </Field>
        <Field of={payment} name="ehr" label="EHR">
          {(c) => (
            <select {...c}>
              <Options values={EHR_SYSTEMS} labels={EHR_LABEL} />
            </select>
          )}
        </Field>
        <Field of={payment} name="facility" label="Facility">
          {(c) => <FacilityInput control={c} value={facility} />}
        </Field>
        <Field of={payment} name="guarantorAccount" label="Guarantor account" />
        <Field of={payment} name="encounterId" label="Encounter (optional)" />
        <Field of={payment} name="checkNumber" label="Check number (optional)" />
        <Field of={payment} name="date" label="Payment date">
          {(c) => <input {...c} type="date" />}
        </Field>
        <div className="form-actions">
          <button type="submit" disabled={!connected || busy}>
            {busy ? 'Recording…' : 'Record manual payment'}
          </button>
        </div>
        {recorded && (
          <p className="form-ok" role="status">
            {recorded}
          </p>
        )}
      </form>
    </section>
  );
}
