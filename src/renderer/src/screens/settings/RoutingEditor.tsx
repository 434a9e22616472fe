import { EVENT_KINDS, TENDERS } from '../../../../shared/domain';
import { fromDraft, toDraft, type Rule, type RoutingDoc, type RoutingDraft } from './routing-draft';
import { RoutingRuleRow } from './RoutingRuleRow';
import { Field, SectionForm, type SectionProps } from './section';
import { useSectionDraft } from './use-section-draft';

/** Which channel each payment takes: the first rule that matches its EHR, kind and tender wins. */
export function RoutingEditor(props: SectionProps) {
  const saved = (props.view.settings.routing ?? { rules: [] }) as RoutingDoc;
  const original = toDraft(saved);
  const { draft, setDraft, s, footer } = useSectionDraft<RoutingDraft>(props, 'routing', original);
  const setRule = (index: number, rule: Rule) =>
    setDraft((d) => ({ ...d, rules: d.rules.map((r, i) => (i === index ? rule : r)) }));
  const move = (index: number, by: -1 | 1) =>
    setDraft((d) => {
      const rules = [...d.rules];
      const [rule] = rules.splice(index, 1);
      if (rule) rules.splice(index + by, 0, rule);
      return { ...d, rules };
    });

  const submit = () => void s.save(fromDraft(saved, draft));

  return (
    <SectionForm
      title="Routing"
      testId="routing-editor"
      description="Applies to the next payment admitted; payments already routed keep their channel."
      {...footer}
      onSubmit={submit}
      unplaced={s.unplaced(['routing.rules', 'routing.fileOnlyFacilities'])}
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
          {draft.rules.map((rule, index) => (
            <RoutingRuleRow
              key={index}
              rule={rule}
              index={index}
              last={index === draft.rules.length - 1}
              issue={s.issue}
              onChange={(next) => setRule(index, next)}
              onMove={(by) => move(index, by)}
              onRemove={() => setDraft((d) => ({ ...d, rules: d.rules.filter((_, i) => i !== index) }))}
            />
          ))}
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
