import { EHR_LABEL, EHR_SYSTEMS, type EhrSystem } from '../../../../shared/domain';
import type { RulesPartProps } from './use-rules-draft';

/** The facility and EHR given to payments that name none (without them such payments wait in quarantine). */
export function IntakeDefaults({
  editing: { draft, edit },
  marks: { issue, invalid },
  canEdit,
}: RulesPartProps) {
  return (
    <fieldset disabled={!canEdit}>
      <legend>Payments that name no facility or EHR</legend>
      <div className="form-grid">
        <label className="field">
          <span>Default facility</span>
          <input
            value={draft.defaultFacility}
            onChange={(e) => edit({ defaultFacility: e.target.value })}
            maxLength={100}
            autoComplete="off"
            placeholder="None: such payments wait in quarantine"
            {...invalid('defaultFacility')}
          />
          {issue('defaultFacility')}
        </label>
        <label className="field">
          <span>Default EHR</span>
          <select
            value={draft.defaultEhr}
            onChange={(e) => edit({ defaultEhr: e.target.value as EhrSystem | '' })}
            {...invalid('defaultEhr')}
          >
            <option value="">None: such payments wait in quarantine</option>
            {EHR_SYSTEMS.map((e) => (
              <option key={e} value={e}>
                {EHR_LABEL[e]}
              </option>
            ))}
          </select>
          {issue('defaultEhr')}
        </label>
      </div>
    </fieldset>
  );
}
