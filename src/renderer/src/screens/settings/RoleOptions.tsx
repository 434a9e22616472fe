import { ROLES } from '../../../../shared/commands/access';
import { ROLE_LABEL } from './access-draft';

/** The roles as a role picker's options, by their display names. */
export function RoleOptions() {
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABEL[r]}
        </option>
      ))}
    </>
  );
}
