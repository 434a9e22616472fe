/**
 * The only bridge between the sandboxed renderer and main: `window.api = { invoke, on }`, typed from the
 * console contract. No other Electron or Node object crosses.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeApi, Envelope, EventName, Events } from '../shared/contract';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/ipc';

const api: BridgeApi = {
  invoke: (name, args) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, name, args) as Promise<Envelope<unknown>>,
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
    const relay = (_event: IpcRendererEvent, message: { event: EventName; payload: unknown }) => {
      if (message.event === event) listener(message.payload as Events[E]);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, relay);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
