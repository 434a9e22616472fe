/**
 * Electron host: app lifecycle, the console window and IPC wiring. The core lives in app.ts, or, for a desktop
 * connected to a shared service, in remote/ (remote/desktop-core.ts chooses at start).
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Notification, safeStorage } from 'electron';
import type { SandboxChoice } from './app';
import { registerIpcTransport } from './api/ipc-transport';
import { startDesktopCore, type DesktopCore } from './remote/desktop-core';
import { createQuitDrain } from './shutdown';
import { createSafeStorageVault } from './vault/safe-storage-vault';
import { createConsoleWindow, hardenSession, isTrustedRendererUrl } from './window';

function optionsFromArgs(): { dataDir: string; sandbox: SandboxChoice | false } {
  const { values } = parseArgs({
    args: process.argv.slice(app.isPackaged ? 1 : 2),
    options: {
      'data-dir': { type: 'string' },
      'ehr-sandbox': { type: 'string' },
      'no-traffic': { type: 'boolean' },
    },
    strict: false,
  });
  const dir = values['data-dir'];
  return {
    dataDir: typeof dir === 'string' ? dir : app.getPath('userData'),
    sandbox: values['ehr-sandbox'] === 'off' ? false : { traffic: values['no-traffic'] !== true },
  };
}

let core: DesktopCore | null = null;

app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  void app.whenReady().then(async () => {
    let started: DesktopCore;
    try {
      const options = optionsFromArgs();
      // Desktop secrets are sealed by the OS keyring; the vault refuses to store on Linux's basic_text.
      const vault = createSafeStorageVault(join(options.dataDir, 'vault.json'), safeStorage);
      // Its own engine, or (once Settings connected it to a shared service) a console of that service.
      started = await startDesktopCore({
        ...options,
        vault,
        desktopNotify: (title, body) => {
          if (Notification.isSupported()) new Notification({ title, body }).show();
        },
      });
      core = started;
      // Settings → "Restart now": relaunch with the same arguments after the quit drain (will-quit below).
      started.restart.offer(() => {
        app.relaunch();
        app.quit();
      });
      if (started.recovery) {
        void dialog.showMessageBox({
          type: 'warning',
          title: 'Clearpost recovered its database',
          message: started.recovery.message,
        });
      }
    } catch (error) {
      // Store errors say what to do; show them and leave every file as it is.
      dialog.showErrorBox('Clearpost cannot start', error instanceof Error ? error.message : String(error));
      app.exit(1);
      return;
    }
    hardenSession();
    registerIpcTransport({
      ipc: ipcMain,
      dispatch: started.dispatch,
      bus: started.bus,
      isTrustedUrl: isTrustedRendererUrl,
      broadcast: (channel, payload) => {
        for (const window of BrowserWindow.getAllWindows()) window.webContents.send(channel, payload);
      },
      caller: { actor: userInfo().username, transport: 'ipc' },
    });
    createConsoleWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createConsoleWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quitting drains: the engine's payments in flight are answered and recorded, the last commits synced and
  // the log flushed, before the process ends (at most DEFAULT_DRAIN_BOUND_MS; past it, exit as a kill would).
  const quit = createQuitDrain({
    close: () => core?.close() ?? null,
    exit: (code) => app.exit(code),
    logger: () => core?.logger ?? null,
  });
  app.on('will-quit', (event) => quit.onQuitEvent(event));
  process.on('SIGTERM', () => quit.onSignal('SIGTERM'));
}
