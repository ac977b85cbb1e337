import { describe, expect, it } from 'vitest';
import {
  cpLength,
  cpSlice,
  cpToUtf16,
  locateWords,
  tokensFromWords,
  tokenTexts,
  utf16Index,
  utf16ToCp,
} from '../../../../src-main/core/text/index.js';

// U+1F600 and U+20BB7 (a CJK Extension B character) take two UTF-16 units each.
const ASTRAL = 'a😀b𠮷c';

describe('code points', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(cpLength('abc')).toBe(3);
    expect(ASTRAL.length).toBe(7);
    expect(cpLength(ASTRAL)).toBe(5);
    expect(cpLength('')).toBe(0);
  });

  it('slices by code point', () => {
    expect(cpSlice(ASTRAL, 1, 2)).toBe('😀');
    expect(cpSlice(ASTRAL, 3, 4)).toBe('𠮷');
    expect(cpSlice(ASTRAL, 2)).toBe('b𠮷c');
    expect(cpSlice('hello', 1, 3)).toBe('el');
  });

  it('maps offsets both ways', () => {
    expect(cpToUtf16(ASTRAL, 2)).toBe(3);
    expect(cpToUtf16(ASTRAL, 5)).toBe(7);
    expect(utf16ToCp(ASTRAL, 3)).toBe(2);
    expect(utf16ToCp(ASTRAL, 7)).toBe(5);
    expect(() => utf16ToCp(ASTRAL, 2)).toThrow(/splits a surrogate pair/);
    expect(() => cpToUtf16(ASTRAL, 6)).toThrow(/past the end/);
    expect([...utf16Index(ASTRAL)]).toEqual([0, 1, 3, 4, 6, 7]);
  });

  it('joins words with code-point offsets and reads them back', () => {
    const words = ['Ein', '😀', 'Wort', '𠮷野家'];
    const { text, tokens } = tokensFromWords(words);
    expect(text).toBe('Ein 😀 Wort 𠮷野家');
    expect(tokens).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 5 },
      { start: 6, end: 10 },
      { start: 11, end: 14 },
    ]);
    expect(tokenTexts(text, tokens)).toEqual(words);
  });

  it('locates words in text in order, or says it cannot', () => {
    expect(locateWords('  😀 hi  there', ['😀', 'hi', 'there'])).toEqual([
      { start: 2, end: 3 },
      { start: 4, end: 6 },
      { start: 8, end: 13 },
    ]);
    expect(locateWords('hi there', ['there', 'hi'])).toBeNull();
  });
});
