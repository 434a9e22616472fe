/**
 * Where the transaction resource sits in a notification. The only published v3 example nests the event data
 * under `payload.data`; older envelopes send `payload[0].data`; our own earlier picture had it at `payload`
 * (Cybersource Webhooks Implementation Guide, REST, sample notifications). Any of the three is accepted, and
 * with message-level encryption each level may be a compact JWE, opened on the way down.
 */
import { MAX_JSON_DEPTH, parseJsonLimited } from '../../../shared/json-depth';
import { looksLikeCompactJwe, type JweOutcome } from './mle/open-jwe';

export type ResourceOutcome =
  | {
      readonly ok: true;
      readonly resource: unknown;
      readonly encrypted: boolean;
      readonly kid: string | null;
    }
  | { readonly ok: false; readonly jwe: Exclude<JweOutcome, { ok: true }> }
  | { readonly ok: false; readonly jwe: null; readonly detail: string };

type Open = (jwe: string) => Promise<JweOutcome>;

const isObj = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Steps down `payload.data` / `payload[0].data`, decrypting any JWE met; at most a few levels. */
export async function locateResource(payload: unknown, open: Open): Promise<ResourceOutcome> {
  let value = payload;
  let encrypted = false;
  let kid: string | null = null;
  for (let level = 0; level < 4; level += 1) {
    if (looksLikeCompactJwe(value)) {
      const opened = await open(value);
      if (!opened.ok) return { ok: false, jwe: opened };
      const parsed = parseJsonLimited(opened.plaintext);
      if (!parsed.ok)
        return {
          ok: false,
          jwe: null,
          detail:
            parsed.reason === 'too_deep'
              ? `The decrypted payload nests deeper than ${String(MAX_JSON_DEPTH)} levels.`
              : 'The decrypted payload is not JSON.',
        };
      value = parsed.value;
      encrypted = true;
      kid = opened.kid;
      continue;
    }
    if (Array.isArray(value) && value.length > 0 && isObj(value[0]) && 'data' in value[0]) {
      value = value[0].data;
      continue;
    }
    // A resource has its own id; a wrapper has `data` and no id.
    if (isObj(value) && 'data' in value && !('id' in value)) {
      value = value.data;
      continue;
    }
    break;
  }
  return { ok: true, resource: value, encrypted, kid };
}

/** The same walk without decryption, for inputs already decrypted (quarantine release). */
export function locatePlainResource(payload: unknown): unknown {
  let value = payload;
  for (let level = 0; level < 4; level += 1) {
    if (Array.isArray(value) && value.length > 0 && isObj(value[0]) && 'data' in value[0])
      value = value[0].data;
    else if (isObj(value) && 'data' in value && !('id' in value)) value = value.data;
    else break;
  }
  return value;
}
