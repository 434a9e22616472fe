/** The console API over serve mode's HTTP + Server-Sent Events, for the same screens in a browser. */
import { ApiError, type Envelope } from '../../../shared/api-error';
import type { Identity } from '../../../shared/commands/access';
import type { ConsoleApi, EventName, Events } from '../../../shared/contract';
import { SseParser } from '../../../shared/sse';

export type ConnectionListener = (connected: boolean) => void;

export type ConsoleAccessState = 'first-supervisor' | 'sign-in' | 'recover';

/**
 * Serve mode's operator sign-in. The session id is kept in the tab's sessionStorage and sent in a header,
 * never in a cookie: cookies on 127.0.0.1 reach every other local port (RFC 6265 section 8.5).
 */
export interface SessionApi {
  /** Whether this tab holds a session id (it may still have ended on the server). */
  hasSession(): boolean;
  /** What to show without a session: first-supervisor set-up, sign-in, or how to recover. */
  accessState(): Promise<{ readonly state: ConsoleAccessState; readonly message: string }>;
  signIn(username: string, password: string): Promise<Identity & { readonly expiresAt: number }>;
  createFirstSupervisor(
    username: string,
    password: string,
  ): Promise<Identity & { readonly expiresAt: number }>;
  /** Ends the session on the server and forgets it here. */
  signOut(): Promise<void>;
  /** Called when a command is refused because nobody is signed in (or the session ended). */
  onUnauthorized(listener: (message: string) => void): () => void;
}

export interface HttpApi extends ConsoleApi, SessionApi {
  onConnection(listener: ConnectionListener): () => void;
  /**
   * A generated report file from the server's reports folder, fetched with this tab's headers (a link
   * cannot carry them; the credentials never go in a cookie).
   */
  download(fileName: string): Promise<Blob>;
  close(): void;
}

export interface HttpApiOptions {
  readonly baseUrl: string;
  readonly token: string;
  /** Where the session id is kept: the tab's sessionStorage in the console, memory when absent. */
  readonly storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  readonly fetch?: typeof fetch;
  /** Delay before reconnecting a dropped event stream. */
  readonly reconnectMs?: number;
}

const SESSION_KEY = 'clearpost.session';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

type SignedIn = Identity & { readonly expiresAt: number; readonly sessionId: string };

export function createHttpApi(options: HttpApiOptions): HttpApi {
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  const storage = options.storage ?? memoryStorage();
  // Read at every request: signing in or out changes the headers of every later call and stream.
  const auth = (): Record<string, string> => {
    const session = storage.getItem(SESSION_KEY);
    return session
      ? { Authorization: `Bearer ${options.token}`, 'X-Clearpost-Session': session }
      : { Authorization: `Bearer ${options.token}` };
  };
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
        // fetch rather than EventSource: EventSource cannot send headers, and the credentials go only in
        // headers (see SessionApi).
        const response = await doFetch(`${options.baseUrl}/api/events`, {
          headers: auth(),
          signal: controller.signal,
          credentials: 'omit',
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
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
      credentials: 'omit',
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

  const startSession = async (path: string, username: string, password: string) => {
    const { sessionId, ...identity } = await post<SignedIn>(path, { username, password });
    storage.setItem(SESSION_KEY, sessionId);
    stream?.abort();
    return identity;
  };

  const download = async (fileName: string): Promise<Blob> => {
    const response = await doFetch(`${options.baseUrl}/api/download/${encodeURIComponent(fileName)}`, {
      headers: auth(),
      credentials: 'omit',
    });
    if (response.ok) return response.blob();
    let envelope: Envelope<never> | null = null;
    try {
      envelope = (await response.json()) as Envelope<never>;
    } catch {
      // No JSON body: the status says enough.
    }
    throw new ApiError(
      envelope && !envelope.ok
        ? envelope.error
        : { code: 'unavailable', message: `Clearpost answered ${String(response.status)}` },
    );
  };

  return {
    download,
    async invoke(name, args) {
      try {
        return await post<never>(`/api/${encodeURIComponent(name)}`, args);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'unauthorized') {
          // The session ended (signed out elsewhere, expired, account changed): forget it.
          storage.removeItem(SESSION_KEY);
          for (const listener of unauthorizedListeners) listener(error.message);
        }
        throw error;
      }
    },
    hasSession: () => storage.getItem(SESSION_KEY) !== null,
    accessState: () =>
      post<{ readonly state: ConsoleAccessState; readonly message: string }>('/auth/state', {}),
    signIn: (username, password) => startSession('/auth/sign-in', username, password),
    createFirstSupervisor: (username, password) => startSession('/auth/first-supervisor', username, password),
    async signOut() {
      try {
        await post<unknown>('/auth/sign-out', {});
      } finally {
        storage.removeItem(SESSION_KEY);
        // The server closes the stream; the next one starts with the next session's headers.
        stream?.abort();
      }
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
