/** The words of the offline state, shown by the banner and returned by every refused action. */
export function offlineLabel(syncedAt: number | null, timeZone?: string): string {
  if (syncedAt === null)
    return 'Offline — the service has not been reached from this computer yet; actions are disabled';
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(syncedAt);
  return `Offline — showing the service's state at ${time}; actions are disabled`;
}
