import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { SettingsView } from '../../../../shared/commands/settings';
import { errorLeaves } from '../../components/form/error-leaves';
import { Field, FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';
import type { ConnectionDoc } from './connection-draft';
import {
  detailsBinding,
  METHOD_CODES,
  siteProblems,
  TENDERS,
  withoutSite,
  withSite,
  type DetailsDraft,
} from './connection-details-draft';
import { ResultLine, type ActionResult } from './use-action';

const TENDER_LABEL = { card: 'Card', echeck: 'eCheck', manual_check: 'Paper check', cash: 'Cash' } as const;

interface Props {
  view: SettingsView;
  index: number;
  onSaved: (view: SettingsView) => void;
}

/**
 * The rest of a saved connection's fields: currency, duplicate refusal, Epic's paths (its posting API is
 * not public, so they are settings), Oracle Health's tender methods (HL7 v2-0570) and its sites. Checked by
 * the connection's own rules before saving; main's refusals land on their field.
 */
export function ConnectionDetails(props: Props) {
  const connections = (props.view.settings.connections ?? []) as readonly ConnectionDoc[];
  const original = connections[props.index];
  return original ? <DetailsForm {...props} original={original} /> : null;
}

function DetailsForm({ view, index, onSaved, original }: Props & { original: ConnectionDoc }) {
  const api = useApi();
  const hook = useCommandForm(detailsBinding(view, index, original));
  const { form } = hook;
  const [newSite, setNewSite] = useState('');
  const [result, setResult] = useState<ActionResult | null>(null);
  const sites = useWatch({ control: form.control, name: 'sites' });
  const codes = Object.keys(sites);
  const epic = original.ehr === 'epic';
  const busy = form.formState.isSubmitting;
  const problems = siteProblems(errorLeaves(form.formState.errors.sites, 'sites'));
  // Sites are added and removed as a whole; checked again at once when a save was already refused.
  const setSites = (next: DetailsDraft) =>
    form.setValue('sites', next.sites, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });

  const save = hook.onSubmit(async (args, values) => {
    setResult(null);
    const saved = await api.invoke('settings.save', args);
    form.reset(values);
    onSaved(saved);
    setResult({ ok: true, text: `Saved the details of ${original.name}.` });
  });

  return (
    <form
      className="panel"
      onSubmit={(e) => void save(e)}
      aria-label={`Details of ${original.name}`}
      noValidate
    >
      <h3>More settings of {original.name}</h3>
      <FormStatus of={hook} />
      <div className="settings-grid">
        <Field of={hook} name="currency" label="Currency" hint="ISO 4217" />
        <label className="check">
          <input type="checkbox" {...form.register('dedupes')} />
          The EHR refuses a repeated identifier (only when confirmed for this site: otherwise an unclear post
          is held for verification instead of being sent again)
        </label>
        {epic && (
          <>
            <Field of={hook} name="postPath" label="Posting path" />
            <Field of={hook} name="lookupPath" label="Lookup path" />
          </>
        )}
        {!epic &&
          TENDERS.map((tender) => (
            <Field key={tender} of={hook} name={`methods.${tender}`} label={`${TENDER_LABEL[tender]} method`}>
              {(c) => (
                <select {...c}>
                  {METHOD_CODES.map((code) => (
                    <option key={code}>{code}</option>
                  ))}
                </select>
              )}
            </Field>
          ))}
      </div>
      {!epic && (
        <fieldset>
          <legend>Sites</legend>
          <ul>
            {codes.map((code) => (
              <li key={code}>
                <span className="mono">{code}</span>{' '}
                <button
                  type="button"
                  onClick={() => setSites(withoutSite(form.getValues(), code))}
                  disabled={codes.length === 1}
                  aria-label={`Remove site ${code}`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          {problems.length > 0 && (
            <ul className="form-error" data-testid="site-problems">
              {problems.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          )}
          <div className="settings-inline">
            <label className="field">
              <span>New site code</span>
              <input value={newSite} onChange={(e) => setNewSite(e.target.value)} autoComplete="off" />
            </label>
            <button
              type="button"
              disabled={newSite.trim() === '' || newSite.trim() in sites}
              onClick={() => {
                setSites(withSite(form.getValues(), newSite.trim()));
                setNewSite('');
              }}
            >
              Add site
            </button>
          </div>
          <p className="muted">
            A new site starts with the first site’s aliases; edit them above once saved.
          </p>
        </fieldset>
      )}
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save details'}
        </button>
      </div>
      <ResultLine result={result} />
    </form>
  );
}
