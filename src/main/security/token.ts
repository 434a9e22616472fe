import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh console token: 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time whatever the lengths, so the token cannot be guessed byte by byte. */
export function tokensEqual(presented: string | undefined | null, expected: string): boolean {
  if (!presented) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
