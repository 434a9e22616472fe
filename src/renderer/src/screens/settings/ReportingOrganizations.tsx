/** The Cybersource organizations whose reports the backfill reads: each with its facility and EHR. */
import { EhrSelect } from './EhrSelect';
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
              <EhrSelect
                value={o.ehr}
                label={`EHR of organization ${String(i + 1)}`}
                onChange={(ehr) => editOrganization(i, { ehr })}
              />
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
