/**
 * The fault injector: what a simulator does to the next request instead of (or before) answering normally.
 * Tests script exact sequences; the sandbox uses rates; both can add latency and an outage window.
 * Faults are the real thing on the wire (a held socket, a reset connection), never flags the client reads.
 */
import { z } from 'zod';
import type { Clock } from '../clock';
import type { Random } from './random';

export const faultSchema = z.discriminatedUnion('kind', [
  /** Waits, then answers normally. */
  z.object({ kind: z.literal('latency'), ms: z.int().min(0).max(600_000) }),
  /** Never answers and commits nothing; the socket is held until the client gives up. */
  z.object({ kind: z.literal('timeout') }),
  /** Records the posting in the ledger, then resets the connection before answering: the ambiguous case. */
  z.object({ kind: z.literal('commit_then_drop') }),
  /** 401: the presented token is revoked, as when the EHR expires it early. */
  z.object({ kind: z.literal('token_expired') }),
  /** 429, with no Retry-After, delta-seconds, or an HTTP-date. */
  z.object({
    kind: z.literal('rate_limited'),
    retryAfter: z.enum(['none', 'seconds', 'http_date']).default('seconds'),
    seconds: z.int().min(0).max(86_400).default(2),
  }),
  z.object({
    kind: z.literal('server_error'),
    status: z.union([
      z.literal(500),
      z.literal(501),
      z.literal(502),
      z.literal(503),
      z.literal(504),
      z.literal(529),
    ]),
    retryAfterSeconds: z.int().min(0).max(86_400).optional(),
  }),
  /** Oracle 404 `bo_hp_reltn_id is missing` (Epic answers 59144). */
  z.object({ kind: z.literal('bo_hp_reltn_missing') }),
  /** 422 business rule: the encounter is closed / not postable. */
  z.object({ kind: z.literal('closed_encounter') }),
  /** 422 business rule: the account was combined into another. */
  z.object({ kind: z.literal('combined_account') }),
  /** 403 (Epic 4118 not authorized; Oracle tenant not accessible). */
  z.object({ kind: z.literal('forbidden') }),
  /** Epic 4135: daily limit, try again tomorrow. */
  z.object({ kind: z.literal('daily_limit') }),
]);
export type Fault = z.output<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;

export const ROUTES = ['post', 'lookup', 'token'] as const;
export type SimRoute = (typeof ROUTES)[number];

export const outageSchema = z.object({
  from: z.int(),
  until: z.int(),
  /** `status` answers 503 to everything; `drop` resets every connection without reading it. */
  mode: z.enum(['status', 'drop']).default('status'),
});
export type Outage = z.output<typeof outageSchema>;

export const faultSettingsSchema = z.object({
  /** Per-request probability of each fault (rolled in order; at most one applies). */
  rates: z
    .array(
      z.object({ fault: faultSchema, rate: z.number().min(0).max(1), route: z.enum(ROUTES).default('post') }),
    )
    .default([]),
  /** Added to every request on the API routes. */
  latencyMs: z.int().min(0).max(600_000).default(0),
  outage: outageSchema.nullable().default(null),
});
export type FaultSettings = z.output<typeof faultSettingsSchema>;
export type FaultSettingsInput = z.input<typeof faultSettingsSchema>;

export interface ScriptedFault {
  readonly fault: Fault;
  readonly route: SimRoute;
}

export type Decision =
  | { readonly kind: 'outage'; readonly mode: Outage['mode'] }
  | { readonly kind: 'fault'; readonly fault: Fault }
  | null;

export class FaultInjector {
  private script: ScriptedFault[] = [];
  private settings: FaultSettings = faultSettingsSchema.parse({});

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  /** Queues faults for the next requests on a route, in order (a fault of `null` lets one request through). */
  enqueue(faults: readonly (FaultInput | null)[], route: SimRoute = 'post'): void {
    for (const fault of faults) {
      this.script.push({
        fault: fault === null ? { kind: 'latency', ms: 0 } : faultSchema.parse(fault),
        route,
      });
    }
  }

  configure(settings: FaultSettingsInput): void {
    this.settings = faultSettingsSchema.parse(settings);
  }

  /** An outage for `durationMs` from now on the simulator's clock. */
  outageFor(durationMs: number, mode: Outage['mode'] = 'status'): void {
    const from = this.clock.now();
    this.settings = { ...this.settings, outage: { from, until: from + durationMs, mode } };
  }

  clear(): void {
    this.script = [];
    this.settings = faultSettingsSchema.parse({});
  }

  get latencyMs(): number {
    return this.settings.latencyMs;
  }

  snapshot(): { settings: FaultSettings; script: readonly ScriptedFault[] } {
    return { settings: this.settings, script: [...this.script] };
  }

  /** Decides the fate of one request. Scripted faults first, then the outage window, then the rates. */
  decide(route: SimRoute): Decision {
    const index = this.script.findIndex((s) => s.route === route);
    if (index >= 0) {
      const [scripted] = this.script.splice(index, 1);
      if (scripted) return { kind: 'fault', fault: scripted.fault };
    }
    const outage = this.settings.outage;
    const now = this.clock.now();
    if (outage && now >= outage.from && now < outage.until) return { kind: 'outage', mode: outage.mode };
    for (const { fault, rate, route: on } of this.settings.rates) {
      if (on === route && this.random.chance(rate)) return { kind: 'fault', fault };
    }
    return null;
  }
}
