import { describe, expect, it } from 'vitest';
import { MANIFEST_CHANNEL, methodChannel, TEXT_FOCUS_CHANNEL } from '../../../src-main/electron/channels.js';
import { EVENT_NAMES } from '../../../src-main/core/shell/index.js';
import { registerIpc } from '../../../src-main/electron/ipc.js';
import type { IpcMainLike } from '../../../src-main/electron/ipc.js';
import { FakeBridge } from '../web/fake-bridge.js';
import { FakeIpcMain } from '../../support/fake-ipc-main.js';

const frame = (url: string, top = true) => ({ url, parent: top ? null : {} });
const eventFrom = (url: string, top = true) => ({ senderFrame: frame(url, top), sender: { id: 5 }, returnValue: undefined as unknown });
const app = 'app://crosstag/index.html';

function setup() {
  const ipcMain = new FakeIpcMain();
  const bridge = new FakeBridge();
  const focus: [number, boolean][] = [];
  const dispose = registerIpc({
    ipcMain: ipcMain as unknown as IpcMainLike,
    bridge,
    methods: ['app.info', 'sentences.get'],
    onTextFocus: (id, f) => focus.push([id, f]),
  });
  return { ipcMain, bridge, focus, dispose };
}

describe('registerIpc', () => {
  it('registers one handler per contract method and answers the manifest to the app only', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([methodChannel('app.info'), methodChannel('sentences.get')]);
    const ok = eventFrom(app);
    ipcMain.listeners.get(MANIFEST_CHANNEL)?.(ok);
    expect(ok.returnValue).toEqual({ methods: ['app.info', 'sentences.get'], events: EVENT_NAMES });
    const foreign = eventFrom('https://evil.example/');
    ipcMain.listeners.get(MANIFEST_CHANNEL)?.(foreign);
    expect(foreign.returnValue).toBeNull();
  });

  it('passes payloads through the validating dispatch, so a malformed one gets a typed error', async () => {
    const { ipcMain, bridge } = setup();
    const get = ipcMain.handlers.get(methodChannel('sentences.get'));
    expect(await get?.(eventFrom(app), { id: 3 })).toEqual({ ok: true, value: { id: 3 } });
    expect(await get?.(eventFrom(app), { id: 'three' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(bridge.calls.map((c) => c.payload)).toEqual([{ id: 3 }, { id: 'three' }]);
  });

  it('refuses calls from other pages, subframes and destroyed frames without reaching the core', async () => {
    const { ipcMain, bridge } = setup();
    const info = ipcMain.handlers.get(methodChannel('app.info'));
    for (const event of [eventFrom('file:///tmp/x.html'), eventFrom(app, false), { senderFrame: null, sender: { id: 1 } }]) {
      expect(await info?.(event, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(bridge.calls).toHaveLength(0);
  });

  it('takes text-focus reports from the app page only, and unregisters everything', () => {
    const { ipcMain, focus, dispose } = setup();
    ipcMain.listeners.get(TEXT_FOCUS_CHANNEL)?.(eventFrom(app), true);
    ipcMain.listeners.get(TEXT_FOCUS_CHANNEL)?.(eventFrom('https://evil.example/'), false);
    ipcMain.listeners.get(TEXT_FOCUS_CHANNEL)?.(eventFrom(app), 'yes');
    expect(focus).toEqual([[5, true]]);
    dispose();
    expect(ipcMain.handlers.size + ipcMain.listeners.size).toBe(0);
  });
});
