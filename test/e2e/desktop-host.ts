/**
 * The desktop app without Electron (there is no Electron binary here): the main process's own code runs in
 * a Node child process (desktop-host-process.ts, bundled like the app's main), and the built renderer runs
 * in the spec's Chromium page with `window.api = { invoke, on }` exactly as the preload exposes it,
 * relayed over the child-process channel the way Electron's IPC relays between preload and main. Pages come
 * from the renderer's build folder with the app's Content-Security-Policy, on an origin of their own, as
 * Electron loads them from `file://`: the renderer can reach nothing else (connect-src 'self').
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { Page } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security/csp';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../src/shared/ipc';
import type { HostMessage, ParentMessage } from './desktop-host-process';

const ROOT = join(__dirname, '..', '..');
const RENDERER = join(ROOT, 'out', 'renderer');
export const DESKTOP_ORIGIN = 'http://desktop.clearpost.invalid';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

let built = false;
/** Bundles the host once per test run (the renderer itself comes from `npx electron-vite build`). */
function buildHost(): string {
  if (!built) {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        join(__dirname, 'desktop-host.vite.config.mts'),
      ],
      { cwd: ROOT, stdio: 'pipe' },
    );
    built = true;
  }
  return join(ROOT, 'out', 'desktop-host', 'desktop-host.cjs');
}

export interface DesktopHost {
  /** What the desktop runs now: its own engine, or a console of a service. */
  kind(): 'local' | 'remote';
  close(): Promise<void>;
}

export async function startDesktopHost(page: Page, dataDir: string): Promise<DesktopHost> {
  const child: ChildProcess = fork(buildHost(), [dataDir, DESKTOP_ORIGIN], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let kind: 'local' | 'remote' = 'local';
  let nextId = 0;
  const waiting = new Map<number, (reply: unknown) => void>();
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the desktop host exited with ${String(code)}: ${stderr}`)),
    );
    child.on('message', (message: HostMessage) => {
      switch (message.type) {
        case 'ready':
          kind = message.kind;
          resolve();
          break;
        case 'restarted':
          kind = message.kind;
          // Electron's relaunch opens a new window; here the page loads again.
          void page.reload().catch(() => undefined);
          break;
        case 'reply':
          waiting.get(message.id)?.(message.reply);
          waiting.delete(message.id);
          break;
        case 'event':
          void page
            .evaluate(
              ([channel, payload]) =>
                (globalThis as unknown as { __desktopEvent?(c: string, p: unknown): void }).__desktopEvent?.(
                  channel,
                  payload,
                ),
              [message.channel, message.payload] as const,
            )
            .catch(() => undefined);
          break;
      }
    });
  });
  const post = (message: ParentMessage) => child.send(message);

  await page.route(`${DESKTOP_ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = normalize(join(RENDERER, path === '/' ? 'index.html' : path));
    if (!file.startsWith(RENDERER)) return route.fulfill({ status: 404 });
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      return route.fulfill({ status: 404 });
    }
    await route.fulfill({
      status: 200,
      body,
      headers: {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      },
    });
  });
  // The preload's two channels: invoke (answered by main's IPC transport, which checks the frame's
  // address) and the pushed events.
  await page.exposeBinding('__desktopInvoke', ({ frame }, channel: string, ...args: unknown[]) => {
    const id = nextId++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      post({ type: 'invoke', id, url: frame.url(), channel, args });
    });
  });
  await page.addInitScript(
    ({ invokeChannel, eventChannel }: { invokeChannel: string; eventChannel: string }) => {
      interface Message {
        event: string;
        payload: unknown;
      }
      const listeners = new Set<(message: Message) => void>();
      const host = globalThis as unknown as {
        __desktopInvoke(channel: string, name: string, args: unknown): Promise<unknown>;
        __desktopEvent(channel: string, message: Message): void;
      };
      host.__desktopEvent = (channel, message) => {
        if (channel === eventChannel) for (const listener of listeners) listener(message);
      };
      const api = {
        invoke: (name: string, args: unknown) => host.__desktopInvoke(invokeChannel, name, args),
        on(event: string, listener: (payload: unknown) => void) {
          const relay = (message: Message) => {
            if (message.event === event) listener(message.payload);
          };
          listeners.add(relay);
          return () => listeners.delete(relay);
        },
      };
      Object.defineProperty(globalThis, 'api', { value: Object.freeze(api), enumerable: false });
    },
    { invokeChannel: IPC_INVOKE_CHANNEL, eventChannel: IPC_EVENT_CHANNEL },
  );
  await ready;
  return {
    kind: () => kind,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        post({ type: 'close' });
      }),
  };
}
