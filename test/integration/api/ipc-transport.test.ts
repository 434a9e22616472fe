import { describe, expect, it } from 'vitest';
import {
  registerIpcTransport,
  type IpcInvokeEvent,
  type IpcMainLike,
} from '../../../src/main/api/ipc-transport';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../src/shared/ipc';
import { testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const TRUSTED = 'file:///opt/clearpost/out/renderer/index.html#/';

/** Records the handler the transport registers, as Electron's ipcMain would. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => handlers.set(channel, listener),
    removeHandler: (channel) => handlers.delete(channel),
  };
  const invoke = (url: string | null, ...args: unknown[]) => {
    const handler = handlers.get(IPC_INVOKE_CHANNEL);
    if (!handler) throw new Error('no handler registered');
    return handler({ senderFrame: url === null ? null : { url } }, ...args);
  };
  return { ipc, invoke, handlers };
}

async function setup() {
  const app = await testApp(tempDir());
  const fake = fakeIpcMain();
  const sent: { channel: string; payload: unknown }[] = [];
  const dispose = registerIpcTransport({
    ipc: fake.ipc,
    dispatch: app.dispatch,
    bus: app.bus,
    isTrustedUrl: (url) => url.startsWith('file:///opt/clearpost/out/renderer/'),
    broadcast: (channel, payload) => sent.push({ channel, payload }),
    caller: { actor: 'desk.user', transport: 'ipc' },
  });
  return { app, ...fake, sent, dispose };
}

describe('the IPC transport', () => {
  it('rejects unknown commands and invalid arguments with the same codes as HTTP', async () => {
    const { app, invoke } = await setup();
    expect(await invoke(TRUSTED, 'no.such.command', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_command' },
    });
    expect(await invoke(TRUSTED, 'postings.get', { id: -1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments' },
    });
    expect(await invoke(TRUSTED, 42, {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    await app.close();
  });

  it('refuses callers that are not the app’s own renderer', async () => {
    const { app, invoke } = await setup();
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', '', null]) {
      expect(await invoke(url, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    await app.close();
  });

  it('answers trusted callers and pushes events to windows until disposed', async () => {
    const { app, invoke, sent, dispose, handlers } = await setup();
    const info = await invoke(TRUSTED, 'app.info', {});
    expect(info).toMatchObject({ ok: true, result: { name: 'Clearpost', mode: 'test' } });

    app.bus.changed('postings');
    expect(sent).toEqual([
      { channel: IPC_EVENT_CHANNEL, payload: { event: 'db.changed', payload: { tables: ['postings'] } } },
    ]);

    dispose();
    app.bus.changed('notes');
    expect(sent).toHaveLength(1);
    expect(handlers.has(IPC_INVOKE_CHANNEL)).toBe(false);
    await app.close();
  });
});
