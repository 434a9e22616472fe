import { describe, expect, it } from 'vitest';
import { tokenNeeded } from '../../src/renderer/src/transport/token-needed';

describe('tokenNeeded', () => {
  it('asks for the printed link on loopback, in every spelling of it', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', 'LOCALHOST', '[::1]', '::1'])
      expect(tokenNeeded(host), host).toBe(true);
  });

  it('goes straight to sign-in on a network address or name, where no token exists', () => {
    for (const host of [
      '10.77.0.1',
      'clearpost.hospital.example',
      '[fe80::1]',
      '127.example.org',
      '1127.0.0.1',
    ])
      expect(tokenNeeded(host), host).toBe(false);
  });
});
