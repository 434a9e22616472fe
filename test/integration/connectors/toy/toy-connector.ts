/**
 * A toy EHR connector, written as docs/architecture.md ("Adding an EHR connector") says a real one is: one
 * folder holding the request mapping, the answer classification and the registration. It posts payments
 * routed to Epic, as a second interface to the same EHR would, to the loopback toy EHR beside it.
 */
import { z } from 'zod';
import { authorizedExchange } from '../../../../src/main/connectors/ehr/authorized-request';
import { codeForStatus, ehrError } from '../../../../src/main/connectors/ehr/errors';
import { externalIdFor } from '../../../../src/main/connectors/ehr/external-id';
import type { ConnectorRegistration } from '../../../../src/main/connectors/ehr/registry';
import type { EhrConnector, PostResult, PreparedRequest } from '../../../../src/main/connectors/ehr/types';

const JSON_TYPE = 'application/json';
/** The toy EHR's answer to a payment or a lookup: zod reads it, as a connector reads any EHR's answer. */
const Answer = z.object({ reference: z.string().min(1) });

export const toyConnector: ConnectorRegistration<'epic'> = {
  name: 'toy',
  ehr: 'epic',
  create({ config, http, tokens }): EhrConnector {
    const base = config.baseUrl.replace(/\/+$/, '');
    const prepare: EhrConnector['prepare'] = (event) => {
      if (!event.guarantorAccount)
        return { ok: false, error: ehrError('mapping_failed', { message: 'No guarantor account.' }) };
      const externalId = externalIdFor(event);
      const body = JSON.stringify({
        externalId,
        account: event.guarantorAccount,
        amountMinor: event.amountMinor,
      });
      return {
        ok: true,
        request: { method: 'POST', url: `${base}/payments`, externalId, contentType: JSON_TYPE, body },
      };
    };
    const send = async (request: PreparedRequest): Promise<PostResult> => {
      const result = await authorizedExchange(http, tokens, {
        method: 'POST',
        url: request.url,
        body: request.body,
        contentType: JSON_TYPE,
        accept: JSON_TYPE,
      });
      if (!result.ok) return result;
      if (result.status !== 200 && result.status !== 201)
        return { ok: false, error: ehrError(codeForStatus(result.status), { httpStatus: result.status }) };
      const answer = Answer.safeParse(JSON.parse(result.body || 'null'));
      if (!answer.success)
        return { ok: false, error: ehrError('unexpected_response', { httpStatus: result.status }) };
      return {
        ok: true,
        ehrReference: answer.data.reference,
        httpStatus: result.status,
        existing: result.status === 200,
      };
    };
    return {
      connectionId: config.id,
      ehr: 'epic',
      capabilities: { lookup: true, serverDedupesOnExternalId: true },
      prepare,
      send,
      async post(event) {
        const prepared = prepare(event);
        return prepared.ok ? send(prepared.request) : prepared;
      },
      async lookup(externalId) {
        const url = `${base}/payments?${new URLSearchParams({ externalId }).toString()}`;
        const result = await authorizedExchange(http, tokens, { method: 'GET', url, accept: JSON_TYPE });
        if (!result.ok) return result;
        if (result.status === 404) return { ok: true, found: false };
        const answer = Answer.safeParse(JSON.parse(result.body || 'null'));
        if (result.status !== 200 || !answer.success)
          return { ok: false, error: ehrError(codeForStatus(result.status), { httpStatus: result.status }) };
        return {
          ok: true,
          found: true,
          ehrReference: answer.data.reference,
          amountMinor: null,
          postedAt: null,
        };
      },
      externalIdFor,
      close() {
        /* keep-alive is off in the shared HTTP client: nothing pooled to close */
      },
    };
  },
};
