/** Commands of reconciliation, reports and notifications. */
export const RECONCILIATION_COMMANDS = {} as const;
