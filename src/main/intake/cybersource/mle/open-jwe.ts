/**
 * Opens a compact JWE as Cybersource sends payment webhooks since guide revision 26.1.01 (key wrap
 * RSA-OAEP-256, content A256GCM; "Message-Level Encryption", Cybersource Webhooks Implementation Guide, REST),
 * with the `jose` library rather than hand-written crypto. Only those two algorithms are accepted, so a
 * header naming a weaker one is refused rather than obeyed.
 *
 * Anyone can encrypt to a public key: decryption proves nothing about the sender. The HMAC signature over
 * the notification stays the authentication; this only reveals the payload.
 */
import type { KeyObject } from 'node:crypto';
import { compactDecrypt, decodeProtectedHeader } from 'jose';

const COMPACT_JWE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export type JweOutcome =
  | { readonly ok: true; readonly plaintext: string; readonly kid: string | null }
  /** No held key opens it: encrypted to a key this installation does not hold (or not any longer). */
  | { readonly ok: false; readonly failure: 'unknown_key'; readonly kid: string | null }
  /** The key is ours but the content does not authenticate: changed on the way, or damaged. */
  | { readonly ok: false; readonly failure: 'tampered'; readonly kid: string | null }
  /** Not a JWE Clearpost can read (header unreadable, other algorithms). */
  | {
      readonly ok: false;
      readonly failure: 'malformed';
      readonly kid: string | null;
      readonly detail: string;
    };

export function looksLikeCompactJwe(value: unknown): value is string {
  return typeof value === 'string' && value.length < 1_000_000 && COMPACT_JWE.test(value);
}

const OPTIONS = {
  keyManagementAlgorithms: ['RSA-OAEP-256'],
  contentEncryptionAlgorithms: ['A256GCM'],
};

export interface JweKeys {
  /** Re-reads the keys (one rotated by another process); optional. */
  reload?(): void;
  candidates(
    kid: string | null,
  ): Promise<{ readonly named: KeyObject | null; readonly all: readonly KeyObject[] }>;
}

export async function openJwe(jwe: string, keys: JweKeys): Promise<JweOutcome> {
  let kid: string | null = null;
  try {
    const header = decodeProtectedHeader(jwe);
    kid = typeof header.kid === 'string' ? header.kid.slice(0, 200) : null;
    if (header.alg !== 'RSA-OAEP-256' || header.enc !== 'A256GCM') {
      return {
        ok: false,
        failure: 'malformed',
        kid,
        detail: `It is encrypted with ${String(header.alg)} / ${String(header.enc)}, not RSA-OAEP-256 / A256GCM.`,
      };
    }
  } catch {
    return { ok: false, failure: 'malformed', kid: null, detail: 'Its JWE header cannot be read.' };
  }
  const first = await withKeys(jwe, kid, keys);
  if (first.ok || first.failure !== 'unknown_key' || !keys.reload) return first;
  // Perhaps rotated since the keys were read (`clearpost mle-key --rotate` in another process): read again.
  keys.reload();
  return withKeys(jwe, kid, keys);
}

async function withKeys(jwe: string, kid: string | null, keys: JweKeys): Promise<JweOutcome> {
  const { named, all } = await keys.candidates(kid);
  if (named) {
    // The header names a key we hold: a failure now is the content, not the key.
    const opened = await tryKey(jwe, named);
    return opened === null ? { ok: false, failure: 'tampered', kid } : { ok: true, plaintext: opened, kid };
  }
  // Cybersource may name the key by an id of its own key management (not ours): try each key we hold.
  // RSA-OAEP with the wrong key fails at the key unwrap, so this costs one private-key operation per key.
  for (const key of all) {
    const opened = await tryKey(jwe, key);
    if (opened !== null) return { ok: true, plaintext: opened, kid };
  }
  return { ok: false, failure: 'unknown_key', kid };
}

// One decoder for every payload: decoding without `stream` keeps no state between calls.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

async function tryKey(jwe: string, key: KeyObject): Promise<string | null> {
  try {
    const { plaintext } = await compactDecrypt(jwe, key, OPTIONS);
    return UTF8.decode(plaintext);
  } catch {
    return null;
  }
}
