import { CellField } from '../../components/form/CellField';
import { SITE_PARTS, type SiteDraft } from './connection-draft';
import type { ConnectionForm } from './ConnectionFields';

const PART_WORDS: Record<keyof SiteDraft, string> = {
  oneTime: 'one-time payment',
  plan: 'payment plan',
  reversal: 'reversal',
  refund: 'refund',
};

/** An Oracle Health connection's sites, each with the alias of every kind of posting. */
export function ConnectionSites({ of, codes }: { of: ConnectionForm; codes: readonly string[] }) {
  return (
    <fieldset className="settings-sites">
      <legend>Oracle Health sites: aliases</legend>
      <table className="settings-table">
        <thead>
          <tr>
            <th scope="col">Site</th>
            <th scope="col">One-time payment</th>
            <th scope="col">Payment plan</th>
            <th scope="col">Reversal</th>
            <th scope="col">Refund</th>
          </tr>
        </thead>
        <tbody>
          {codes.map((code) => (
            <tr key={code}>
              <th scope="row">{code}</th>
              {SITE_PARTS.map((part) => (
                <td key={part}>
                  <CellField
                    of={of}
                    name={`sites.${code}.${part}`}
                    label={`${code} ${PART_WORDS[part]} alias`}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}
