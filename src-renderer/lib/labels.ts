// Label colours: a default palette and the text colour that stays readable on each of them.

import type { Label } from '../../src-main/contract/entities.js';

// Nine hues 20°+ apart, each set to a relative luminance of about 0.2: that is the band where a
// colour keeps at least 3:1 (WCAG non-text contrast) against both the light and the dark page
// background, so one label colour works in both themes.
export const PALETTE = ['#0081cc', '#cc5c00', '#008f5f', '#be5592', '#9e7700', '#916db6', '#d94a56', '#008894', '#7d7d7d'];

function channel(v: number): number {
  const c = v / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function isHexColour(value: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(value);
}

/** WCAG relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on the given background. */
export function textOn(hex: string): '#000000' | '#ffffff' {
  if (!isHexColour(hex)) return '#000000';
  return contrast(hex, '#000000') >= contrast(hex, '#ffffff') ? '#000000' : '#ffffff';
}

/** The label bound to key `n` (1..9), if any. */
export function labelForKey(labels: readonly Label[], n: number): Label | undefined {
  return labels.find((l) => l.key === String(n));
}

export function labelColour(labels: readonly Label[], name: string): string {
  return labels.find((l) => l.name === name)?.color ?? '#7f7f7f';
}

/** Problems with an edited label set, as sentences the editor can show under the table. */
export function labelSetProblems(labels: readonly Label[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const keys = new Set<string>();
  labels.forEach((l, i) => {
    const row = `Row ${i + 1}`;
    const name = l.name.trim();
    if (!name) problems.push(`${row}: give the label a name.`);
    else if (!/^[\p{L}\p{N}_-]+$/u.test(name))
      problems.push(`${row}: use letters, digits, "_" or "-" in "${name}" (it becomes a B-/I- tag).`);
    else if (names.has(name)) problems.push(`${row}: "${name}" is already used; label names must differ.`);
    names.add(name);
    if (!isHexColour(l.color)) problems.push(`${row}: the colour must look like #1f77b4.`);
    if (l.key) {
      if (!/^[1-9]$/.test(l.key)) problems.push(`${row}: the key must be 1 to 9, or none.`);
      else if (keys.has(l.key)) problems.push(`${row}: key ${l.key} is already used by another label.`);
      keys.add(l.key);
    }
  });
  return problems;
}

/** The first free key and an unused palette colour for a newly added label. */
export function newLabel(labels: readonly Label[]): Label {
  const usedKeys = new Set(labels.map((l) => l.key));
  const key = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].find((k) => !usedKeys.has(k)) ?? '';
  const usedColours = new Set(labels.map((l) => l.color.toLowerCase()));
  const color = PALETTE.find((c) => !usedColours.has(c)) ?? PALETTE[labels.length % PALETTE.length]!;
  return { name: '', color, key };
}
