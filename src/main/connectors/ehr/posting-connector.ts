/**
 * The skeleton every EHR connector shares: prepare the request the engine records, send it with a token
 * (authorized-request.ts), log and return an answerless failure as it came, read a 200/201 with the EHR's own
 * reader, classify anything else with the EHR's own classifier. A connector supplies only what differs:
 * its mapping, its accepted-answer reader, its error classifier and, when the EHR offers one, its lookup.
 */
import type { EhrSystem } from '../../../shared/domain';
import type { Logger } from '../../logger';
import { authorizedExchange, type ExchangeResult } from './authorized-request';
import { ehrError } from './errors';
import { externalIdFor } from './external-id';
import type { TokenProvider } from './token-provider';
import type { AxiosInstance } from 'axios';
import type {
  EhrConnector,
  EhrError,
  EhrOutcome,
  LookupResult,
  PostableEvent,
  PostResult,
  PreparedRequest,
  PrepareResult,
  SendOptions,
} from './types';

/** An answer the EHR gave (any status). */
export type Answer = Extract<ExchangeResult, { ok: true }>;

export type MappedBody = EhrOutcome<{ readonly externalId: string; readonly body: string }>;

export interface PostingConnectorSpec {
  readonly ehr: EhrSystem;
  /** How log lines name the EHR ("epic", "oracle health"). */
  readonly label: string;
  readonly config: { readonly id: string; readonly dedupesOnExternalId: boolean };
  readonly http: AxiosInstance;
  readonly tokens: TokenProvider;
  readonly logger: Logger;
  /** Where payments are POSTed, and the media type sent and accepted. */
  readonly postUrl: string;
  readonly contentType: string;
  map(event: PostableEvent): MappedBody;
  /** Reads a 200/201: the EHR's reference (null when it gave none) and whether it folded a repeat. */
  accepted(answer: Answer): { readonly ehrReference: string | null; readonly existing: boolean };
  /** Classifies every other status. */
  refused(answer: Answer): EhrError;
  /**
   * Asks the EHR for a posting by external id; a string instead says why the EHR offers no way (the
   * connector then answers `not_supported` with that sentence and `capabilities.lookup` is false).
   */
  readonly lookup: ((externalId: string, options?: SendOptions) => Promise<LookupResult>) | string;
}

export function createPostingConnector(spec: PostingConnectorSpec): EhrConnector {
  const { config, http, tokens, logger, label, contentType } = spec;

  function prepare(event: PostableEvent): PrepareResult {
    const mapped = spec.map(event);
    if (!mapped.ok) return mapped;
    return {
      ok: true,
      request: {
        method: 'POST',
        url: spec.postUrl,
        externalId: mapped.externalId,
        contentType,
        body: mapped.body,
      },
    };
  }

  async function send(request: PreparedRequest, options?: SendOptions): Promise<PostResult> {
    const result = await authorizedExchange(
      http,
      tokens,
      { method: 'POST', url: request.url, body: request.body, contentType, accept: contentType },
      options,
    );
    if (!result.ok) {
      logger.warn(
        { connection: config.id, code: result.error.code },
        `${label} post failed without an answer`,
      );
      return result;
    }
    if (result.status === 200 || result.status === 201) {
      const { ehrReference, existing } = spec.accepted(result);
      if (!ehrReference)
        logger.warn({ connection: config.id }, `${label} accepted a posting without a reference`);
      return { ok: true, ehrReference, httpStatus: result.status, existing };
    }
    const error = spec.refused(result);
    logger.info(
      { connection: config.id, status: result.status, code: error.code },
      `${label} refused a posting`,
    );
    return { ok: false, error };
  }

  const lookupBy = spec.lookup;
  const lookup =
    typeof lookupBy === 'string'
      ? (): Promise<LookupResult> =>
          Promise.resolve({ ok: false, error: ehrError('not_supported', { message: lookupBy }) })
      : lookupBy;

  return {
    connectionId: config.id,
    ehr: spec.ehr,
    capabilities: {
      lookup: typeof lookupBy !== 'string',
      serverDedupesOnExternalId: config.dedupesOnExternalId,
    },
    prepare,
    send,
    async post(event, options) {
      const prepared = prepare(event);
      if (!prepared.ok) return prepared;
      return send(prepared.request, options);
    },
    lookup,
    externalIdFor,
    close() {
      /* no pooled sockets: keep-alive is off (http-client.ts) */
    },
  };
}
