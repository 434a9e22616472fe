import type { EventName, Events, TableName } from '../../shared/contract';

export type BusListener = <E extends EventName>(event: E, payload: Events[E]) => void;

/** Fans pushed events out to every transport (IPC windows, SSE clients) and to tests. */
export class EventBus {
  private readonly listeners = new Set<BusListener>();

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  /** Tells every console which tables changed so its screens re-query what depends on them. */
  changed(...tables: TableName[]): void {
    this.emit('db.changed', { tables });
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
