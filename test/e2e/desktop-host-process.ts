/**
 * The desktop app's main process without Electron, for the end-to-end specs (no Electron binary here):
 * startDesktopCore — the local engine, or the remote console of a shared service once Settings connected
 * it — behind the real IPC transport (api/ipc-transport.ts). The spec's Chromium page is its window: the
 * parent process relays `window.api` invokes and pushed events over Node's child-process channel, as
 * Electron's IPC does between the preload and main. "Restart now" closes the core and starts it again on
 * the same data folder, as Electron's relaunch does.
 */
import { join } from 'node:path';
import { registerIpcTransport, type IpcInvokeEvent } from '../../src/main/api/ipc-transport';
import { startDesktopCore, type DesktopCore } from '../../src/main/remote/desktop-core';
import { createServeVault } from '../../src/main/vault/serve-vault';
import type { Vault } from '../../src/main/vault/vault';

export type HostMessage =
  | { readonly type: 'ready' | 'restarted'; readonly kind: DesktopCore['kind'] }
  | { readonly type: 'reply'; readonly id: number; readonly reply: unknown }
  | { readonly type: 'event'; readonly channel: string; readonly payload: unknown };

export type ParentMessage =
  | {
      readonly type: 'invoke';
      readonly id: number;
      readonly url: string;
      readonly channel: string;
      readonly args: readonly unknown[];
    }
  | { readonly type: 'close' };

type Listener = (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>;

const [dataDir, trustedOrigin] = process.argv.slice(2);
if (!dataDir || !trustedOrigin) throw new Error('usage: desktop-host DATA_DIR TRUSTED_ORIGIN');
const send = (message: HostMessage) => process.send?.(message);

let vault: Vault | null = null;
let core: DesktopCore | null = null;
let unregister: (() => void) | null = null;
const handlers = new Map<string, Listener>();

async function boot(): Promise<DesktopCore> {
  const started = await startDesktopCore({
    dataDir: dataDir ?? '',
    sandbox: false,
    vault:
      vault ??
      (vault = await createServeVault(join(dataDir ?? '', 'vault.json'), {
        type: 'key-file',
        path: join(dataDir ?? '', 'vault.key'),
      })),
    remote: { retryMs: 250, timeoutMs: 5_000 },
  });
  core = started;
  unregister = registerIpcTransport({
    ipc: {
      handle: (channel, listener) => void handlers.set(channel, listener),
      removeHandler: (channel) => void handlers.delete(channel),
    },
    dispatch: started.dispatch,
    bus: started.bus,
    isTrustedUrl: (url) => url.startsWith(`${trustedOrigin ?? ''}/`),
    broadcast: (channel, payload) => send({ type: 'event', channel, payload }),
    caller: { actor: 'desk.user', transport: 'ipc' },
  });
  // After the answer to "Restart now" has gone back, as Electron relaunches after its quit drain.
  started.restart.offer(() => setTimeout(() => void restart(), 50));
  return started;
}

async function shutdown(): Promise<void> {
  unregister?.();
  unregister = null;
  await core?.close();
  core = null;
}

async function restart(): Promise<void> {
  await shutdown();
  const started = await boot();
  send({ type: 'restarted', kind: started.kind });
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'close') {
    void shutdown().then(() => process.exit(0));
    return;
  }
  const handler = handlers.get(message.channel);
  const answer = handler
    ? handler({ senderFrame: { url: message.url } }, ...message.args)
    : Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'Clearpost is restarting' } });
  void answer.then((reply) => send({ type: 'reply', id: message.id, reply }));
});

// The bundle is CommonJS (no top-level await).
void boot().then((started) => send({ type: 'ready', kind: started.kind }));
