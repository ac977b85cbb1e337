import { describe, expect, it } from 'vitest';
import { contrast, labelForKey, labelSetProblems, newLabel, PALETTE, textOn } from '../../../../src-renderer/lib/labels.js';

// The page and card backgrounds of both themes (src-renderer/styles/theme.css).
const LIGHT = ['#f6f6f3', '#ffffff'];
const DARK = ['#15171b', '#1d2025'];

describe('label colours', () => {
  it('keeps every palette colour at 3:1 or more against both themes (WCAG graphics contrast)', () => {
    for (const colour of PALETTE) {
      for (const bg of [...LIGHT, ...DARK]) expect(contrast(colour, bg), `${colour} on ${bg}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('picks label text that reads at 4.5:1 or more on each palette colour', () => {
    for (const colour of PALETTE) expect(contrast(textOn(colour), colour), colour).toBeGreaterThanOrEqual(4.5);
    expect(textOn('#ffff00')).toBe('#000000');
    expect(textOn('#000080')).toBe('#ffffff');
  });
});

describe('label set', () => {
  const base = [
    { name: 'PER', color: '#0072b2', key: '1' },
    { name: 'ORG', color: '#d55e00', key: '2' },
  ];

  it('finds labels by key', () => {
    expect(labelForKey(base, 2)?.name).toBe('ORG');
    expect(labelForKey(base, 3)).toBeUndefined();
  });

  it('reports duplicate names and keys, bad colours and bad names, by row', () => {
    expect(labelSetProblems(base)).toEqual([]);
    const problems = labelSetProblems([...base, { name: 'PER', color: 'red', key: '1' }, { name: 'B I', color: '#000000', key: '' }]);
    expect(problems.some((p) => p.startsWith('Row 3') && p.includes('already used'))).toBe(true);
    expect(problems.some((p) => p.startsWith('Row 3') && p.includes('colour'))).toBe(true);
    expect(problems.some((p) => p.startsWith('Row 3') && p.includes('key 1'))).toBe(true);
    expect(problems.some((p) => p.startsWith('Row 4'))).toBe(true);
  });

  it('gives a new label the first free key and an unused colour', () => {
    const next = newLabel(base);
    expect(next.key).toBe('3');
    expect(base.map((l) => l.color)).not.toContain(next.color);
  });
});
