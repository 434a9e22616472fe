/**
 * The simulators' control API under `/_sim/` (loopback only, checked by the server): the ledger, totals and
 * state to read; faults, scripts, outages and the duplicate policy to set; a reset. Tests and the sandbox
 * screen drive a simulated EHR's behaviour through it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { DUPLICATE_POLICIES, type DuplicatePolicy } from './answers';
import { faultSchema, faultSettingsSchema, ROUTES, type FaultInjector } from './faults';
import type { LedgerPosting, SimLedger } from './ledger';
import type { SimStats, SimulatorName } from './sim-server';
import type { TokenIssuer } from './token-issuer';

/** What the control API reads and changes of one running simulator. */
export interface ControlContext {
  readonly name: SimulatorName;
  readonly ledger: SimLedger;
  readonly faults: FaultInjector;
  readonly tokens: TokenIssuer;
  readonly stats: SimStats;
  readonly policy: { get(): DuplicatePolicy; set(policy: DuplicatePolicy): void };
  reset(): void;
  readonly json: (res: ServerResponse, status: number, value: unknown) => void;
}

export function ledgerJson(posting: LedgerPosting) {
  return {
    id: posting.id,
    externalId: posting.externalId,
    amountMinor: posting.amountMinor,
    currency: posting.currency,
    ehrReference: posting.ehrReference,
    kind: posting.kind,
    tender: posting.tender,
    target: posting.target,
    day: posting.day,
    acceptedAt: posting.acceptedAt,
    requestBody: posting.requestBody,
  };
}

const scriptSchema = z.object({
  faults: z.array(faultSchema.nullable()).min(1).max(1000),
  route: z.enum(ROUTES).default('post'),
});
const policySchema = z.object({ policy: z.enum(DUPLICATE_POLICIES) });
const outageRequestSchema = z.object({
  durationMs: z
    .int()
    .min(1)
    .max(7 * 86_400_000),
  mode: z.enum(['status', 'drop']).default('status'),
});

export function handleControl(
  ctx: ControlContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: string,
): void {
  const json = ctx.json;
  const parse = <T>(schema: z.ZodType<T>): T | null => {
    try {
      const result = schema.safeParse(body === '' ? {} : JSON.parse(body));
      if (result.success) return result.data;
      json(res, 400, {
        error: 'invalid_arguments',
        issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    } catch {
      json(res, 400, { error: 'invalid_json' });
    }
    return null;
  };
  const key = `${req.method ?? ''} ${path}`;
  switch (key) {
    case 'GET /_sim/ledger':
      return json(res, 200, {
        simulator: ctx.name,
        postings: ctx.ledger.postings().map(ledgerJson),
        totals: ctx.ledger.totals(),
      });
    case 'GET /_sim/totals':
      return json(res, 200, {
        simulator: ctx.name,
        totals: ctx.ledger.totals(),
        grandTotals: ctx.ledger.grandTotals(),
      });
    case 'GET /_sim/state':
      return json(res, 200, {
        simulator: ctx.name,
        duplicatePolicy: ctx.policy.get(),
        faults: ctx.faults.snapshot(),
        stats: ctx.stats,
        tokensIssued: ctx.tokens.issued,
      });
    case 'PUT /_sim/faults': {
      const settings = parse(faultSettingsSchema);
      if (!settings) return;
      ctx.faults.configure(settings);
      return json(res, 200, ctx.faults.snapshot());
    }
    case 'POST /_sim/faults/script': {
      const script = parse(scriptSchema);
      if (!script) return;
      ctx.faults.enqueue(script.faults, script.route);
      return json(res, 200, ctx.faults.snapshot());
    }
    case 'POST /_sim/outage': {
      const outage = parse(outageRequestSchema);
      if (!outage) return;
      ctx.faults.outageFor(outage.durationMs, outage.mode);
      return json(res, 200, ctx.faults.snapshot());
    }
    case 'PUT /_sim/duplicate-policy': {
      const policy = parse(policySchema);
      if (!policy) return;
      ctx.policy.set(policy.policy);
      return json(res, 200, { duplicatePolicy: policy.policy });
    }
    case 'POST /_sim/reset':
      ctx.reset();
      return json(res, 200, { reset: true });
    default:
      return json(res, 404, { error: 'not_found' });
  }
}
