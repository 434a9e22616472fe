/** The console window and the Electron security settings around it. */
import { join } from 'node:path';
import { BrowserWindow, session, shell, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from './security/csp';

/** Window options checked by the hardening test: the renderer gets no Node and runs sandboxed. */
export function secureWebPreferences(preloadPath: string): Electron.WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
  };
}

/** The renderer's own origin: `file://…/out/renderer/` in production, the dev server in development. */
export function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? `file://${join(__dirname, '../renderer/index.html')}`;
}

export function isTrustedRendererUrl(url: string): boolean {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (dev) return url.startsWith(dev);
  return url.startsWith(`file://${join(__dirname, '../renderer')}`);
}

/** Session-wide rules: the CSP header, no permissions, no navigation or new windows. */
export function hardenSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedRendererUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function createConsoleWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1000,
    minHeight: 640,
    title: 'Clearpost',
    show: false,
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js')),
  });
  hardenContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererUrl());
  return window;
}
