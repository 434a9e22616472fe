/**
 * Electron's transport for the console API, written against the small slice of `ipcMain` it uses so
 * that it carries no `electron` import and runs under test in plain Node.
 */
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type Envelope } from '../../shared/contract';
import type { Caller, Dispatch } from './dispatcher';
import type { EventBus } from '../lib/event-bus';

export interface IpcInvokeEvent {
  /** The frame that sent the message; null when it has navigated away or been destroyed. */
  readonly senderFrame: { readonly url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcTransportOptions {
  readonly ipc: IpcMainLike;
  readonly dispatch: Dispatch;
  readonly bus: EventBus;
  /** Only the app's own renderer may call the API: anything else is refused. */
  readonly isTrustedUrl: (url: string) => boolean;
  /** Sends a pushed event to every open window. */
  readonly broadcast: (channel: string, payload: unknown) => void;
  readonly caller: Caller;
}

export function registerIpcTransport(options: IpcTransportOptions): () => void {
  const { ipc, dispatch, bus } = options;
  ipc.handle(IPC_INVOKE_CHANNEL, async (event, name, args): Promise<Envelope<unknown>> => {
    const url = event.senderFrame?.url ?? '';
    if (!options.isTrustedUrl(url)) {
      return {
        ok: false,
        error: { code: 'forbidden', message: 'This window may not use the Clearpost API' },
      };
    }
    if (typeof name !== 'string') {
      return { ok: false, error: { code: 'unknown_command', message: 'A command name is required' } };
    }
    return dispatch(name, args, options.caller);
  });
  const unsubscribe = bus.subscribe((event, payload) => {
    options.broadcast(IPC_EVENT_CHANNEL, { event, payload });
  });
  return () => {
    unsubscribe();
    ipc.removeHandler(IPC_INVOKE_CHANNEL);
  };
}
