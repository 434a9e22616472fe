/**
 * Every published event name (event-catalogue.ts), run through intake on a real SQLite store, becomes what the
 * README's table says. The README's table is the catalogue's own rendering, checked here too.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  becomes,
  catalogueMarkdown,
  EVENT_CATALOGUE,
  type CatalogueEntry,
} from '../../../src/main/intake/cybersource/event-catalogue';
import { handleWebhook, type WebhookDeps } from '../../../src/main/intake/cybersource/webhook-handler';
import type { Disposition } from '../../../src/main/intake/ingest';
import { openTestStore, T0, type TestStore } from '../intake/store-helper';
import { CONFIG, envelope, linkTo, payload, signedHeaders } from '../intake/webhook-helper';

let t: TestStore;
let stored: Disposition[];
let deps: WebhookDeps;
beforeEach(() => {
  t = openTestStore();
  stored = [];
  deps = {
    db: t.store.db,
    repos: t.repos,
    clock: t.clock,
    config: CONFIG,
    onEventStored: (s) => stored.push(s.disposition),
  };
});
afterEach(() => t.close());

/** The signed resource a processor sends with this event: its own link and a status that fits the name. */
function resourceFor(entry: CatalogueEntry, i: number): Record<string, unknown> {
  const m = entry.meaning;
  const id = `CAT-${String(i)}`;
  if (m.money === 'none')
    return m.about === 'reversal'
      ? payload({ id, ...linkTo('reversals'), status: 'REVERSED' })
      : payload({ id, ...linkTo('payments'), status: 'AUTHORIZED' });
  const collection = m.money === 'payment' ? 'captures' : m.money === 'refund' ? 'refunds' : 'voids';
  const status =
    m.outcome === 'rejected'
      ? m.money === 'void'
        ? 'FAILED'
        : 'DECLINED'
      : m.outcome === 'review'
        ? 'PENDING_REVIEW'
        : m.money === 'void'
          ? 'VOIDED'
          : m.money === 'refund'
            ? 'PENDING'
            : 'TRANSMITTED';
  return payload({ id, ...linkTo(collection), status });
}

describe('the published event catalogue', () => {
  it('is the table in the README', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(catalogueMarkdown());
  });

  it.each(EVENT_CATALOGUE.map((entry, i) => [entry.name, entry, i] as const))(
    '%s becomes what the README says',
    async (_name, entry, i) => {
      const body = envelope(resourceFor(entry, i), { eventType: entry.name });
      const res = await handleWebhook(
        JSON.stringify(body),
        { ...signedHeaders(body, T0), 'v-c-event-type': entry.name },
        deps,
      );
      expect(res.status).toBe(200);
      const said = becomes(entry.meaning);
      const reason = () =>
        t.store.db.prepare<[], { c: string }>('SELECT reason_code AS c FROM quarantined_inputs').get()?.c;
      if (said.startsWith('posted') || said.startsWith('by the signed status')) {
        expect(res.body.outcome).toBe('stored');
        expect(stored).toEqual(['post']);
      } else if (said.startsWith('recorded as declined')) {
        expect(res.body.outcome).toBe('stored');
        expect(stored).toEqual(['declined']);
      } else if (said.startsWith('held for review')) {
        expect(res.body.outcome).toBe('quarantined');
        expect(reason()).toBe('processor_review');
      } else {
        expect(said).toMatch(/^informational/);
        expect(res.body.outcome).toBe('quarantined');
        expect(reason()).toBe('not_a_payment');
      }
      expect(reason()).not.toBe('unknown_event_type');
    },
  );
});
