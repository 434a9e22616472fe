/**
 * Funding through Cybersource's Reporting REST API, signed with HTTP Signature like the backfill client
 * (intake/backfill/http-signature.ts):
 *   - GET /reporting/v3/purchase-refund-details?startTime=&endTime=&organizationId=&offset=&limit=
 *   - GET /reporting/v3/net-fundings?startTime=&endTime=&organizationId=
 *   - GET /reporting/v3/chargeback-details?startTime=&endTime=&organizationId=
 * ("Reporting API: Purchase and Refund Details" and "Net Funding", developer.cybersource.com; parameters as
 * in the ReportingV3 APIs of Cybersource's published REST clients). Purchase & Refund Details come in pages
 * of `limit` rows from `offset`; every page is read before anything is stored, so a failure half-way stores
 * nothing. The answers go through the same readers and the same store as a file saved from the API; the
 * chargebacks through the one path a Chargeback Details file takes (case-rows.ts): stored once, unmatched ones
 * quarantined, and each reversal (or won case's re-post) stored for the EHR in the same transaction.
 */
import type { AxiosInstance } from 'axios';
import type { Database } from 'better-sqlite3';
import type { Clock } from '../../clock';
import { createHttpClient } from '../../connectors/ehr/http-client';
import { guard } from '../../lib/card-guard';
import { sha256 } from '../../lib/sha256';
import { signRequest, type SigningCredentials } from '../../intake/backfill/http-signature';
import type { Repositories } from '../../store/repositories';
import { storeChargebackRows } from './case-rows';
import { readChargebackAnswer } from './chargeback-api-rows';
import type { FundingRejection } from './funding-item';
import { readNetFunding } from './net-funding';
import { readPurchaseRefundDetails } from './purchase-refund-details';
import type { ReversalDeps } from './reversal-events';

export interface FundingApiConfig extends SigningCredentials {
  readonly baseUrl: string;
  readonly timeoutMs?: number;
}

export class FundingApiError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = 'FundingApiError';
  }
}

/** Rows per page asked of Purchase & Refund Details, and a bound so a looping server cannot hold us forever. */
const PAGE = 2000;
const MAX_PAGES = 500;

export interface FundingPullSummary {
  readonly rows: number;
  readonly imported: number;
  /** Unreadable rows newly kept in quarantine (one already held from an earlier pull is not counted again). */
  readonly quarantined: number;
  readonly pages: number;
  readonly netFundingTotals: number;
}

export interface ChargebackPullSummary {
  readonly rows: number;
  readonly imported: number;
  /** New quarantine entries: unreadable rows, cases whose payment Clearpost lacks, follow-ups intake refused. */
  readonly quarantined: number;
  readonly reversals: number;
  readonly reposted: number;
}

const API_REF = 'cybersource reporting API';

/**
 * Keeps each unreadable row, once: by intake's quarantine idempotency keys, a day pulled again adds no second
 * entry (and one a person discarded does not come back). Returns how many were new.
 */
function quarantineRejected(
  rejected: readonly FundingRejection[],
  repos: Pick<Repositories, 'quarantine' | 'intakeKeys'>,
  now: number,
): number {
  let added = 0;
  for (const rejection of rejected) {
    const sourceRef = `${API_REF}#${rejection.ref}`;
    const redactedInput = JSON.stringify(guard(rejection.input).redacted);
    const key = `funding-api:${sha256(`${sourceRef}\n${redactedInput}`)}`;
    if (repos.intakeKeys.find(key) !== null) continue;
    const entry = repos.quarantine.add(
      {
        source: 'file',
        sourceRef,
        reasonCode: 'invalid_funding_row',
        reason: rejection.reason,
        redactedInput,
      },
      now,
    );
    repos.intakeKeys.remember(key, entry.id, now);
    added += 1;
  }
  return added;
}

