/**
 * A toy EHR connector, written as docs/architecture.md ("Adding an EHR connector") says a real one is: one
 * folder holding the request mapping, the answer classification and the registration, on the shared
 * skeleton (posting-connector.ts). It posts payments routed to Epic, as a second interface to the same EHR
 * would, to the loopback toy EHR beside it.
 */
import { z } from 'zod';
import { authorizedExchange } from '../../../../src/main/connectors/ehr/authorized-request';
import { codeForStatus, ehrError } from '../../../../src/main/connectors/ehr/errors';
import { externalIdFor } from '../../../../src/main/connectors/ehr/external-id';
import { createPostingConnector } from '../../../../src/main/connectors/ehr/posting-connector';
import type { ConnectorRegistration } from '../../../../src/main/connectors/ehr/registry';
import type { LookupResult } from '../../../../src/main/connectors/ehr/types';

const JSON_TYPE = 'application/json';
/** The toy EHR's answer to a payment or a lookup: zod reads it, as a connector reads any EHR's answer. */
const Answer = z.object({ reference: z.string().min(1) });

function referenceIn(body: string): string | null {
  try {
    const answer = Answer.safeParse(JSON.parse(body));
    return answer.success ? answer.data.reference : null;
  } catch {
    return null;
  }
}

export const toyConnector: ConnectorRegistration<'epic'> = {
  name: 'toy',
  ehr: 'epic',
  create(parts) {
    const { config, http, tokens } = parts;
    const base = config.baseUrl.replace(/\/+$/, '');
    return createPostingConnector({
      ...parts,
      ehr: 'epic',
      label: 'toy',
      config: { id: config.id, dedupesOnExternalId: true },
      postUrl: `${base}/payments`,
      contentType: JSON_TYPE,
      map(event) {
        if (!event.guarantorAccount)
          return { ok: false, error: ehrError('mapping_failed', { message: 'No guarantor account.' }) };
        const externalId = externalIdFor(event);
        const body = JSON.stringify({
          externalId,
          account: event.guarantorAccount,
          amountMinor: event.amountMinor,
        });
        return { ok: true, externalId, body };
      },
      accepted: (answer) => ({ ehrReference: referenceIn(answer.body), existing: answer.status === 200 }),
      refused: (answer) => ehrError(codeForStatus(answer.status), { httpStatus: answer.status }),
      async lookup(externalId, options): Promise<LookupResult> {
        const url = `${base}/payments?${new URLSearchParams({ externalId }).toString()}`;
        const result = await authorizedExchange(
          http,
          tokens,
          { method: 'GET', url, accept: JSON_TYPE },
          options,
        );
        if (!result.ok) return result;
        if (result.status === 404) return { ok: true, found: false };
        const reference = result.status === 200 ? referenceIn(result.body) : null;
        if (!reference)
          return { ok: false, error: ehrError(codeForStatus(result.status), { httpStatus: result.status }) };
        return { ok: true, found: true, ehrReference: reference, amountMinor: null, postedAt: null };
      },
    });
  },
};
