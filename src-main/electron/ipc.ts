// Binds the contract to IPC: one invoke handler per method, each going through the core's
// validating dispatch, and only for the app's own top-level page.

import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import type { Reply } from '../contract/errors.js';
import { EVENT_NAMES, type CoreBridge } from '../core/shell/index.js';
import { MANIFEST_CHANNEL, methodChannel, TEXT_FOCUS_CHANNEL } from './channels.js';
import type { Manifest } from './channels.js';
import { isAppUrl } from './security.js';

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'removeListener'>;

export interface IpcOptions {
  ipcMain: IpcMainLike;
  bridge: CoreBridge;
  /** Every contract method name, from the core's schema map. */
  methods: readonly string[];
  /** Called when a page reports whether a text field has focus. */
  onTextFocus?: (webContentsId: number, focused: boolean) => void;
}

type SenderEvent = Pick<IpcMainEvent | IpcMainInvokeEvent, 'senderFrame' | 'sender'>;

/** Only the app's own page, in its top frame, may talk to the core. */
export function isTrustedSender(event: SenderEvent): boolean {
  const frame: WebFrameMain | null = event.senderFrame;
  if (frame === null || frame === undefined) return false;
  return frame.parent === null && isAppUrl(frame.url);
}

const refused: Reply<never> = { ok: false, error: { code: 'UNAUTHORIZED', message: 'IPC from a page that is not the Crosstag app' } };

export function registerIpc(opts: IpcOptions): () => void {
  const { ipcMain, bridge } = opts;
  const manifest: Manifest = { methods: [...opts.methods], events: [...EVENT_NAMES] };

  const onManifest = (event: IpcMainEvent): void => {
    event.returnValue = isTrustedSender(event) ? manifest : null;
  };
  ipcMain.on(MANIFEST_CHANNEL, onManifest);

  const onFocus = (event: IpcMainEvent, focused: unknown): void => {
    if (isTrustedSender(event) && typeof focused === 'boolean') opts.onTextFocus?.(event.sender.id, focused);
  };
  ipcMain.on(TEXT_FOCUS_CHANNEL, onFocus);

  for (const method of manifest.methods) {
    ipcMain.handle(methodChannel(method), async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event)) return refused;
      return bridge.dispatch(method, payload);
    });
  }

  return () => {
    ipcMain.removeListener(MANIFEST_CHANNEL, onManifest);
    ipcMain.removeListener(TEXT_FOCUS_CHANNEL, onFocus);
    for (const method of manifest.methods) ipcMain.removeHandler(methodChannel(method));
  };
}
