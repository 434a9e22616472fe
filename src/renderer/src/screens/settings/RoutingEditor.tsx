import { useState } from 'react';
import {
  CHANNELS,
  EHR_LABEL,
  EHR_SYSTEMS,
  EVENT_KIND_LABEL,
  EVENT_KINDS,
  TENDER_LABEL,
  TENDERS,
  type Channel,
  type EhrSystem,
  type EventKind,
  type Tender,
} from '../../../../shared/domain';
import { Field, SectionForm, useSectionSave, type SectionProps } from './section';

const CHANNEL_LABEL: Record<Channel, string> = {
  api: 'Post by API',
  daily_file: 'Daily file',
  manual: 'Manual workflow (not sent)',
  exception: 'Exception queue',
};

/** The routing table as src/main/engine/routing.ts declares it; main validates the saved document. */
interface Rule {
  readonly ehr: EhrSystem;
  readonly kinds: readonly EventKind[];
  readonly tenders: readonly Tender[];
  readonly channel: Channel;
  readonly reason?: string;
}
interface RoutingDoc {
  readonly rules: readonly Rule[];
  readonly fileOnlyFacilities?: readonly string[];
  /** Per-site posting-file layouts: not edited here, kept as saved (settings file or API). */
  readonly postingFileFormats?: Readonly<Record<string, unknown>>;
}
interface Draft {
  readonly rules: readonly Rule[];
  readonly fileOnly: string;
}

const toDraft = (r: RoutingDoc): Draft => ({
  rules: r.rules,
  fileOnly: (r.fileOnlyFacilities ?? []).join(', '),
});

const toggle = <T,>(list: readonly T[], item: T, on: boolean, order: readonly T[]): T[] =>
  order.filter((x) => (x === item ? on : list.includes(x)));

