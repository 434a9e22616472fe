import { useState, type SyntheticEvent } from 'react';
import type { SettingsView } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';
import type { ConnectionDoc } from './connection-draft';
import {
  fromDetailsDraft,
  METHOD_CODES,
  TENDERS,
  toDetailsDraft,
  withoutSite,
  withSite,
  type DetailsDraft,
} from './connection-details-draft';
import { Field } from './section';
import { ResultLine, useAction } from './use-action';

const TENDER_LABEL = { card: 'Card', echeck: 'eCheck', manual_check: 'Paper check', cash: 'Cash' } as const;

/**
 * The rest of a saved connection's fields: currency, duplicate refusal, Epic's paths (its posting API is
 * not public, so they are settings), Oracle Health's tender methods (HL7 v2-0570) and its sites.
 */
export function ConnectionDetails({
  view,
  index,
  onSaved,
}: {
  view: SettingsView;
  index: number;
  onSaved: (view: SettingsView) => void;
}) {
  const api = useApi();
  const connections = (view.settings.connections ?? []) as readonly ConnectionDoc[];
  const original = connections[index];
  const [draft, setDraft] = useState<DetailsDraft | null>(original ? toDetailsDraft(original) : null);
  const [newSite, setNewSite] = useState('');
  const action = useAction();
  if (!original || !draft) return null;
  const epic = original.ehr === 'epic';
  const set = (patch: Partial<DetailsDraft>) => setDraft((d) => (d ? { ...d, ...patch } : d));

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    const connection = fromDetailsDraft(original, draft);
    void action.run('save', async () => {
      const saved = await api.invoke('settings.save', {
        settings: {
          ...view.settings,
          connections: connections.map((c, i) => (i === index ? connection : c)),
        },
      });
      onSaved(saved);
      return `Saved the details of ${original.name}.`;
    });
  };

  return (
    <form className="panel" onSubmit={save} aria-label={`Details of ${original.name}`} noValidate>
      <h3>More settings of {original.name}</h3>
      <div className="settings-grid">
        <Field label="Currency" error={undefined} hint="ISO 4217">
          <input
            value={draft.currency}
            onChange={(e) => set({ currency: e.target.value })}
            autoComplete="off"
          />
        </Field>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.dedupes}
            onChange={(e) => set({ dedupes: e.target.checked })}
          />
          The EHR refuses a repeated identifier (only when confirmed for this site: otherwise an unclear post
          is held for verification instead of being sent again)
        </label>
        {epic && (
          <>
            <Field label="Posting path" error={undefined}>
              <input
                value={draft.postPath}
                onChange={(e) => set({ postPath: e.target.value })}
                autoComplete="off"
              />
            </Field>
            <Field label="Lookup path" error={undefined}>
              <input
                value={draft.lookupPath}
                onChange={(e) => set({ lookupPath: e.target.value })}
                autoComplete="off"
              />
            </Field>
          </>
        )}
        {!epic &&
          TENDERS.map((tender) => (
            <label className="field" key={tender}>
              <span>{TENDER_LABEL[tender]} method</span>
              <select
                value={draft.methods[tender]}
                onChange={(e) => set({ methods: { ...draft.methods, [tender]: e.target.value } })}
              >
                {METHOD_CODES.map((code) => (
                  <option key={code}>{code}</option>
                ))}
              </select>
            </label>
          ))}
      </div>
      {!epic && (
        <fieldset>
          <legend>Sites</legend>
          <ul>
            {Object.keys(draft.sites).map((code) => (
              <li key={code}>
                <span className="mono">{code}</span>{' '}
                <button
                  type="button"
                  onClick={() => setDraft(withoutSite(draft, code))}
                  disabled={Object.keys(draft.sites).length === 1}
                  aria-label={`Remove site ${code}`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <div className="settings-inline">
            <label className="field">
              <span>New site code</span>
              <input value={newSite} onChange={(e) => setNewSite(e.target.value)} autoComplete="off" />
            </label>
            <button
              type="button"
              disabled={newSite.trim() === '' || newSite.trim() in draft.sites}
              onClick={() => {
                setDraft(withSite(draft, newSite.trim()));
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
        <button type="submit" disabled={action.busy !== null}>
          {action.busy ? 'Saving…' : 'Save details'}
        </button>
      </div>
      <ResultLine result={action.result} />
    </form>
  );
}
