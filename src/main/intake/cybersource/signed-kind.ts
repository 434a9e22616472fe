/**
 * What the transaction is, read from the signed (decrypted) payload itself: the REST resource's own link,
 * its amount block, its applications, its status. The envelope's `eventType` and the `v-c-event-type`
 * header are outside the HMAC, so anyone holding one signed capture could re-send it as a refund or void;
 * the kind therefore comes from here, and the event name only cross-checks it (map-payload.ts).
 *
 * Resource shapes follow Cybersource's REST API (developer.cybersource.com, Payments API reference):
 * `_links.self.href` is `/pts/v2/captures/{id}`, `/pts/v2/refunds/{id}`, `/pts/v2/credits/{id}`,
 * `/pts/v2/voids/{id}`, `/pts/v2/reversals/{id}` or `/pts/v2/payments/{id}`; refunds carry
 * `refundAmountDetails`, voids `voidAmountDetails`, credits `creditAmountDetails`, reversals
 * `reversalAmountDetails`; Transaction Search resources name their services (`ics_bill`, `ics_credit`, ...).
 */
import { classifyStatus } from './statuses';

export type SignedKind = 'payment' | 'refund' | 'void' | 'authorization' | 'reversal';

export interface SignedKindReading {
  readonly kind: SignedKind;
  /** Which signed field said so, for the operator (field names only, never values). */
  readonly evidence: string;
}

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const COLLECTIONS: Readonly<Record<string, SignedKind | 'payments'>> = {
  captures: 'payment',
  refunds: 'refund',
  credits: 'refund',
  voids: 'void',
  reversals: 'reversal',
  payments: 'payments',
};

const APPLICATIONS: Readonly<Record<string, SignedKind>> = {
  ics_bill: 'payment',
  ecp_debit: 'payment',
  ics_credit: 'refund',
  ecp_credit: 'refund',
  ics_void: 'void',
  ics_auth_reversal: 'reversal',
  ics_auth: 'authorization',
};

/** Statuses that say money was taken on a `/payments/` resource (a sale, an eCheck debit) or refused. */
const CAPTURED_STATUSES = new Set(['PENDING', 'TRANSMITTED', 'BATCHED', 'SETTLED', 'COMPLETED', 'ACCEPTED']);

function fromLink(resource: Obj): SignedKind | 'payments' | null {
  const links = resource._links;
  const self = isObj(links) ? links.self : undefined;
  const href = isObj(self) ? self.href : undefined;
  if (typeof href !== 'string') return null;
  const path = href.split('?')[0] ?? '';
  const segments = path.split('/').filter((s) => s !== '');
  // The last known collection decides: `/pts/v2/payments/{id}/refunds` is a refund.
  for (let i = segments.length - 1; i >= 0; i -= 1) {
    const kind = COLLECTIONS[(segments[i] ?? '').toLowerCase()];
    if (kind) return kind;
  }
  return null;
}

function fromApplications(resource: Obj): SignedKind | null {
  const info = resource.applicationInformation;
  const apps = isObj(info) ? info.applications : undefined;
  if (!Array.isArray(apps)) return null;
  const kinds = new Set<SignedKind>();
  for (const app of apps) {
    const name = isObj(app) && typeof app.name === 'string' ? app.name.toLowerCase() : '';
    const kind = APPLICATIONS[name];
    if (kind) kinds.add(kind);
  }
  // A sale lists ics_auth and ics_bill: the capture is what moved money.
  for (const kind of ['refund', 'void', 'reversal', 'payment', 'authorization'] as const)
    if (kinds.has(kind)) return kind;
  return null;
}

function paymentsResource(resource: Obj): SignedKindReading {
  const processing = resource.processingInformation;
  if (isObj(processing) && processing.capture === true)
    return { kind: 'payment', evidence: 'processingInformation.capture' };
  const status = typeof resource.status === 'string' ? resource.status.trim().toUpperCase() : '';
  if (CAPTURED_STATUSES.has(status) || classifyStatus(status) === 'declined')
    return { kind: 'payment', evidence: '_links.self and status' };
  return { kind: 'authorization', evidence: '_links.self and status' };
}

/** The kind the signed resource shows, or null when it does not say. */
export function signedKind(resource: unknown): SignedKindReading | null {
  if (!isObj(resource)) return null;
  const link = fromLink(resource);
  if (link === 'payments') return paymentsResource(resource);
  if (link) return { kind: link, evidence: '_links.self' };
  if (isObj(resource.refundAmountDetails)) return { kind: 'refund', evidence: 'refundAmountDetails' };
  if (isObj(resource.creditAmountDetails)) return { kind: 'refund', evidence: 'creditAmountDetails' };
  if (isObj(resource.voidAmountDetails)) return { kind: 'void', evidence: 'voidAmountDetails' };
  if (isObj(resource.reversalAmountDetails)) return { kind: 'reversal', evidence: 'reversalAmountDetails' };
  const app = fromApplications(resource);
  if (app === 'authorization') return paymentsResource(resource);
  if (app) return { kind: app, evidence: 'applicationInformation.applications' };
  const status = typeof resource.status === 'string' ? resource.status.trim().toUpperCase() : '';
  if (status === 'VOIDED' || status === 'CANCELLED') return { kind: 'void', evidence: 'status' };
  if (status === 'REVERSED') return { kind: 'reversal', evidence: 'status' };
  return null;
}
