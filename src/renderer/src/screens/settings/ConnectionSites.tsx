import { siteField, type SiteDraft } from './connection-draft';

const PARTS = ['oneTime', 'plan', 'reversal', 'refund'] as const;
const PART_WORDS: Record<(typeof PARTS)[number], string> = {
  oneTime: 'one-time payment',
  plan: 'payment plan',
  reversal: 'reversal',
  refund: 'refund',
};

/** An Oracle Health connection's sites, each with the alias of every kind of posting. */
export function ConnectionSites({
  sites,
  issues,
  onChange,
}: {
  sites: Readonly<Record<string, SiteDraft>>;
  issues: Readonly<Record<string, string>>;
  onChange: (code: string, part: keyof SiteDraft, value: string) => void;
}) {
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
          {Object.entries(sites).map(([code, site]) => (
            <tr key={code}>
              <th scope="row">{code}</th>
              {PARTS.map((part) => {
                const error = issues[siteField(code, part)];
                return (
                  <td key={part}>
                    <input
                      value={site[part]}
                      onChange={(e) => onChange(code, part, e.target.value)}
                      aria-label={`${code} ${PART_WORDS[part]} alias`}
                      aria-invalid={error ? true : undefined}
                      autoComplete="off"
                    />
                    {error && <span className="field-error">{error}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}
