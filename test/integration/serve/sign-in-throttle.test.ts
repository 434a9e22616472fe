/**
 * Issue 21, serve mode on a network: sign-in attempts are limited per address (a token bucket), answered
 * 429 with Retry-After before any password is checked, while another address still signs in; the bucket
 * refills with time and its memory stays bounded.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSignInThrottle } from '../../../src/main/api/http-sign-in-throttle';
import { startServe, type RunningServe } from '../../../src/main/serve';
import { consoleHeaders, FIRST_SUPERVISOR } from '../../helpers/serve-session';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const running: RunningServe[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});

function signIn(
  s: RunningServe,
  from: string,
  password: string,
): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: s.port,
        path: '/auth/sign-in',
        method: 'POST',
        localAddress: from,
        headers: { ...consoleHeaders(s.token), Host: `127.0.0.1:${String(s.port)}` },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ username: FIRST_SUPERVISOR.username, password }));
  });
}

describe('the sign-in throttle', () => {
  it('refuses past the burst with the wait, refills with time, and forgets the least recent address first', () => {
    let now = 0;
    const throttle = createSignInThrottle({ capacity: 3, perMinute: 6, maxAddresses: 2, now: () => now });
    expect([1, 2, 3].map(() => throttle.take('10.0.0.5').ok)).toEqual([true, true, true]);
    expect(throttle.take('10.0.0.5')).toEqual({ ok: false, retryAfterSeconds: 10 });
    now += 4_000;
    expect(throttle.take('10.0.0.5')).toEqual({ ok: false, retryAfterSeconds: 6 });
    now += 6_000;
    expect(throttle.take('10.0.0.5').ok).toBe(true);
    expect(throttle.take('10.0.0.5').ok).toBe(false);
    // Two other addresses push it out: it starts with a full bucket (the bound keeps memory flat).
    throttle.take('10.0.0.6');
    throttle.take('10.0.0.7');
    expect(throttle.take('10.0.0.5').ok).toBe(true);
  });

  it('answers 429 with Retry-After before checking the password, per address', async () => {
    let now = 1_000_000;
    const s = await startServe({
      dataDir: tempDir(),
      port: 0,
      rendererDir: null,
      sandbox: false,
      signInThrottle: createSignInThrottle({ capacity: 2, perMinute: 1, now: () => now }),
    });
    running.push(s);
    await fetch(`http://127.0.0.1:${String(s.port)}/auth/first-supervisor`, {
      method: 'POST',
      headers: consoleHeaders(s.token),
      body: JSON.stringify(FIRST_SUPERVISOR),
    });
    // The first supervisor's creation took one attempt of 127.0.0.1's two.
    expect((await signIn(s, '127.0.0.1', 'a wrong password')).status).toBe(401);
    const refused = await signIn(s, '127.0.0.1', FIRST_SUPERVISOR.password);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('60');
    expect(JSON.parse(refused.body)).toMatchObject({
      ok: false,
      error: { message: 'Too many sign-in attempts from this computer; try again in 60 seconds.' },
    });
    // Another address has its own bucket.
    expect((await signIn(s, '127.0.0.2', FIRST_SUPERVISOR.password)).status).toBe(200);
    now += 60_000;
    expect((await signIn(s, '127.0.0.1', FIRST_SUPERVISOR.password)).status).toBe(200);
  });
});
