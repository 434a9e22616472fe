/**
 * Picks the transport once: Electron's preload bridge when present, otherwise serve mode's HTTP + SSE.
 * Screens import `api` and never know which one they got.
 */
import { ApiError, type Envelope } from '../../../shared/api-error';
import type { BridgeApi, ConsoleApi } from '../../../shared/contract';
import { createHttpApi, type ConnectionListener, type SessionApi } from './http';
import { tokenNeeded } from './token-needed';

export interface Transport {
  readonly api: ConsoleApi;
  readonly kind: 'ipc' | 'http';
  onConnection(listener: ConnectionListener): () => void;
  /** Serve mode only: operator sign-in. */
  readonly session?: SessionApi;
}

const TOKEN_KEY = 'clearpost.token';

function bridgeApi(bridge: BridgeApi): ConsoleApi {
  return {
    async invoke(name, args) {
      const envelope = (await bridge.invoke(name, args)) as Envelope<never>;
      if (!envelope.ok) throw new ApiError(envelope.error);
      return envelope.result;
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

/** Reads the console token from the URL once, keeps it for the tab, and removes it from the address bar. */
export function takeToken(location: Location, storage: Storage, history: History): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const search = params.toString();
    history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

function createTransport(): Transport | null {
  if (window.api) {
    return { api: bridgeApi(window.api), kind: 'ipc', onConnection: () => () => undefined };
  }
  const token = takeToken(window.location, window.sessionStorage, window.history);
  if (!token && tokenNeeded(window.location.hostname)) return null;
  const http = createHttpApi({
    baseUrl: window.location.origin,
    token: token ?? '',
    storage: window.sessionStorage,
  });
  return {
    api: http,
    kind: 'http',
    onConnection: (listener) => http.onConnection(listener),
    session: http,
  };
}

/** Null when a browser opened a loopback console without its token. */
export const transport: Transport | null = createTransport();
