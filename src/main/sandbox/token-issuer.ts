/** A simulator's OAuth2 authorization server: client credentials in, opaque bearer tokens out. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock';

export type TokenCheck = 'valid' | 'missing' | 'unknown' | 'expired';

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class TokenIssuer {
  private readonly tokens = new Map<string, number>();
  issued = 0;

  constructor(
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly clock: Clock,
    /** Cerner's system tokens live 570 s. */
    readonly lifetimeSeconds = 570,
  ) {}

  checkClient(id: string | undefined, secret: string | undefined): boolean {
    return (
      id !== undefined &&
      secret !== undefined &&
      sameText(id, this.clientId) &&
      sameText(secret, this.clientSecret)
    );
  }

  issue(): { token: string; expiresIn: number } {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, this.clock.now() + this.lifetimeSeconds * 1000);
    this.issued += 1;
    return { token, expiresIn: this.lifetimeSeconds };
  }

  check(authorization: string | undefined): { result: TokenCheck; token: string | null } {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const token = match?.[1];
    if (!token) return { result: 'missing', token: null };
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return { result: 'unknown', token };
    if (this.clock.now() >= expiresAt) return { result: 'expired', token };
    return { result: 'valid', token };
  }

  revoke(token: string): void {
    this.tokens.set(token, 0);
  }

  revokeAll(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }
}
