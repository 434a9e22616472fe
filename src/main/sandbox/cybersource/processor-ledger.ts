/**
 * The simulated processor's own record of what it sent: every payment it would have notified by webhook,
 * which organization (merchant id) took it, and whether its notification was lost (all retries failed). The
 * simulator's reports are written from this ledger, never from Clearpost's database, so backfill is checked
 * against what the processor did, not against what arrived. Kept in memory: a sandbox restart starts a new
 * processor day.
 */
import type { GeneratedPayment } from '../traffic-generator';

export interface SentPayment {
  readonly payment: GeneratedPayment;
  readonly organizationId: string;
  /** The notification never arrived (the traffic generator dropped it). */
  readonly dropped: boolean;
}

export class ProcessorLedger {
  private readonly sent: SentPayment[] = [];

  record(entry: SentPayment): void {
    this.sent.push(entry);
  }

  all(): readonly SentPayment[] {
    return this.sent;
  }

  dropped(): readonly SentPayment[] {
    return this.sent.filter((s) => s.dropped);
  }
}

/** The sandbox's merchant id for a facility: one Cybersource organization per campus. */
export function sandboxOrganizationId(facility: string): string {
  return `clearpost_sandbox_${facility.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
}
