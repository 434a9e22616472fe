/**
 * Synthetic processor traffic for the sandbox: one-time payments and payment-plan installments (with the
 * processor's service fee, which is never patient balance), voids and refunds of earlier payments, every
 * tender, manual-workflow payments, and a share of data problems (unknown account, PayPal sent to Oracle
 * Health, closed encounters, combined accounts). Events leave through a callback in canonical form; the app
 * sends those a processor would send as signed webhooks through intake (webhook-sender.ts).
 */
import { createHash } from 'node:crypto';
import type { EhrSystem, IsoDate, Tender } from '../../shared/domain';
import type { Clock } from '../clock';
import { localDate } from '../lib/time-zone';
import type { Logger } from '../logger';
import type { NewPaymentEvent } from '../store/repositories/events';
import { seededRandom, type Random } from './random';
import { isProcessorPayment } from './webhook-envelope';
import { SANDBOX_TIME_ZONE, type Guarantor, type SandboxWorld } from './world';

export type DataProblem = 'unknown_account' | 'paypal_to_oracle' | 'closed_encounter' | 'combined_account';

export interface GeneratedPayment {
  /** Canonical event, as intake would store it (`source: 'sandbox'`). */
  readonly event: NewPaymentEvent;
  /** `manual`: taken through the manual-payment workflow, never sent by API (will_not_be_sent). */
  readonly workflow: 'api' | 'manual';
  /** The data problem planted in this payment, if any (what the operator should end up seeing). */
  readonly problem: DataProblem | null;
  readonly checkDate: IsoDate | null;
  readonly cashTenderedMinor: number | null;
  /** For voids and refunds: the payment they reverse. */
  readonly originalProcessorTxnId: string | null;
  /** What the processor charged: amount plus service fee. */
  readonly processorTotalMinor: number;
  /**
   * The processor sent this notification but it never arrived (every retry failed), as real webhooks are
   * sometimes lost: the consumer must not deliver it. Only the morning backfill (the processor's report) or
   * a replay brings it in. Never set on payments no processor would notify.
   */
  readonly dropped?: boolean;
}

export interface TrafficGeneratorOptions {
  readonly world: SandboxWorld;
  readonly clock: Clock;
  readonly onEvent: (payment: GeneratedPayment) => void;
  readonly ratePerMinute?: number;
  readonly seed?: number;
  readonly logger?: Logger;
  /** 0–1: share of processor notifications lost on the way (`dropped`). Defaults to none. */
  readonly dropRate?: number;
}

/**
 * Whether the notification of this payment is lost. Decided by a hash of the transaction, not a random draw,
 * so the traffic stays the same for a seed whatever the drop rate, and a test can tell which were lost.
 */
export function isDropped(payment: GeneratedPayment, rate: number): boolean {
  if (rate <= 0 || !isProcessorPayment(payment)) return false;
  const digest = createHash('sha256')
    .update(`drop:${payment.event.processorTxnId}:${payment.event.kind}`)
    .digest();
  return digest.readUInt32BE(0) / 2 ** 32 < rate;
}

export interface TrafficGenerator {
  /** Makes one payment (without delivering it). */
  next(): GeneratedPayment;
  /** Makes and delivers `count` payments now. */
  burst(count: number): GeneratedPayment[];
  start(): void;
  stop(): void;
  readonly running: boolean;
  readonly generated: number;
}

const CARD_BRANDS = ['VISA', 'VISA', 'VISA', 'MASTERCARD', 'MASTERCARD', 'AMEX', 'DISCOVER'] as const;
/** Service fee per payment-plan installment, charged by the processor (ASSUMPTION: a flat fee). */
const PLAN_SERVICE_FEE_MINOR = 195;

interface Posted {
  readonly event: NewPaymentEvent;
}

function pickTender(random: Random, ehr: EhrSystem): Tender {
  const roll = random.next();
  if (roll < 0.6) return 'card';
  if (roll < 0.75) return 'echeck';
  if (roll < 0.85) return 'manual_check';
  if (roll < 0.95 || ehr === 'oracle_health') return 'cash';
  return 'paypal';
}

function amountFor(random: Random): number {
  // Most patient payments are small copays and balances; a few are large.
  const roll = random.next();
  if (roll < 0.5) return random.int(10, 150) * 100 + random.pick([0, 0, 50, 25, 99]);
  if (roll < 0.9) return random.int(15_000, 120_000);
  return random.int(120_000, 900_000);
}

