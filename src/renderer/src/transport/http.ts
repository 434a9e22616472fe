/** The console API over serve mode's HTTP + Server-Sent Events, for the same screens in a browser. */
import { ApiError, type Envelope } from '../../../shared/api-error';
import type { ConsoleApi, EventName, Events } from '../../../shared/contract';
import { SseParser } from '../../../shared/sse';

export type ConnectionListener = (connected: boolean) => void;

export interface HttpApi extends ConsoleApi {
  onConnection(listener: ConnectionListener): () => void;
  close(): void;
}

export interface HttpApiOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
  /** Delay before reconnecting a dropped event stream. */
  readonly reconnectMs?: number;
}

export function createHttpApi(options: HttpApiOptions): HttpApi {
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  const auth = { Authorization: `Bearer ${options.token}` };
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const connectionListeners = new Set<ConnectionListener>();
  let stream: AbortController | null = null;
  let closed = false;
  // A function, not the variable: `close()` flips it while `connect` awaits.
  const isClosed = () => closed;

  const setConnected = (connected: boolean) => {
    for (const listener of connectionListeners) listener(connected);
  };

  const dispatchMessage = (event: string, data: string) => {
    const set = listeners.get(event as EventName);
    if (!set) return;
    const payload = JSON.parse(data) as never;
    for (const listener of set) listener(payload);
  };

  const connect = async () => {
    while (!isClosed()) {
      const controller = new AbortController();
      stream = controller;
      try {
        const response = await doFetch(`${options.baseUrl}/api/events`, {
          headers: auth,
          signal: controller.signal,
        });
        if (!response.ok || !response.body)
          throw new Error(`event stream answered ${String(response.status)}`);
        setConnected(true);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        const parser = new SseParser();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          for (const message of parser.push(value)) dispatchMessage(message.event, message.data);
        }
      } catch {
        // Dropped or refused: fall through to reconnect.
      }
      if (isClosed()) return;
      setConnected(false);
      await new Promise((resolve) => setTimeout(resolve, options.reconnectMs ?? 2000));
    }
  };

  return {
    async invoke(name, args) {
      const response = await doFetch(`${options.baseUrl}/api/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(args),
      });
      let envelope: Envelope<never>;
      try {
        envelope = (await response.json()) as Envelope<never>;
      } catch {
        throw new ApiError({
          code: 'unavailable',
          message: `Clearpost answered ${String(response.status)} without a body`,
        });
      }
      if (!envelope.ok) throw new ApiError(envelope.error);
      return envelope.result;
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      if (!stream) void connect();
      return () => {
        set.delete(listener);
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      stream?.abort();
    },
  };
}
