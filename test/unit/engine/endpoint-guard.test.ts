import { describe, expect, it } from 'vitest';
import { EndpointGuard } from '../../../src/main/engine/endpoint-guard';

const clockAt = (start: number) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

describe('the endpoint guard', () => {
  it('caps requests in flight', () => {
    const guard = new EndpointGuard(
      { concurrency: 3, ratePerSecond: null, breaker: { failures: 5, halfOpenAfterMs: 1000 } },
      clockAt(0),
      () => undefined,
    );
    expect(guard.room()).toBe(3);
    guard.started();
    guard.started();
    expect(guard.room()).toBe(1);
    guard.finished();
    expect(guard.room()).toBe(2);
  });

  it('caps requests started per second, refilling with time', () => {
    const clock = clockAt(0);
    const guard = new EndpointGuard(
      { concurrency: 100, ratePerSecond: 4, breaker: { failures: 5, halfOpenAfterMs: 1000 } },
      clock,
      () => undefined,
    );
    expect(guard.room()).toBe(4);
    for (let i = 0; i < 4; i++) guard.started();
    expect(guard.room()).toBe(0);
    expect(guard.blockedUntil()).toBe(250);
    clock.advance(500);
    expect(guard.room()).toBe(2);
  });

  it('opens after consecutive endpoint failures and refuses without running the call', async () => {
    const guard = new EndpointGuard(
      { concurrency: 10, ratePerSecond: null, breaker: { failures: 2, halfOpenAfterMs: 60_000 } },
      clockAt(Date.now()),
      () => undefined,
    );
    const down = () => Promise.resolve('503');
    expect(await guard.run(down, () => true)).toEqual({ ran: true, value: '503' });
    expect(await guard.run(down, () => true)).toEqual({ ran: true, value: '503' });
    expect(guard.breakerState()).toBe('open');
    expect(guard.room()).toBe(0);
    let called = false;
    const result = await guard.run(
      () => {
        called = true;
        return Promise.resolve('ok');
      },
      () => false,
    );
    expect(result).toEqual({ ran: false });
    expect(called).toBe(false);
  });

  it('does not count answers that say nothing about the endpoint’s health (422, 429)', async () => {
    const guard = new EndpointGuard(
      { concurrency: 10, ratePerSecond: null, breaker: { failures: 2, halfOpenAfterMs: 60_000 } },
      clockAt(0),
      () => undefined,
    );
    for (let i = 0; i < 5; i++)
      await guard.run(
        () => Promise.resolve('422'),
        () => false,
      );
    expect(guard.breakerState()).toBe('closed');
    expect(guard.health()).toBe('up');
  });

  it('lets a whole cap be claimed ahead only while the breaker is closed and no rate cap holds requests', async () => {
    const settings = { failures: 1, halfOpenAfterMs: 60_000 };
    const capped = new EndpointGuard(
      { concurrency: 4, ratePerSecond: 10, breaker: settings },
      clockAt(0),
      () => {},
    );
    expect(capped.claimAhead()).toBe(0);
    const guard = new EndpointGuard(
      { concurrency: 8, ratePerSecond: null, breaker: settings },
      clockAt(0),
      () => {},
    );
    expect(guard.claimAhead()).toBe(8);
    await guard.run(
      () => Promise.resolve('503'),
      () => true,
    );
    expect(guard.breakerState()).toBe('open');
    expect(guard.claimAhead()).toBe(0);
  });
});
