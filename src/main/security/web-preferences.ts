import type { WebPreferences } from 'electron';

/**
 * The console window's web preferences: no Node in the renderer, context isolation, the OS sandbox.
 * Kept free of Electron runtime imports so the hardening test can check it in plain Node.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Only the app's own renderer may call the API or be navigated to. */
export function isTrustedRendererUrl(url: string, rendererRoot: string): boolean {
  return (
    url === rendererRoot || url.startsWith(rendererRoot.endsWith('/') ? rendererRoot : `${rendererRoot}/`)
  );
}
