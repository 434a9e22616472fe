/**
 * Webhook event names to what they claim (event-catalogue.ts holds the published names). Names outside the
 * catalogue in the new style (`payments.<noun>.status.<verb>`) are still read by their parts, so a verb
 * Cybersource adds later is not lost as `unknown_event_type`.
 */
import { EVENT_CATALOGUE, type EventTypeMeaning, type Outcome } from './event-catalogue';

export type { EventTypeMeaning } from './event-catalogue';

const BY_NAME: ReadonlyMap<string, EventTypeMeaning> = new Map(
  EVENT_CATALOGUE.map((e) => [e.name.toLowerCase(), e.meaning]),
);

const NOUNS: Readonly<Record<string, EventTypeMeaning['money'] | 'authorization' | 'reversal'>> = {
  capture: 'payment',
  payment: 'payment',
  sale: 'payment',
  refund: 'refund',
  credit: 'refund',
  void: 'void',
  authorization: 'authorization',
  reversal: 'reversal',
};
const VERBS: Readonly<Record<string, Outcome>> = {
  accepted: 'accepted',
  rejected: 'rejected',
  declined: 'rejected',
  failed: 'rejected',
  review: 'review',
  reviewed: 'review',
  updated: 'by_status',
};

/** What an event name claims, or null when Clearpost does not know it. */
export function classifyEventType(name: string): EventTypeMeaning | null {
  const key = name.trim().toLowerCase();
  const exact = BY_NAME.get(key);
  if (exact) return exact;
  const m = /^payments\.([a-z]+)\.status\.([a-z]+)$/.exec(key);
  if (!m) return null;
  const noun = NOUNS[m[1] ?? ''];
  const outcome = VERBS[m[2] ?? ''];
  if (noun === undefined || outcome === undefined) return null;
  if (noun === 'authorization' || noun === 'reversal' || noun === 'none')
    return { money: 'none', about: noun === 'reversal' ? 'reversal' : 'authorization' };
  return { money: noun, outcome };
}
