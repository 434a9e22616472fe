import { useState } from 'react';
import { CYBERSOURCE_HOSTS } from '../../../../shared/commands/reporting';
import {
  baseUrlOf,
  DEFAULT_SECRET_REF,
  fromReportingDraft,
  toReportingDraft,
  type HostChoice,
  type ReportingDoc,
  type ReportingDraft,
} from './reporting-draft';
import { ReportingOrganizations } from './ReportingOrganizations';
import { ReportingTest } from './ReportingTest';
import { SecretEntry, secretOf } from './SecretEntry';
import { Field, SectionForm, TextField, type SectionProps } from './section';
import { useAction } from './use-action';
import { useSectionDraft } from './use-section-draft';
import { CheckField } from './CheckField';

const HOST_LABEL: Record<HostChoice, string> = {
  test: `Test (${new URL(CYBERSOURCE_HOSTS.test).host})`,
  production: `Production (${new URL(CYBERSOURCE_HOSTS.production).host})`,
  other: 'Another address',
};

/**
 * The Cybersource reporting account the morning backfill and the funding pull use: the API host, merchant
 * id, key id, the shared secret (write-only, sealed in the vault, shown as set / not set), the report and the
 * morning run time; "Test" makes one signed request to the Reporting REST API and says what happened.
 */
export function CybersourceReporting(props: SectionProps) {
  const saved = (props.view.settings.cybersourceReporting ?? null) as ReportingDoc | null;
  const { draft, edit, dirty, s, footer } = useSectionDraft<ReportingDraft>(
    props,
    'cybersourceReporting',
    toReportingDraft(saved),
  );
  const secretRef = saved?.sharedSecretRef ?? DEFAULT_SECRET_REF;
  const secret = secretOf(props.view, secretRef);
  const secretSet = secret?.set ?? false;
  // The secret is sealed for the key id and API address saved with it: a new one of either needs it again.
  const boundChanged =
    saved !== null && (draft.keyId.trim() !== saved.keyId || baseUrlOf(draft) !== saved.baseUrl);
  const secretAction = useAction();
  const [testing, setTesting] = useState(false);

  const submit = () => {
    if (!draft.configured) {
      void s.save(null);
      return;
    }
    const { doc, local } = fromReportingDraft(saved, draft);
    void s.save(doc, local);
  };

  const text = (
    label: string,
    key: 'merchantId' | 'keyId' | 'reportName' | 'webhookId' | 'at',
    hint?: string,
  ) => (
    <TextField
      label={label}
      value={draft[key]}
      onChange={(v) => edit(key, v)}
      error={s.issue(`cybersourceReporting.${key}`)}
      {...(hint ? { hint } : {})}
    />
  );

  return (
    <div className="settings-reporting" data-testid="cybersource-reporting">
      <SectionForm
        title="Cybersource reporting account"
        testId="reporting-settings"
        description="The Reporting REST API account (HTTP Signature) with which Clearpost downloads each morning the previous day's Payment Batch Detail report, imports what the webhooks missed and asks Cybersource to replay failed notifications. The shared secret is kept in the vault and never shown."
        {...footer}
        onSubmit={submit}
        unplaced={s.unplaced([
          'cybersourceReporting.baseUrl',
          'cybersourceReporting.merchantId',
          'cybersourceReporting.keyId',
          'cybersourceReporting.reportName',
          'cybersourceReporting.webhookId',
          'cybersourceReporting.at',
          'cybersourceReporting.organizations',
        ])}
      >
        <CheckField
          label="Use a Cybersource reporting account"
          checked={draft.configured}
          onChange={(v) => edit('configured', v)}
        />
        {draft.configured && (
          <>
            <div className="settings-grid">
              <Field label="API host" error={s.issue('cybersourceReporting.baseUrl')}>
                <select value={draft.host} onChange={(e) => edit('host', e.target.value as HostChoice)}>
                  {(Object.keys(HOST_LABEL) as HostChoice[]).map((h) => (
                    <option key={h} value={h}>
                      {HOST_LABEL[h]}
                    </option>
                  ))}
                </select>
              </Field>
              {draft.host === 'other' && (
                <Field label="API address" error={s.issue('cybersourceReporting.baseUrl')} hint="https://…">
                  <input
                    value={draft.otherUrl}
                    onChange={(e) => edit('otherUrl', e.target.value)}
                    autoComplete="off"
                  />
                </Field>
              )}
              {text('Merchant id', 'merchantId')}
              {text('Key id', 'keyId', "the REST shared secret key's id")}
              {text('Report name', 'reportName', 'as subscribed in the Business Center')}
              {text('Webhook id to replay', 'webhookId', 'optional; empty requests no replay')}
              {text('Morning run time', 'at', 'HH:MM, in the report’s time zone')}
            </div>
            <CheckField
              label="Run the backfill every morning"
              checked={draft.scheduled}
              onChange={(v) => edit('scheduled', v)}
            />
            <ReportingOrganizations
              organizations={draft.organizations}
              onChange={(organizations) => edit('organizations', organizations)}
              issue={s.issue('cybersourceReporting.organizations')}
            />
            {boundChanged && secretSet && (
              <p className="warn" role="note" data-testid="reporting-reentry-warning">
                A new key id or API host needs the shared secret typed again after saving: the stored one is
                only sent to {secret?.boundTo ?? 'the address it was entered for'}.
              </p>
            )}
          </>
        )}
      </SectionForm>

      {props.canEdit && (
        <SecretEntry
          view={props.view}
          onSaved={props.onSaved}
          title="Cybersource shared secret"
          noun="shared secret"
          newLabel="New shared secret"
          vaultRef={secretRef}
          statusTestId="reporting-secret-status"
          explanation={
            saved === null
              ? 'Save the reporting account first: the shared secret is stored for the key id and API host saved with it.'
              : secret?.needsReentry
                ? 'The stored shared secret was entered for another key id or API host than the ones saved now, so Clearpost will not use it. Type it again.'
                : `It signs requests to ${secret?.boundTo ?? 'the API host saved above'} only.`
          }
          blocked={testing || saved === null}
          action={secretAction}
          storedText="Shared secret stored in the vault for this key id and API host."
        />
      )}

      {props.canEdit && (
        <ReportingTest
          dirty={dirty}
          blocked={saved === null || secretAction.busy !== null}
          testing={testing}
          onTesting={setTesting}
        />
      )}
    </div>
  );
}
