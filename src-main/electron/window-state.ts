// Remembers the window's size, place and maximised state between runs, in a small JSON file in
// the user-data folder, and puts a remembered window back only where it is still visible.

import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/files/index.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState extends Rect {
  maximized: boolean;
}

/** Below this the Annotate screen's three columns no longer fit. */
export const MIN_WIDTH = 900;
export const MIN_HEIGHT = 600;
const DEFAULT_WIDTH = 1280;
const DEFAULT_HEIGHT = 820;
/** A window must keep at least this much of its title bar on a screen to be reachable. */
const VISIBLE_MARGIN = 64;

const stateSchema = z.strictObject({
  x: z.number().int().finite(),
  y: z.number().int().finite(),
  width: z.number().int().positive().max(100_000),
  height: z.number().int().positive().max(100_000),
  maximized: z.boolean(),
});

/** The saved state, or null when there is none or it cannot be trusted. */
export function loadWindowState(file: string): WindowState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written atomically, so a crash mid-write never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, `${JSON.stringify(state)}\n`);
}

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

function centred(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return { x: Math.round(area.x + (area.width - w) / 2), y: Math.round(area.y + (area.height - h) / 2), width: w, height: h };
}

/**
 * Where to open the window: the saved bounds when their title bar is still on one of the
 * displays (shrunk to fit it), otherwise the default size centred on the primary display.
 * `workAreas[0]` is the primary display.
 */
export function placeWindow(saved: WindowState | null, workAreas: Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT };
  const fallback = { ...centred(primary, DEFAULT_WIDTH, DEFAULT_HEIGHT), maximized: false };
  if (saved === null) return fallback;
  const titleBar: Rect = { x: saved.x, y: saved.y, width: saved.width, height: Math.min(saved.height, 32) };
  for (const area of workAreas) {
    const seen = overlap(titleBar, area);
    if (seen === null || seen.width < Math.min(VISIBLE_MARGIN, saved.width)) continue;
    const width = Math.min(saved.width, area.width);
    const height = Math.min(saved.height, area.height);
    const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - width);
    const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - height);
    return { x, y, width, height, maximized: saved.maximized };
  }
  return { ...fallback, maximized: saved.maximized };
}
