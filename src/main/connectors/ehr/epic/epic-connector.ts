/**
 * Epic connector over the modeled payment contract (ASSUMPTION, see payment-request.ts). Epic keeps the
 * processor's transaction id on the electronic payment, so a lookup by it is offered and the engine can
 * settle ambiguous attempts before re-posting.
 */
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { Clock } from '../../../clock';
import type { Logger } from '../../../logger';
import { authorizedExchange, header, type ExchangeResult } from '../authorized-request';
import type { EpicConnectionConfig } from '../config';
import { createPostingConnector, type Answer } from '../posting-connector';
import { parseRetryAfter } from '../retry-after';
import type { ConnectorRegistration } from '../registry';
import type { TokenProvider } from '../token-provider';
import type { EhrConnector, LookupResult, SendOptions } from '../types';
import { epicError } from './classify-response';
import { readLookupAnswer } from './lookup-answer';
import { mapEpicPayment } from './payment-request';

export interface EpicConnectorDeps {
  readonly config: EpicConnectionConfig;
  readonly http: AxiosInstance;
  readonly tokens: TokenProvider;
  readonly clock: Clock;
  readonly logger: Logger;
}

const JSON_TYPE = 'application/json';

/** Epic's answer to a payment it took: the payment's id, when it gave one. */
const Accepted = z.looseObject({ PaymentID: z.string().min(1) });

function paymentIdIn(body: string): string | null {
  try {
    const answer = Accepted.safeParse(JSON.parse(body));
    return answer.success ? answer.data.PaymentID : null;
  } catch {
    return null;
  }
}

/** The registration (registry.ts): Epic's own connector, chosen by every Epic connection by default. */
export const epicConnector: ConnectorRegistration<'epic'> = {
  name: 'epic',
  ehr: 'epic',
  create: (parts) => createEpicConnector(parts),
};

export function createEpicConnector(deps: EpicConnectorDeps): EhrConnector {
  const { config, http, tokens, clock } = deps;
  const base = config.baseUrl.replace(/\/+$/, '');
  const lookupUrl = `${base}${config.paths.lookup}`;

  const errorFrom = (answer: Answer) =>
    epicError(
      answer.status,
      answer.body,
      parseRetryAfter(header(answer.headers, 'retry-after'), clock),
      clock,
      config.timeZone,
    );

  async function lookup(externalId: string, options?: SendOptions): Promise<LookupResult> {
    const url = `${lookupUrl}?${new URLSearchParams({ ExternalTransactionID: externalId }).toString()}`;
    const result: ExchangeResult = await authorizedExchange(
      http,
      tokens,
      { method: 'GET', url, accept: JSON_TYPE },
      options,
    );
    if (!result.ok) return result;
    if (result.status !== 200) return { ok: false, error: errorFrom(result) };
    return readLookupAnswer(result.body, externalId);
  }

  return createPostingConnector({
    ...deps,
    ehr: 'epic',
    label: 'epic',
    postUrl: `${base}${config.paths.post}`,
    contentType: JSON_TYPE,
    map: (event) => mapEpicPayment(event, config),
    // 200 rather than 201: Epic answered with a payment it already had for this external id.
    accepted: (answer) => ({ ehrReference: paymentIdIn(answer.body), existing: answer.status === 200 }),
    refused: errorFrom,
    lookup,
  });
}
