// Sandboxed preload, bundled to dist/main/electron/preload.cjs by scripts/build-preload.mjs.
// It exposes only the typed contract functions, never ipcRenderer itself.

import { contextBridge, ipcRenderer } from 'electron';
import { TEXT_FOCUS_CHANNEL } from './channels.js';
import { buildPreloadApi, isTextEntry } from './preload-api.js';

contextBridge.exposeInMainWorld('crosstag', buildPreloadApi(ipcRenderer));

let textFocused = false;
const report = (): void => {
  const now = isTextEntry(document.activeElement as HTMLInputElement | null);
  if (now !== textFocused) {
    textFocused = now;
    ipcRenderer.send(TEXT_FOCUS_CHANNEL, now);
  }
};
window.addEventListener('focusin', report, true);
window.addEventListener('focusout', () => setTimeout(report, 0), true);
