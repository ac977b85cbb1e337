import { describe, expect, it } from 'vitest';
import { directionOf, directionOfLang, directionOfText } from '../../../../src-main/core/text/index.js';

describe('direction', () => {
  it('knows right-to-left languages by code', () => {
    for (const code of ['ar', 'he', 'fa', 'ur', 'he-IL', 'ar_EG', 'yi', 'ps']) expect(directionOf(code)).toBe('rtl');
    for (const code of ['en', 'es', 'nl', 'hi', 'zh-Hans', 'ja']) expect(directionOf(code)).toBe('ltr');
  });

  it('lets a script subtag decide', () => {
    expect(directionOfLang('pa-Arab')).toBe('rtl');
    expect(directionOfLang('az-Latn')).toBe('ltr');
    expect(directionOfLang('not a tag')).toBeNull();
  });

  it('goes by the majority of letters for text', () => {
    expect(directionOf('שלום עולם, hello')).toBe('rtl');
    expect(directionOf('Hello, السلام عليكم world and more words')).toBe('ltr');
    expect(directionOfText('مرحبا بالعالم')).toBe('rtl');
    expect(directionOfText('123 !!')).toBe('ltr');
  });
});