export function createTrafficGenerator(options: TrafficGeneratorOptions): TrafficGenerator {
  const { world, clock } = options;
  const random = seededRandom(options.seed ?? 42);
  const rate = options.ratePerMinute ?? 12;
  const recent: Posted[] = [];
  let generated = 0;
  let timer: NodeJS.Timeout | null = null;

  const txnId = () => `7${random.digits(21)}`;
  const today = (): IsoDate => localDate(clock.now(), SANDBOX_TIME_ZONE);

  function base(guarantor: Guarantor): { facility: string; ehr: EhrSystem } {
    return { facility: guarantor.facility, ehr: guarantor.ehr };
  }

  function paymentEvent(): GeneratedPayment {
    const guarantor = random.pick(world.guarantors);
    const kind = random.chance(0.75) ? 'one_time_payment' : 'payment_plan';
    let tender = pickTender(random, guarantor.ehr);
    let problem: DataProblem | null = null;
    let account = guarantor.account;
    let encounter: string | null = random.chance(0.8) ? random.pick(guarantor.encounters) : null;
    const problemRoll = random.next();
    if (problemRoll < 0.06) {
      problem = 'unknown_account';
      account = guarantor.ehr === 'epic' ? `9${random.digits(7)}` : `G9${random.digits(7)}`;
      encounter = null;
    } else if (problemRoll < 0.1 && guarantor.ehr === 'oracle_health') {
      problem = 'paypal_to_oracle';
      tender = 'paypal';
    }
    // Oracle Health posts to the encounter when there is one; Epic posts to the guarantor account, so a closed
    // hospital account does not stop an Epic posting and is not a problem there.
    if (!problem && encounter && guarantor.ehr === 'oracle_health' && world.closedEncounters.has(encounter)) {
      problem = 'closed_encounter';
    }
    if (!problem && guarantor.combinedInto && (guarantor.ehr === 'epic' || !encounter))
      problem = 'combined_account';

    const amountMinor = amountFor(random);
    const serviceFeeMinor = kind === 'payment_plan' && random.chance(0.7) ? PLAN_SERVICE_FEE_MINOR : 0;
    const workflow = kind === 'one_time_payment' && random.chance(0.05) ? 'manual' : 'api';
    const checkNumber =
      tender === 'manual_check' || tender === 'echeck' ? String(random.int(1001, 99999)) : null;
    const checkDate = checkNumber ? today() : null;
    const cashTenderedMinor = tender === 'cash' ? amountMinor + ((2000 - (amountMinor % 2000)) % 2000) : null;
    const processorTxnId = txnId();
    const event: NewPaymentEvent = {
      source: 'sandbox',
      processorTxnId,
      kind,
      tender,
      amountMinor,
      currency: 'USD',
      ...base(guarantor),
      guarantorAccount: account,
      encounterId: encounter,
      merchantRef: encounter ? `ENC-${encounter}` : `GAR-${account}`,
      cardBrand: tender === 'card' ? random.pick(CARD_BRANDS) : null,
      cardLast4: tender === 'card' ? random.digits(4) : null,
      cardExpiry:
        tender === 'card'
          ? `${String(random.int(2027, 2031))}-${String(random.int(1, 12)).padStart(2, '0')}`
          : null,
      checkNumber,
      processorStatus: 'TRANSMITTED',
      reasonCode: '100',
      transactionAt: clock.now(),
      serviceFeeMinor,
      extras: { workflow, checkDate, cashTenderedMinor, sandboxProblem: problem },
    };
    if (workflow === 'api' && !problem) {
      recent.push({ event });
      if (recent.length > 200) recent.shift();
    }
    return {
      event,
      workflow,
      problem,
      checkDate,
      cashTenderedMinor,
      originalProcessorTxnId: null,
      processorTotalMinor: amountMinor + serviceFeeMinor,
    };
  }

  function reversalEvent(kind: 'void' | 'refund'): GeneratedPayment | null {
    const candidates = recent.filter((p) => p.event.tender === 'card' || p.event.tender === 'echeck');
    if (candidates.length === 0) return null;
    const original = random.pick(candidates).event;
    recent.splice(
      recent.findIndex((p) => p.event === original),
      1,
    );
    // A void cancels the whole payment; a refund may return part of it.
    const amountMinor =
      kind === 'void' || random.chance(0.6) ? original.amountMinor : random.int(100, original.amountMinor);
    const event: NewPaymentEvent = {
      ...original,
      processorTxnId: txnId(),
      kind,
      amountMinor,
      serviceFeeMinor: 0,
      processorStatus: kind === 'void' ? 'VOIDED' : 'PENDING',
      transactionAt: clock.now(),
      extras: {
        workflow: 'api',
        originalProcessorTxnId: original.processorTxnId,
        checkDate: null,
        cashTenderedMinor: null,
      },
    };
    return {
      event,
      workflow: 'api',
      problem: null,
      checkDate: null,
      cashTenderedMinor: null,
      originalProcessorTxnId: original.processorTxnId,
      processorTotalMinor: amountMinor,
    };
  }

  function next(): GeneratedPayment {
    generated += 1;
    const roll = random.next();
    const payment =
      roll < 0.07
        ? (reversalEvent('void') ?? paymentEvent())
        : roll < 0.14
          ? (reversalEvent('refund') ?? paymentEvent())
          : paymentEvent();
    return isDropped(payment, options.dropRate ?? 0) ? { ...payment, dropped: true } : payment;
  }

  function deliver(payment: GeneratedPayment) {
    try {
      options.onEvent(payment);
    } catch (error) {
      options.logger?.error({ err: error }, 'sandbox traffic consumer failed');
    }
  }

  return {
    next,
    burst(count) {
      const out: GeneratedPayment[] = [];
      for (let i = 0; i < count; i += 1) {
        const payment = next();
        out.push(payment);
        deliver(payment);
      }
      return out;
    },
    start() {
      if (timer) return;
      timer = setInterval(() => deliver(next()), Math.max(50, Math.round(60_000 / rate)));
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    get running() {
      return timer !== null;
    },
    get generated() {
      return generated;
    },
  };
}
