/** The IPC channels the preload and main agree on (no imports: the sandboxed preload loads this). */
export const IPC_INVOKE_CHANNEL = 'clearpost:invoke';
export const IPC_EVENT_CHANNEL = 'clearpost:event';
