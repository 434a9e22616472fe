/** The Cybersource organizations whose reports the backfill reads: each with its facility and EHR. */
import { EHR_LABEL, EHR_SYSTEMS, type EhrSystem } from '../../../../shared/domain';
import { SavedTable } from './SavedTable';
import { emptyOrganization, type OrganizationDraft } from './reporting-draft';

export function ReportingOrganizations({
  organizations,
  onChange,
  issue,
}: {
  readonly organizations: readonly OrganizationDraft[];
  readonly onChange: (organizations: OrganizationDraft[]) => void;
  readonly issue: string | undefined;
}) {
  const editOrganization = (index: number, change: Partial<OrganizationDraft>) =>
    onChange(organizations.map((o, i) => (i === index ? { ...o, ...change } : o)));
  return (
    <>
      <SavedTable
        label="Cybersource organizations"
        columns={['Organization id', 'Facility', 'EHR']}
        rows={organizations.map((o, i) => ({ o, i }))}
        keyOf={({ i }) => String(i)}
        cells={({ o, i }) => (
          <>
            <td>
              <input
                aria-label={`Organization id ${String(i + 1)}`}
                value={o.organizationId}
                onChange={(e) => editOrganization(i, { organizationId: e.target.value })}
                autoComplete="off"
              />
            </td>
            <td>
              <input
                aria-label={`Facility of organization ${String(i + 1)}`}
                value={o.facility}
                onChange={(e) => editOrganization(i, { facility: e.target.value })}
                autoComplete="off"
              />
            </td>
            <td>
              <select
                aria-label={`EHR of organization ${String(i + 1)}`}
                value={o.ehr}
                onChange={(e) => editOrganization(i, { ehr: e.target.value as EhrSystem })}
              >
                {EHR_SYSTEMS.map((e) => (
                  <option key={e} value={e}>
                    {EHR_LABEL[e]}
                  </option>
                ))}
              </select>
            </td>
          </>
        )}
        actions={({ i }) => (
          <button
            type="button"
            disabled={organizations.length === 1}
            onClick={() => onChange(organizations.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        )}
      />
      {issue && <p className="field-error">{issue}</p>}
      <button type="button" onClick={() => onChange([...organizations, emptyOrganization()])}>
        Add an organization
      </button>
    </>
  );
}
