import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWindowState, placeWindow, saveWindowState } from '../../../src-main/electron/window-state.js';

const dir = mkdtempSync(join(tmpdir(), 'crosstag-window-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1024 };

describe('window state file', () => {
  it('saves and loads back the same state, leaving no temporary file', () => {
    const file = join(dir, 'nested', 'window-state.json');
    const state = { x: 10, y: 20, width: 1100, height: 700, maximized: true };
    saveWindowState(file, state);
    expect(loadWindowState(file)).toEqual(state);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['window-state.json']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state);
  });

  it('ignores a missing, corrupt or tampered file', () => {
    expect(loadWindowState(join(dir, 'none.json'))).toBeNull();
    const bad = join(dir, 'bad.json');
    for (const text of [
      '{"x":',
      '{"x":1,"y":2,"width":-5,"height":3,"maximized":false}',
      '{"x":1,"y":2,"width":5,"height":3,"maximized":false,"__proto__":{}}',
      '[]',
    ]) {
      writeFileSync(bad, text);
      expect(loadWindowState(bad), text).toBeNull();
    }
  });
});

describe('placeWindow', () => {
  it('uses the default size centred on the primary display when nothing is saved', () => {
    expect(placeWindow(null, [primary, right])).toEqual({ x: 320, y: 110, width: 1280, height: 820, maximized: false });
  });

  it('keeps saved bounds that are on a display, including a secondary one', () => {
    const onRight = { x: 2000, y: 100, width: 1000, height: 800, maximized: false };
    expect(placeWindow(onRight, [primary, right])).toEqual(onRight);
  });

  it('moves a window whose display was unplugged back to the primary display', () => {
    const lost = { x: 3500, y: 100, width: 1000, height: 800, maximized: true };
    const placed = placeWindow(lost, [primary]);
    expect(placed).toMatchObject({ width: 1280, height: 820, maximized: true });
    expect(placed.x).toBeGreaterThanOrEqual(0);
    expect(placed.x + placed.width).toBeLessThanOrEqual(1920);
  });

  it('shrinks and nudges a window that hangs off its display', () => {
    const big = { x: -40, y: 500, width: 2400, height: 900, maximized: false };
    expect(placeWindow(big, [primary])).toEqual({ x: 0, y: 140, width: 1920, height: 900, maximized: false });
  });
});
