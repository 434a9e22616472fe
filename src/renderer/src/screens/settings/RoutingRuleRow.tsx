import {
  CHANNELS,
  EVENT_KIND_LABEL,
  EVENT_KINDS,
  TENDER_LABEL,
  TENDERS,
  type Channel,
} from '../../../../shared/domain';
import { CHANNEL_LABEL, toggle, type Rule } from './routing-draft';
import { EhrSelect } from './EhrSelect';

/** One routing rule as a table row: its EHR, kinds, tenders, channel and reason, and its order buttons. */
export function RoutingRuleRow({
  rule,
  index,
  last,
  issue,
  onChange,
  onMove,
  onRemove,
}: {
  rule: Rule;
  index: number;
  last: boolean;
  /** The save's message for a settings path, if any. */
  issue: (path: string) => string | undefined;
  onChange: (rule: Rule) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const at = `routing.rules.${String(index)}`;
  const name = `Rule ${String(index + 1)}`;
  return (
    <tr>
      <th scope="row">{index + 1}</th>
      <td>
        <EhrSelect value={rule.ehr} label={`${name} EHR`} onChange={(ehr) => onChange({ ...rule, ehr })} />
      </td>
      <td>
        <CheckList
          label={`${name} kinds`}
          all={EVENT_KINDS}
          words={EVENT_KIND_LABEL}
          chosen={rule.kinds}
          onChange={(kinds) => onChange({ ...rule, kinds })}
          error={issue(`${at}.kinds`)}
        />
      </td>
      <td>
        <CheckList
          label={`${name} tenders`}
          all={TENDERS}
          words={TENDER_LABEL}
          chosen={rule.tenders}
          onChange={(tenders) => onChange({ ...rule, tenders })}
          error={issue(`${at}.tenders`)}
        />
      </td>
      <td>
        <select
          value={rule.channel}
          onChange={(e) => onChange({ ...rule, channel: e.target.value as Channel })}
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
          onChange={(e) => onChange({ ...rule, reason: e.target.value })}
          aria-label={`${name} reason`}
          aria-invalid={issue(`${at}.reason`) ? true : undefined}
          autoComplete="off"
        />
        {issue(`${at}.reason`) && <span className="field-error">{issue(`${at}.reason`)}</span>}
      </td>
      <td className="row-actions">
        <button
          type="button"
          onClick={() => onMove(-1)}
          disabled={index === 0}
          aria-label={`Move ${name} up`}
        >
          ↑
        </button>
        <button type="button" onClick={() => onMove(1)} disabled={last} aria-label={`Move ${name} down`}>
          ↓
        </button>
        <button type="button" onClick={onRemove} aria-label={`Remove ${name}`}>
          Remove
        </button>
      </td>
    </tr>
  );
}

/** Which of `all` a rule matches, one checkbox each, kept in the order of `all`. */
function CheckList<T extends string>({
  label,
  all,
  words,
  chosen,
  onChange,
  error,
}: {
  label: string;
  all: readonly T[];
  words: Readonly<Record<T, string>>;
  chosen: readonly T[];
  onChange: (chosen: T[]) => void;
  error: string | undefined;
}) {
  return (
    <>
      <div className="check-list" role="group" aria-label={label}>
        {all.map((item) => (
          <label key={item} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(item)}
              onChange={(e) => onChange(toggle(chosen, item, e.target.checked, all))}
            />
            {words[item]}
          </label>
        ))}
      </div>
      {error && <span className="field-error">{error}</span>}
    </>
  );
}
