import { ApiFailure, type Caller } from '../../../src/main/api/dispatcher';
import { EventBus } from '../../../src/main/lib/event-bus';
import type { HandlerContext } from '../../../src/main/api/handlers/context';
import { intakeHandlers } from '../../../src/main/api/handlers/intake';
import { COMMANDS, type TableName } from '../../../src/shared/contract';
import type { TestStore } from './store-helper';

export const operator: Caller = { actor: 'pat.billing', transport: 'test' };

/**
 * The quarantine commands as the dispatcher runs them — arguments parsed by the contract's schemas, handler
 * failures as `{code, message}` — over the intake handlers alone, on a test store (access control, which
 * the dispatcher adds, is tested with it).
 */
export function quarantineApi(t: TestStore) {
  const bus = new EventBus();
  const changed: TableName[][] = [];
  bus.subscribe((event, payload) => {
    if (event === 'db.changed') changed.push([...(payload as { tables: readonly TableName[] }).tables]);
  });
  const ctx = { db: t.store.db, repos: t.repos, clock: t.clock, bus } as unknown as HandlerContext;
  const handlers = intakeHandlers(ctx);
  return {
    changed,
    /** Resolves to the result, or rejects with `{code, message}`. */
    async call<T = unknown>(name: keyof typeof handlers, args: unknown): Promise<T> {
      const parsed = COMMANDS[name].args.safeParse(args);
      if (!parsed.success) {
        const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        throw Object.assign(new Error(message), { code: 'invalid_arguments', message });
      }
      try {
        const handler = handlers[name] as (a: unknown, c: Caller) => unknown;
        return (await handler(parsed.data, operator)) as T;
      } catch (error) {
        if (error instanceof ApiFailure) throw Object.assign(error, { code: error.code });
        throw error;
      }
    },
  };
}

export function auditActions(t: TestStore, id: number): string[] {
  return t.repos.audit.forSubject('quarantined_input', String(id)).map((a) => a.action);
}

export function queuedEvents(t: TestStore): number[] {
  return t.store.db
    .prepare<[], { id: number }>('SELECT event_id AS id FROM admission_queue ORDER BY event_id')
    .all()
    .map((r) => r.id);
}
