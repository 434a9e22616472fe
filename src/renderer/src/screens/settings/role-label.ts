import type { Role } from '../../../../shared/commands/access';

/** Roles as an administrator reads them. */
export const ROLE_LABEL: Readonly<Record<Role, string>> = {
  viewer: 'Viewer',
  operator: 'Operator',
  supervisor: 'Supervisor',
};
