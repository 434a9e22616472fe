/**
 * `GET /api/events`: the event bus as Server-Sent Events, one stream per open console tab, registered by
 * session so that signing out or ending an account's sessions closes its streams at once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpAuth } from '../auth/http-auth';
import type { EventBus } from '../lib/event-bus';

const HEARTBEAT_MS = 15_000;

/** Open event streams by session id, so signing out closes that session's streams at once. */
export type StreamRegistry = Map<string, Set<() => void>>;

export interface EventStreamContext {
  readonly bus: EventBus;
  readonly auth: HttpAuth;
  /** How often an open stream is pinged and its session checked (default 15 s). */
  readonly heartbeatMs?: number;
}

/** Ends the open streams of one session (it signed out). */
export function closeStreams(streams: StreamRegistry, id: string): void {
  for (const close of streams.get(id) ?? []) close();
}

/** Ends the open streams of every session that no longer has a caller (disabled account, changed role). */
export function closeEndedSessions(streams: StreamRegistry, auth: HttpAuth): void {
  for (const [id, ends] of streams) if (!auth.callerFor(id)) for (const end of [...ends]) end();
}

/**
 * The stream ends when its session does: at sign-out or when the account's sessions are ended, at once;
 * at expiry, at the next heartbeat.
 */
export function streamEvents(
  options: EventStreamContext,
  streams: StreamRegistry,
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const bus: EventBus = options.bus;
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  const unsubscribe = bus.subscribe((event, payload) => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  // Subscribed before the first byte: a client that has read it will not miss later events.
  res.write('retry: 2000\n: connected\n\n');
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
    const mine = streams.get(id);
    mine?.delete(end);
    if (mine?.size === 0) streams.delete(id);
  };
  const end = () => {
    stop();
    res.end();
  };
  const heartbeat = setInterval(() => {
    if (options.auth.callerFor(id)) res.write(': ping\n\n');
    else end();
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  let mine = streams.get(id);
  if (!mine) streams.set(id, (mine = new Set()));
  mine.add(end);
  req.on('close', stop);
  res.on('error', stop);
}
