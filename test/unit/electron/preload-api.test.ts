import { describe, expect, it } from 'vitest';
import { eventChannel, MANIFEST_CHANNEL, methodChannel } from '../../../src-main/electron/channels.js';
import { buildPreloadApi, isTextEntry } from '../../../src-main/electron/preload-api.js';
import type { PreloadIpc } from '../../../src-main/electron/preload-api.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** Records what the preload does with ipcRenderer and plays main's part. */
class FakeIpc implements PreloadIpc {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  readonly listeners = new Map<string, Set<Listener>>();
  constructor(
    private readonly manifest: unknown,
    private readonly answer: (channel: string, params: unknown) => Promise<unknown> = async (_c, p) => ({ ok: true, value: p }),
  ) {}
  sendSync(channel: string): unknown {
    return channel === MANIFEST_CHANNEL ? this.manifest : undefined;
  }
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.answer(channel, args[0]);
  }
  on(channel: string, listener: Listener): void {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)?.add(listener);
  }
  removeListener(channel: string, listener: Listener): void {
    this.listeners.get(channel)?.delete(listener);
  }
  emit(channel: string, data: unknown): void {
    for (const l of this.listeners.get(channel) ?? []) l({ sender: 'raw-ipc-handle' }, data);
  }
}

const manifest = { methods: ['app.info', 'sentences.get'], events: ['sentences.changed', 'training.progress'] };

describe('buildPreloadApi', () => {
  it('exposes exactly one function per method in the manifest, each on its own channel', async () => {
    const ipc = new FakeIpc(manifest);
    const { api } = buildPreloadApi(ipc);
    expect(Object.keys(api).sort()).toEqual(['app.info', 'sentences.get']);
    expect(Object.isFrozen(api)).toBe(true);
    expect('call' in api).toBe(false);
    const reply = await api['sentences.get']({ id: 4 });
    expect(reply).toEqual({ ok: true, value: { id: 4 } });
    expect(ipc.invoked).toEqual([{ channel: methodChannel('sentences.get'), args: [{ id: 4 }] }]);
  });

  it('turns a broken IPC link into a typed INTERNAL error instead of a rejection', async () => {
    const ipc = new FakeIpc(manifest, async () => {
      throw new Error('render frame was disposed');
    });
    const reply = await buildPreloadApi(ipc).api['app.info']({});
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'render frame was disposed' } });
  });

  it('refuses to start without a valid manifest', () => {
    expect(() => buildPreloadApi(new FakeIpc(null))).toThrow(/manifest/);
    expect(() => buildPreloadApi(new FakeIpc({ methods: [1], events: [] }))).toThrow(/manifest/);
  });

  it('delivers events without the IPC event object and unsubscribes once', () => {
    const ipc = new FakeIpc(manifest);
    const { on } = buildPreloadApi(ipc);
    const seen: unknown[][] = [];
    const off = on('sentences.changed', (...args: unknown[]) => seen.push(args));
    ipc.emit(eventChannel('sentences.changed'), { reason: 'undo' });
    expect(seen).toEqual([[{ reason: 'undo' }]]);
    off();
    off();
    ipc.emit(eventChannel('sentences.changed'), { reason: 'import' });
    expect(seen).toHaveLength(1);
    expect(ipc.listeners.get(eventChannel('sentences.changed'))?.size).toBe(0);
  });

  it('rejects events the manifest does not list', () => {
    const { on } = buildPreloadApi(new FakeIpc(manifest));
    expect(() => on('training.status', () => undefined)).toThrow(/unknown event/);
  });
});

describe('isTextEntry', () => {
  it('tells text fields from buttons and other controls', () => {
    expect(isTextEntry({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTextEntry({ tagName: 'input', type: 'search' })).toBe(true);
    expect(isTextEntry({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextEntry({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTextEntry({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextEntry({ tagName: 'BUTTON' })).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });
});
