/**
 * The installation's message-level encryption (MLE) keys: RSA 2048 key pairs whose public half Cybersource
 * encrypts payment webhooks to (JWE, RSA-OAEP-256 + A256GCM; "Message-Level Encryption", Cybersource
 * Webhooks Implementation Guide, REST). Each private key is sealed in the vault under `mle.<kid>`, with its
 * self-signed certificate and creation time beside it; nothing else is kept anywhere.
 *
 * The first pair is generated on first use. Rotation adds a pair and keeps the older ones, so notifications
 * already encrypted to the old key still open until an operator removes it. The newest pair is the one to
 * register with Cybersource.
 */
import { createHash, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { SecretBinding } from '../../../vault/secret-binding';
import type { Vault } from '../../../vault/vault';
import { privateKeyFromPem, selfSignedCertificate } from './self-signed-certificate';

const generateKeyPairAsync = promisify(generateKeyPair);

const PREFIX = 'mle.';
/** Two years, the usual ceiling for a certificate a partner registers. */
const CERTIFICATE_DAYS = 730;

export interface MleKeyInfo {
  /** Key id: the certificate's common name, and the `kid` this installation expects in a JWE header. */
  readonly kid: string;
  /** SHA-256 of the public key (SubjectPublicKeyInfo, DER), hex pairs: what an operator compares. */
  readonly fingerprint: string;
  readonly createdAt: number;
  readonly certificatePem: string;
  readonly publicKeyPem: string;
  readonly publicJwk: Readonly<Record<string, unknown>>;
}

interface HeldKey extends MleKeyInfo {
  readonly privateKey: KeyObject;
}

const Sealed = z.object({
  privateKeyPem: z.string().min(1),
  certificatePem: z.string().min(1),
  createdAt: z.number().int().nonnegative(),
});

function binding(kid: string): SecretBinding {
  // The private key is used here only, to open what Cybersource encrypted to it.
  return { purpose: 'mle-private-key', owner: kid, endpoint: `mle:${kid}` };
}

function fingerprintOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').match(/../g)?.join(':') ?? '';
}

function held(kid: string, sealed: z.output<typeof Sealed>): HeldKey {
  const privateKey = privateKeyFromPem(sealed.privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  return {
    kid,
    privateKey,
    fingerprint: fingerprintOf(publicKey),
    createdAt: sealed.createdAt,
    certificatePem: sealed.certificatePem,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'enc', alg: 'RSA-OAEP-256' },
  };
}

function newKid(now: number): string {
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '');
  return `clearpost-mle-${day}-${randomBytes(4).toString('hex')}`;
}

export interface MleKeyRing {
  /** Every held key, newest first (the first is the one to register). Reads the vault the first time. */
  list(): Promise<readonly MleKeyInfo[]>;
  /** The newest key, generated and sealed when there is none yet. */
  ensure(): Promise<MleKeyInfo>;
  /** A new pair; the older ones keep decrypting until removed. */
  rotate(): Promise<MleKeyInfo>;
  /** Removes a key (it no longer decrypts); false when it was not held. */
  remove(kid: string): Promise<boolean>;
  /** Private keys to try for a JWE whose header names `kid`: the named one, else every held key. */
  candidates(
    kid: string | null,
  ): Promise<{ readonly named: KeyObject | null; readonly all: readonly KeyObject[] }>;
  /** Forgets what was read, so a key rotated by another process (`clearpost mle-key --rotate`) is seen. */
  reload(): void;
}

export function createMleKeyRing(vault: Vault, now: () => number): MleKeyRing {
  let loaded: Promise<HeldKey[]> | null = null;

  async function read(): Promise<HeldKey[]> {
    const names = (await vault.names()).filter((n) => n.startsWith(PREFIX));
    const keys: HeldKey[] = [];
    for (const name of names) {
      const kid = name.slice(PREFIX.length);
      const text = await vault.get(name, binding(kid));
      if (text === null) continue;
      const sealed = Sealed.safeParse(JSON.parse(text) as unknown);
      if (sealed.success) keys.push(held(kid, sealed.data));
    }
    return keys.sort((a, b) => b.createdAt - a.createdAt);
  }
  const keys = (): Promise<HeldKey[]> => (loaded ??= read());

  async function generate(): Promise<HeldKey> {
    const at = now();
    const kid = newKid(at);
    const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
    const certificatePem = selfSignedCertificate({
      privateKey,
      commonName: kid,
      notBefore: at - 60_000,
      notAfter: at + CERTIFICATE_DAYS * 86_400_000,
    });
    const sealed = {
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      certificatePem,
      createdAt: at,
    };
    await vault.set(`${PREFIX}${kid}`, JSON.stringify(sealed), binding(kid));
    loaded = null;
    return held(kid, sealed);
  }

  const info = ({ privateKey: _secret, ...rest }: HeldKey): MleKeyInfo => rest;

  return {
    async list() {
      return (await keys()).map(info);
    },
    async ensure() {
      const [newest] = await keys();
      return info(newest ?? (await generate()));
    },
    async rotate() {
      return info(await generate());
    },
    async remove(kid) {
      const removed = await vault.delete(`${PREFIX}${kid}`);
      loaded = null;
      return removed;
    },
    async candidates(kid) {
      const all = await keys();
      return { named: all.find((k) => k.kid === kid)?.privateKey ?? null, all: all.map((k) => k.privateKey) };
    },
    reload() {
      loaded = null;
    },
  };
}
