import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING, routeEvent, routingTableSchema } from '../../../src/main/engine/routing';
import {
  EVENT_KINDS,
  TENDERS,
  type EhrSystem,
  type EventKind,
  type Tender,
} from '../../../src/shared/domain';

const event = (ehr: EhrSystem, kind: EventKind, tender: Tender, extra: Record<string, unknown> = {}) => ({
  source: 'webhook' as const,
  ehr,
  kind,
  tender,
  facility: 'MAIN',
  processorStatus: 'TRANSMITTED',
  amountMinor: 1000,
  reasonCode: null,
  ...extra,
});

describe('routing', () => {
  it('never sends a declined payment, and keeps why', () => {
    const route = routeEvent(
      event('epic', 'one_time_payment', 'card', { processorStatus: 'DECLINED', reasonCode: '204' }),
      DEFAULT_ROUTING,
    );
    expect(route).toMatchObject({ channel: 'exception', status: 'declined', reasonCode: '204' });
  });

  it('sends manual-workflow payments nowhere: will_not_be_sent', () => {
    expect(
      routeEvent(event('oracle_health', 'one_time_payment', 'cash', { source: 'manual' }), DEFAULT_ROUTING),
    ).toMatchObject({
      channel: 'manual',
      status: 'will_not_be_sent',
    });
  });

  it('refuses PayPal to Oracle Health by API with a plain reason', () => {
    const route = routeEvent(event('oracle_health', 'one_time_payment', 'paypal'), DEFAULT_ROUTING);
    expect(route).toMatchObject({ channel: 'exception', status: 'failure', reasonCode: 'not_routable' });
    expect(route.reason).toMatch(/PayPal payments are not posted to Oracle Health by API/);
  });

  it('sends Epic voids and refunds to the daily file, and Epic payments by API with every tender', () => {
    for (const tender of TENDERS) {
      expect(routeEvent(event('epic', 'void', tender), DEFAULT_ROUTING).channel).toBe('daily_file');
      expect(routeEvent(event('epic', 'refund', tender), DEFAULT_ROUTING).channel).toBe('daily_file');
      expect(routeEvent(event('epic', 'one_time_payment', tender), DEFAULT_ROUTING).channel).toBe('api');
      expect(routeEvent(event('epic', 'payment_plan', tender), DEFAULT_ROUTING).channel).toBe('api');
    }
  });

  it('sends every Oracle Health kind by API for card, eCheck, check and cash', () => {
    for (const kind of EVENT_KINDS) {
      for (const tender of ['card', 'echeck', 'manual_check', 'cash'] as const) {
        expect(routeEvent(event('oracle_health', kind, tender), DEFAULT_ROUTING)).toMatchObject({
          channel: 'api',
          status: 'pending',
        });
      }
    }
  });

  it('sends everything of a file-only site (Soarian, Revelate) by file', () => {
    const table = routingTableSchema.parse({ ...DEFAULT_ROUTING, fileOnlyFacilities: ['SOARIAN1'] });
    expect(
      routeEvent(event('oracle_health', 'one_time_payment', 'card', { facility: 'SOARIAN1' }), table).channel,
    ).toBe('daily_file');
  });

  it('says so when no rule matches, instead of guessing', () => {
    const table = routingTableSchema.parse({ rules: [] });
    const route = routeEvent(event('epic', 'one_time_payment', 'card'), table);
    expect(route).toMatchObject({ channel: 'exception', status: 'failure', reasonCode: 'no_route' });
    expect(route.reason).toBe('No route sends a one-time payment by Card to Epic.');
  });

  it('does not post a zero amount', () => {
    expect(
      routeEvent(event('epic', 'one_time_payment', 'card', { amountMinor: 0 }), DEFAULT_ROUTING).reasonCode,
    ).toBe('zero_amount');
  });
});
