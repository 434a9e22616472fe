/**
 * Everything that protects one EHR endpoint: a circuit breaker (cockatiel), a concurrency cap and an
 * optional rate cap. An open breaker defers work — the engine simply claims nothing for the endpoint —
 * so no item ever fails because of it; after `halfOpenAfterMs` exactly one probe goes through.
 */
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleType,
  IsolatedCircuitError,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { BreakerState, ConnectionState } from '../../shared/contract';
import type { Clock } from '../clock';

export interface BreakerSettings {
  /** Consecutive endpoint failures that open the breaker. */
  readonly failures: number;
  /** How long it stays open before one probe is let through. */
  readonly halfOpenAfterMs: number;
}

export interface GuardLimits {
  readonly concurrency: number;
  readonly ratePerSecond: number | null;
  readonly breaker: BreakerSettings;
}

/** Carries an answer that counts as an endpoint failure through the breaker without losing it. */
class EndpointFailure<T> extends Error {
  constructor(readonly value: T) {
    super('endpoint failure');
  }
}

export type Guarded<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };

export class EndpointGuard {
  private readonly breaker: CircuitBreakerPolicy;
  private active = 0;
  private tokens: number;
  private refilledAt: number;
  /** Wall-clock time the breaker opened; cockatiel times its half-open delay with Date.now(). */
  private openedAt: number | null = null;
  private lastOutcome: ConnectionState = 'unknown';

  constructor(
    private readonly limits: GuardLimits,
    private readonly clock: Clock,
    private readonly onChange: () => void,
  ) {
    this.breaker = circuitBreaker(handleType(EndpointFailure), {
      halfOpenAfter: limits.breaker.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(limits.breaker.failures),
    });
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
      this.onChange();
    });
    this.breaker.onReset(() => {
      this.openedAt = null;
      this.onChange();
    });
    this.tokens = limits.ratePerSecond ?? 0;
    this.refilledAt = clock.now();
  }

  /** How many new requests may start now. */
  room(): number {
    let room = this.limits.concurrency - this.active;
    const state = this.breaker.state;
    if (state === CircuitState.Open || state === CircuitState.HalfOpen) {
      const probeDue =
        state === CircuitState.Open &&
        this.openedAt !== null &&
        Date.now() - this.openedAt >= this.limits.breaker.halfOpenAfterMs;
      room = probeDue && this.active === 0 ? 1 : 0;
    }
    if (this.limits.ratePerSecond !== null) {
      this.refill();
      room = Math.min(room, Math.floor(this.tokens));
    }
    return Math.max(room, 0);
  }

  /**
   * How many items may be claimed ahead of a free slot, to start the moment one frees (engine/claiming.ts):
   * as many as the cap while the breaker is closed and no rate cap holds requests back, else none, so
   * nothing claimed waits long for a slot. A whole cap lets claims take several items each (a claim waits
   * while half of it is still waiting), so the writer commits, and syncs, a fraction as often. The price: an
   * item claimed ahead has its attempt recorded, and if the process dies before sending it, it is in doubt
   * like a request in flight (looked up in Epic; in Oracle Health, which offers no search of posted
   * transactions, checked by a person): at most twice the cap in doubt after a crash, not once.
   */
  claimAhead(): number {
    const closed = this.breaker.state === CircuitState.Closed;
    return closed && this.limits.ratePerSecond === null ? this.limits.concurrency : 0;
  }

  /** When an open breaker lets its probe through, or the rate cap its next request; null when not blocked. */
  blockedUntil(): number | null {
    if (this.breaker.state === CircuitState.Open && this.openedAt !== null) {
      return this.openedAt + this.limits.breaker.halfOpenAfterMs;
    }
    if (this.limits.ratePerSecond !== null && this.tokens < 1) {
      return this.clock.now() + Math.ceil(((1 - this.tokens) * 1000) / this.limits.ratePerSecond);
    }
    return null;
  }

  started(): void {
    this.active += 1;
    if (this.limits.ratePerSecond !== null) this.tokens -= 1;
  }

  finished(): void {
    this.active -= 1;
  }

  /**
   * Runs `call` through the breaker. `isDown` says which answers count against the endpoint. When the
   * breaker refuses, `call` never ran: nothing was recorded or sent.
   */
  async run<T>(call: () => Promise<T>, isDown: (value: T) => boolean): Promise<Guarded<T>> {
    try {
      const value = await this.breaker.execute(async () => {
        const result = await call();
        if (isDown(result)) throw new EndpointFailure(result);
        return result;
      });
      this.note('up');
      return { ran: true, value };
    } catch (error) {
      if (error instanceof EndpointFailure) {
        this.note('down');
        return { ran: true, value: error.value as T };
      }
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) return { ran: false };
      throw error;
    }
  }

  health(): ConnectionState {
    return this.lastOutcome;
  }

  breakerState(): BreakerState {
    switch (this.breaker.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half_open';
      case CircuitState.Open:
      case CircuitState.Isolated:
        return 'open';
    }
  }

  private note(outcome: ConnectionState): void {
    if (outcome === this.lastOutcome) return;
    this.lastOutcome = outcome;
    this.onChange();
  }

  private refill(): void {
    const rate = this.limits.ratePerSecond ?? 0;
    const now = this.clock.now();
    this.tokens = Math.min(rate, this.tokens + ((now - this.refilledAt) * rate) / 1000);
    this.refilledAt = now;
  }
}
