/**
 * `settings.testReporting`: one signed request to Cybersource's Reporting REST API with the saved reporting
 * account, exactly as the morning backfill will make it (HTTP Signature; Cybersource Reporting REST API,
 * "Download a Report", GET /reporting/v3/report-downloads), and what came of it in plain words. It reads
 * only: the report is downloaded and dropped, nothing is imported.
 */
import type { ReportingTestResult } from '../../../shared/commands/reporting';
import { sourceFromSettings } from '../../intake/backfill/backfill-source';
import {
  CybersourceApiError,
  createCybersourceRestClient,
} from '../../intake/backfill/cybersource-rest-client';
import { previousDay } from '../../lib/time-zone';
import { ApiFailure, type Handler } from '../dispatcher';
import type { HandlerContext } from './context';

/** Recorded in the audit trail with its outcome (never the account's values). */
export const REPORTING_TESTED = 'settings.reporting.tested';

function sizeOf(text: string): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes < 1024 ? `${String(bytes)} bytes` : `${String(Math.round(bytes / 1024))} KB`;
}

export function reportingHandlers(ctx: HandlerContext): {
  'settings.testReporting': Handler<'settings.testReporting'>;
} {
  const test = async (): Promise<ReportingTestResult> => {
    if (!ctx.trust) throw new ApiFailure('unavailable', 'Settings are not set up in this Clearpost');
    const resolved = await sourceFromSettings(ctx.trust.settings.get(), ctx.trust.vault);
    if (!resolved.ok) {
      const stage = ctx.trust.settings.get().cybersourceReporting ? 'secret' : 'settings';
      return { ok: false, stage, message: resolved.reason, httpStatus: null };
    }
    const { rest, plan } = resolved.source;
    const [organization] = plan.organizations;
    if (!organization)
      return { ok: false, stage: 'settings', message: 'No organization is saved.', httpStatus: null };
    const query = {
      organizationId: organization.organizationId,
      reportDate: previousDay(ctx.clock.now(), plan.timeZone),
      reportName: plan.reportName,
    };
    const client = createCybersourceRestClient({ ...rest, timeoutMs: 30_000 }, ctx.clock);
    try {
      const report = await client.downloadReport(query);
      return {
        ok: true,
        stage: 'done',
        message:
          `Cybersource (${new URL(rest.baseUrl).host}) accepted the signed request for merchant ${rest.merchantId} ` +
          `and sent the ${query.reportName} report of ${query.reportDate} for ${query.organizationId} ` +
          `(${sizeOf(report)}). The morning backfill can run with these settings.`,
        httpStatus: 200,
      };
    } catch (error) {
      if (!(error instanceof CybersourceApiError)) throw error;
      // A 404 comes after the signature was accepted: the account works, the report is what is missing.
      const message =
        error.code === 'no_report'
          ? `Cybersource accepted the credentials but has no ${query.reportName} report of ${query.reportDate} ` +
            `for ${query.organizationId} (HTTP 404): the report may not be ready yet, or the report name is not ` +
            'the one subscribed in the Business Center.'
          : error.message;
      return { ok: false, stage: 'request', message, httpStatus: error.httpStatus };
    }
  };

  return {
    'settings.testReporting': async (_args, caller) => {
      const result = await test();
      ctx.db
        .transaction(() =>
          ctx.repos.audit.append(
            {
              actor: caller.actor,
              action: REPORTING_TESTED,
              subjectType: 'settings',
              subjectId: 'cybersourceReporting',
              details: { ok: result.ok, stage: result.stage, httpStatus: result.httpStatus },
            },
            ctx.clock.now(),
          ),
        )
        .immediate();
      ctx.bus.changed('audit_events');
      return result;
    },
  };
}
