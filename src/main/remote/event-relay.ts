/**
 * Keeps the desktop in step with its service: relays the service's pushed events (`GET /api/events`) to
 * this desktop's windows, and notices when the service becomes unreachable and when it is back. While it
 * is down (or nobody is signed in) it asks `/auth/state` every `retryMs`: the cheapest answer the service
 * gives without a session.
 */
import { EVENT_NAMES, type EventName, type Events } from '../../shared/contract';
import type { EventBus } from '../lib/event-bus';
import type { Logger } from '../logger';
import { PinMismatch, ServiceUnreachable, SessionRefused, type ServiceClient } from './service-client';

export interface RelayState {
  session(): string | null;
  /** The service answered: online now. */
  reached(): void;
  /** The service could not be reached: offline now. */
  unreachable(): void;
  pinRefused(error: PinMismatch): void;
  /** The event stream was refused for the session (ended on the service). */
  sessionEnded(): void;
}

export function startEventRelay(options: {
  readonly client: ServiceClient;
  readonly bus: EventBus;
  readonly state: RelayState;
  readonly logger: Logger;
  readonly retryMs: number;
}): () => void {
  const { client, bus, state, logger } = options;
  const stop = new AbortController();
  const names = new Set<string>(EVENT_NAMES);
  // A function, not the property: `stop()` flips it while the loop awaits.
  const stopped = () => stop.signal.aborted;

  const relay = (event: string, data: string) => {
    if (!names.has(event) || event === 'service.status') return;
    try {
      bus.emit(event as EventName, JSON.parse(data) as Events[EventName]);
    } catch {
      logger.warn({ event }, 'service event without a JSON payload ignored');
    }
  };

  const once = async () => {
    const session = state.session();
    if (!session) {
      const answer = await client.post('/auth/state', {}, null);
      if (answer.ok) state.reached();
      return;
    }
    let opened = false;
    for await (const message of client.events(session, stop.signal)) {
      if (!opened) {
        opened = true;
        state.reached();
      }
      relay(message.event, message.data);
    }
  };

  const loop = async () => {
    while (!stopped()) {
      try {
        await once();
        // The stream ended (the service is stopping or closed it): ask whether it still answers.
        if (!stopped() && state.session()) {
          const answer = await client.post('/auth/state', {}, null);
          if (answer.ok) state.reached();
        }
      } catch (error) {
        if (stopped()) return;
        if (error instanceof PinMismatch) state.pinRefused(error);
        else if (error instanceof SessionRefused) state.sessionEnded();
        else if (error instanceof ServiceUnreachable) state.unreachable();
        else logger.warn({ err: error }, 'service event stream failed');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.retryMs);
        stop.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  void loop();
  return () => stop.abort();
}