/** Which channel each payment takes: the first rule that matches its EHR, kind and tender wins. */
export function RoutingEditor(props: SectionProps) {
  const saved = (props.view.settings.routing ?? { rules: [] }) as RoutingDoc;
  const original = toDraft(saved);
  const [draft, setDraft] = useState<Draft>(original);
  const s = useSectionSave(props, 'routing');
  const dirty = JSON.stringify(draft) !== JSON.stringify(original);
  const setRule = (index: number, rule: Rule) =>
    setDraft((d) => ({ ...d, rules: d.rules.map((r, i) => (i === index ? rule : r)) }));
  const move = (index: number, by: -1 | 1) =>
    setDraft((d) => {
      const rules = [...d.rules];
      const [rule] = rules.splice(index, 1);
      if (rule) rules.splice(index + by, 0, rule);
      return { ...d, rules };
    });

  const submit = () =>
    void s.save({
      rules: draft.rules.map((r) => {
        const reason = r.reason?.trim();
        return {
          ehr: r.ehr,
          kinds: r.kinds,
          tenders: r.tenders,
          channel: r.channel,
          ...(reason ? { reason } : {}),
        };
      }),
      fileOnlyFacilities: draft.fileOnly
        .split(/[,\s]+/)
        .map((f) => f.trim())
        .filter(Boolean),
      // Saving the rules must not drop the sites' posting-file layouts.
      ...(saved.postingFileFormats ? { postingFileFormats: saved.postingFileFormats } : {}),
    });

  return (
    <SectionForm
      title="Routing"
      testId="routing-editor"
      description="Applies to the next payment admitted; payments already routed keep their channel."
      canEdit={props.canEdit}
      onSubmit={submit}
      busy={s.busy}
      dirty={dirty}
      result={s.result}
      unplaced={s.unplaced(['routing.rules', 'routing.fileOnlyFacilities'])}
      onDiscard={() => {
        setDraft(original);
        s.reset();
      }}
    >
      <table className="settings-table routing-table" aria-label="Routing rules">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">EHR</th>
            <th scope="col">Kinds</th>
            <th scope="col">Tenders</th>
            <th scope="col">Channel</th>
            <th scope="col">Reason shown to operators</th>
            <th scope="col">
              <span className="visually-hidden">Order</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {draft.rules.map((rule, index) => {
            const at = `routing.rules.${String(index)}`;
            const name = `Rule ${String(index + 1)}`;
            return (
              <tr key={index}>
                <th scope="row">{index + 1}</th>
                <td>
                  <select
                    value={rule.ehr}
                    onChange={(e) => setRule(index, { ...rule, ehr: e.target.value as EhrSystem })}
                    aria-label={`${name} EHR`}
                  >
                    {EHR_SYSTEMS.map((e) => (
                      <option key={e} value={e}>
                        {EHR_LABEL[e]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <div className="check-list" role="group" aria-label={`${name} kinds`}>
                    {EVENT_KINDS.map((k) => (
                      <label key={k} className="check">
                        <input
                          type="checkbox"
                          checked={rule.kinds.includes(k)}
                          onChange={(e) =>
                            setRule(index, {
                              ...rule,
                              kinds: toggle(rule.kinds, k, e.target.checked, EVENT_KINDS),
                            })
                          }
                        />
                        {EVENT_KIND_LABEL[k]}
                      </label>
                    ))}
                  </div>
                  {s.issue(`${at}.kinds`) && <span className="field-error">{s.issue(`${at}.kinds`)}</span>}
                </td>
                <td>
                  <div className="check-list" role="group" aria-label={`${name} tenders`}>
                    {TENDERS.map((t) => (
                      <label key={t} className="check">
                        <input
                          type="checkbox"
                          checked={rule.tenders.includes(t)}
                          onChange={(e) =>
                            setRule(index, {
                              ...rule,
                              tenders: toggle(rule.tenders, t, e.target.checked, TENDERS),
                            })
                          }
                        />
                        {TENDER_LABEL[t]}
                      </label>
                    ))}
                  </div>
                  {s.issue(`${at}.tenders`) && (
                    <span className="field-error">{s.issue(`${at}.tenders`)}</span>
                  )}
                </td>
                <td>
                  <select
                    value={rule.channel}
                    onChange={(e) => setRule(index, { ...rule, channel: e.target.value as Channel })}
                    aria-label={`${name} channel`}
                  >
                    {CHANNELS.map((c) => (
                      <option key={c} value={c}>
                        {CHANNEL_LABEL[c]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    value={rule.reason ?? ''}
                    onChange={(e) => setRule(index, { ...rule, reason: e.target.value })}
                    aria-label={`${name} reason`}
                    aria-invalid={s.issue(`${at}.reason`) ? true : undefined}
                    autoComplete="off"
                  />
                  {s.issue(`${at}.reason`) && <span className="field-error">{s.issue(`${at}.reason`)}</span>}
                </td>
                <td className="row-actions">
                  <button
                    type="button"
                    onClick={() => move(index, -1)}
                    disabled={index === 0}
                    aria-label={`Move ${name} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    onClick={() => move(index, 1)}
                    disabled={index === draft.rules.length - 1}
                    aria-label={`Move ${name} down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    onClick={() => setDraft((d) => ({ ...d, rules: d.rules.filter((_, i) => i !== index) }))}
                    aria-label={`Remove ${name}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() =>
          setDraft((d) => ({
            ...d,
            rules: [
              ...d.rules,
              { ehr: 'epic', kinds: [...EVENT_KINDS], tenders: [...TENDERS], channel: 'exception' },
            ],
          }))
        }
      >
        Add rule
      </button>
      <Field
        label="File-only facilities"
        error={s.issue('routing.fileOnlyFacilities')}
        hint="their EHR takes files only (Soarian, Revelate); commas between"
      >
        <input
          value={draft.fileOnly}
          onChange={(e) => setDraft((d) => ({ ...d, fileOnly: e.target.value }))}
          autoComplete="off"
        />
      </Field>
    </SectionForm>
  );
}
