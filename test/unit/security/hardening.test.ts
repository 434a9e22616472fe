import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../../src/main/security/csp';
import { newToken, tokensEqual } from '../../../src/main/security/token';
import { isTrustedRendererUrl, secureWebPreferences } from '../../../src/main/security/web-preferences';

describe('Electron and serve-mode hardening', () => {
  it('gives the renderer no Node, isolation and the OS sandbox', () => {
    expect(secureWebPreferences('/app/out/preload/index.js')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('trusts only the app’s own renderer folder', () => {
    const root = 'file:///opt/Clearpost/out/renderer';
    expect(isTrustedRendererUrl('file:///opt/Clearpost/out/renderer/index.html#/exceptions', root)).toBe(
      true,
    );
    expect(isTrustedRendererUrl('file:///opt/Clearpost/out/renderer-evil/index.html', root)).toBe(false);
    expect(isTrustedRendererUrl('file:///etc/passwd', root)).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/', root)).toBe(false);
  });

  it('ships the same strict CSP in index.html as in the served headers', () => {
    const html = readFileSync(join(__dirname, '../../../src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(META_CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toBe(`${META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('makes unguessable tokens and compares them exactly', () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(token);
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(`${token}x`, token)).toBe(false);
    expect(tokensEqual('', token)).toBe(false);
    expect(tokensEqual(null, token)).toBe(false);
  });
});
