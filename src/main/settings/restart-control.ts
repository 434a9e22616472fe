/**
 * "Restart now" for changes read only at start-up (connections, webhook subscriptions). The console cannot
 * restart a process by itself: a host that can (serve mode restarts its app in place, on the same port and
 * link) offers it here; where none is offered, Settings says which restart to do instead.
 */
export interface RestartControl {
  /** Whether a host offered a restart. */
  readonly offered: boolean;
  /** The host's way to restart; returns the withdrawal (the host is closing). */
  offer(restart: () => void): () => void;
  /** Asks the host to restart; false when none offered it. */
  request(): boolean;
}

export function createRestartControl(): RestartControl {
  let restart: (() => void) | null = null;
  return {
    get offered() {
      return restart !== null;
    },
    offer(fn) {
      restart = fn;
      return () => {
        if (restart === fn) restart = null;
      };
    },
    request() {
      if (!restart) return false;
      restart();
      return true;
    },
  };
}
