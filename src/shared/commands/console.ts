/** Commands of the operator console's screens (exception queue views, bulk actions, manual payments). */
export const CONSOLE_COMMANDS = {} as const;
