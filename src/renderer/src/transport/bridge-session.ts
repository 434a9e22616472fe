/**
 * Sign-in when the desktop is a console of a shared service: the same SessionApi as serve mode's browser
 * console, over the same `window.api` bridge. The session itself stays in the main process (which makes
 * the service's HTTPS requests over the pinned connection); the renderer never sees it.
 */
import { ApiError } from '../../../shared/api-error';
import type { ConsoleApi } from '../../../shared/contract';
import type { SessionApi } from './http';

export interface RemoteBridge {
  /** The console API, telling the session when the service refused for want of a session. */
  readonly api: ConsoleApi;
  readonly session: SessionApi;
}

export function remoteBridge(api: ConsoleApi, signedIn: boolean): RemoteBridge {
  let hasSession = signedIn;
  const unauthorized = new Set<(message: string) => void>();
  return {
    api: {
      ...api,
      async invoke(name, args) {
        try {
          return await api.invoke(name, args);
        } catch (error) {
          if (error instanceof ApiError && error.code === 'unauthorized') {
            hasSession = false;
            for (const listener of unauthorized) listener(error.message);
          }
          throw error;
        }
      },
    },
    session: {
      hasSession: () => hasSession,
      accessState: () => api.invoke('service.accessState', {}),
      async signIn(username, password) {
        const identity = await api.invoke('service.signIn', { username, password });
        hasSession = true;
        return identity;
      },
      createFirstSupervisor: () =>
        Promise.reject(
          new Error('The first supervisor is created on the service itself (open its address in a browser).'),
        ),
      async signOut() {
        hasSession = false;
        await api.invoke('service.signOut', {});
      },
      onUnauthorized(listener) {
        unauthorized.add(listener);
        return () => {
          unauthorized.delete(listener);
        };
      },
    },
  };
}