export function createFundingApi(config: FundingApiConfig, clock: Clock, http?: AxiosInstance) {
  const client =
    http ?? createHttpClient({ connectTimeoutMs: 10_000, responseTimeoutMs: config.timeoutMs ?? 60_000 });
  const base = new URL(config.baseUrl);

  async function getJson(path: string, query: URLSearchParams, what: string): Promise<unknown> {
    const target = `${path}?${query.toString()}`;
    const headers = signRequest(
      { method: 'GET', target, host: base.host, date: new Date(clock.now()).toUTCString() },
      config,
    );
    let response;
    try {
      response = await client.request<string>({
        method: 'GET',
        url: new URL(target, base).href,
        headers: { ...headers, accept: 'application/hal+json, application/json' },
      });
    } catch (error) {
      throw new FundingApiError(
        `Cybersource could not be reached for ${what} (${error instanceof Error ? error.message : 'no answer'}); try again later.`,
        null,
      );
    }
    if (response.status === 401 || response.status === 403) {
      throw new FundingApiError(
        `Cybersource refused the credentials for ${what} (HTTP ${String(response.status)}): check the merchant id, key id and shared secret.`,
        response.status,
      );
    }
    if (response.status < 200 || response.status >= 300) {
      throw new FundingApiError(
        `Cybersource answered HTTP ${String(response.status)} for ${what}.`,
        response.status,
      );
    }
    try {
      return JSON.parse(response.data) as unknown;
    } catch {
      throw new FundingApiError(`Cybersource sent ${what} in no readable form.`, response.status);
    }
  }

  return {
    /**
     * Reads a period's Purchase & Refund Details (every page) and its Net Funding totals, then stores them in
     * one transaction: items per payment with their batches, rows that cannot be read in quarantine.
     */
    async pull(
      request: { organizationId: string; startTime: string; endTime: string },
      deps: {
        db: Database;
        repos: Pick<Repositories, 'funding' | 'quarantine' | 'intakeKeys'>;
        clock: Clock;
      },
    ): Promise<FundingPullSummary> {
      const what = `the funding of ${request.organizationId} from ${request.startTime} to ${request.endTime}`;
      const pages: unknown[] = [];
      for (let offset = 0, page = 0; ; offset += PAGE, page += 1) {
        if (page >= MAX_PAGES)
          throw new FundingApiError(`${what} did not end after ${String(MAX_PAGES)} pages.`, null);
        const query = new URLSearchParams({ ...request, offset: String(offset), limit: String(PAGE) });
        const answer = await getJson('/reporting/v3/purchase-refund-details', query, what);
        pages.push(answer);
        const settlements = (answer as { settlements?: unknown[] }).settlements;
        if (!Array.isArray(settlements) || settlements.length < PAGE) break;
      }
      const net = await getJson('/reporting/v3/net-fundings', new URLSearchParams(request), what);
      const reads = pages.map((p) => readPurchaseRefundDetails(p, { merchantId: request.organizationId }));
      const totals = readNetFunding(net, request.organizationId);
      const now = deps.clock.now();
      const quarantined = deps.db
        .transaction(() => {
          let added = 0;
          for (const read of reads) {
            deps.repos.funding.recordItems(read.items, null, now);
            added += quarantineRejected(read.rejected, deps.repos, now);
          }
          deps.repos.funding.recordNetFunding(totals, null, now);
          return added;
        })
        .immediate();
      const imported = reads.reduce((s, r) => s + r.items.length, 0);
      const rejected = reads.reduce((s, r) => s + r.rejected.length, 0);
      return {
        rows: imported + rejected,
        imported,
        quarantined,
        pages: pages.length,
        netFundingTotals: totals.length,
      };
    },

    /**
     * Reads a period's chargeback case actions and stores them as a Chargeback Details file is stored: the
     * same cases, the same reversals, the same quarantine; a re-pull adds nothing.
     */
    async pullChargebacks(
      request: { organizationId: string; startTime: string; endTime: string },
      deps: ReversalDeps,
    ): Promise<ChargebackPullSummary> {
      const what = `the chargebacks of ${request.organizationId} from ${request.startTime} to ${request.endTime}`;
      const answer = await getJson('/reporting/v3/chargeback-details', new URLSearchParams(request), what);
      let read: ReturnType<typeof readChargebackAnswer>;
      try {
        read = readChargebackAnswer(answer);
      } catch (error) {
        throw new FundingApiError(`Cybersource sent ${what}, but ${(error as Error).message}.`, 200);
      }
      const now = deps.clock.now();
      const stored = deps.db
        .transaction(() => ({
          unreadable: quarantineRejected(read.rejected, deps.repos, now),
          ...storeChargebackRows(read.rows, { fileId: null, sourceRef: API_REF }, deps, now),
        }))
        .immediate();
      return {
        rows: read.rows.length + read.rejected.length,
        imported: stored.imported,
        quarantined: stored.unreadable + stored.unmatched + stored.followUps.quarantined,
        reversals: stored.followUps.stored,
        reposted: stored.followUps.reposted,
      };
    },
  };
}
