import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { addressedHere, isCrossSite } from '../../../src/main/api/request-origin';

function req(headers: IncomingMessage['headers']): IncomingMessage {
  const message = new IncomingMessage(new Socket());
  message.headers = headers;
  return message;
}

describe('addressedHere', () => {
  it('on loopback refuses a foreign name (DNS rebinding) and another port', () => {
    expect(addressedHere('evil.example:8443', 8443, true, 'http')).toBe(false);
    expect(addressedHere('127.0.0.1:9000', 8443, true, 'http')).toBe(false);
    expect(addressedHere('127.0.0.1', 8443, true, 'http')).toBe(false);
    expect(addressedHere('127.0.0.1:8443', 8443, true, 'http')).toBe(true);
    expect(addressedHere('[::1]:8443', 8443, true, 'https')).toBe(true);
  });

  it('off loopback takes the name the certificate vouches for, on this port only', () => {
    expect(addressedHere('clearpost.hospital.example:8443', 8443, false, 'https')).toBe(true);
    expect(addressedHere('10.77.0.1:8443', 8443, false, 'https')).toBe(true);
    expect(addressedHere('[fe80::1]:8443', 8443, false, 'https')).toBe(true);
    // No port in Host means the scheme's own.
    expect(addressedHere('clearpost.hospital.example', 443, false, 'https')).toBe(true);
    expect(addressedHere('clearpost.hospital.example', 8443, false, 'https')).toBe(false);
    expect(addressedHere('clearpost.hospital.example:9000', 8443, false, 'https')).toBe(false);
    for (const malformed of ['', 'user@host:8443', 'a b:8443', 'host:8443/path'])
      expect(addressedHere(malformed, 8443, false, 'https'), malformed).toBe(false);
  });
});

describe('isCrossSite', () => {
  it('compares the Origin with the scheme the console is served on', () => {
    expect(isCrossSite(req({ origin: 'https://10.77.0.1:8443' }), '10.77.0.1:8443', 'https')).toBe(false);
    // The same host over plain HTTP is another origin.
    expect(isCrossSite(req({ origin: 'http://10.77.0.1:8443' }), '10.77.0.1:8443', 'https')).toBe(true);
    expect(isCrossSite(req({ 'sec-fetch-site': 'cross-site' }), '10.77.0.1:8443', 'https')).toBe(true);
    expect(isCrossSite(req({}), '10.77.0.1:8443', 'https')).toBe(false);
  });
});
