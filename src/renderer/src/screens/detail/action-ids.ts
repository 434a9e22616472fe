/** The element ids the detail screen's keyboard shortcuts move to. */
export const ACTION_IDS = {
  retry: 'action-retry',
  hold: 'action-hold',
  manualRef: 'manual-reference',
  assignee: 'assignee-input',
} as const;
