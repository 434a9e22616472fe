/** The console API over serve mode's HTTP + Server-Sent Events, for the same screens in a browser. */
import { ApiError, type Envelope } from '../../../shared/api-error';
import type { Identity } from '../../../shared/commands/access';
import type { ConsoleApi, EventName, Events } from '../../../shared/contract';
import { SseParser } from '../../../shared/sse';

export type ConnectionListener = (connected: boolean) => void;

/** Serve mode's operator sign-in: the session lives in an HttpOnly cookie the page never reads. */
export interface SessionApi {
  signIn(username: string, password: string): Promise<Identity & { readonly expiresAt: number }>;
  signOut(): Promise<void>;
  /** Called when a command is refused because nobody is signed in (or the session ended). */
  onUnauthorized(listener: (message: string) => void): () => void;
}

export interface HttpApi extends ConsoleApi, SessionApi {
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
  const unauthorizedListeners = new Set<(message: string) => void>();
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

  const post = async <T>(path: string, args: unknown): Promise<T> => {
    const response = await doFetch(`${options.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
      // The session cookie (HttpOnly, SameSite=Strict) goes with every call.
      credentials: 'same-origin',
    });
    let envelope: Envelope<T>;
    try {
      envelope = (await response.json()) as Envelope<T>;
    } catch {
      throw new ApiError({
        code: 'unavailable',
        message: `Clearpost answered ${String(response.status)} without a body`,
      });
    }
    if (!envelope.ok) throw new ApiError(envelope.error);
    return envelope.result;
  };

  return {
    async invoke(name, args) {
      try {
        return await post<never>(`/api/${encodeURIComponent(name)}`, args);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'unauthorized') {
          for (const listener of unauthorizedListeners) listener(error.message);
        }
        throw error;
      }
    },
    signIn: (username, password) =>
      post<Identity & { readonly expiresAt: number }>('/auth/sign-in', { username, password }),
    async signOut() {
      await post<unknown>('/auth/sign-out', {});
    },
    onUnauthorized(listener) {
      unauthorizedListeners.add(listener);
      return () => {
        unauthorizedListeners.delete(listener);
      };
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
