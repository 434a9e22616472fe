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
} from '../../../../shared/domain';
import { CHANNEL_LABEL, toggle, type Rule } from './routing-draft';

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
        <select
          value={rule.ehr}
          onChange={(e) => onChange({ ...rule, ehr: e.target.value as EhrSystem })}
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
                  onChange({
                    ...rule,
                    kinds: toggle(rule.kinds, k, e.target.checked, EVENT_KINDS),
                  })
                }
              />
              {EVENT_KIND_LABEL[k]}
            </label>
          ))}
        </div>
        {issue(`${at}.kinds`) && <span className="field-error">{issue(`${at}.kinds`)}</span>}
      </td>
      <td>
        <div className="check-list" role="group" aria-label={`${name} tenders`}>
          {TENDERS.map((t) => (
            <label key={t} className="check">
              <input
                type="checkbox"
                checked={rule.tenders.includes(t)}
                onChange={(e) =>
                  onChange({
                    ...rule,
                    tenders: toggle(rule.tenders, t, e.target.checked, TENDERS),
                  })
                }
              />
              {TENDER_LABEL[t]}
            </label>
          ))}
        </div>
        {issue(`${at}.tenders`) && <span className="field-error">{issue(`${at}.tenders`)}</span>}
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
