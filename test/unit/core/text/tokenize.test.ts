import { describe, expect, it } from 'vitest';
import { tokenize, tokenTexts } from '../../../../src-main/core/text/index.js';

const words = (text: string): string[] => tokenTexts(text, tokenize(text).tokens);

describe('tokenize (unicode-v1)', () => {
  it('splits on whitespace and splits punctuation off', () => {
    expect(words('Hello, world! (really)')).toEqual(['Hello', ',', 'world', '!', '(', 'really', ')']);
    expect(tokenize('x').tokenizer).toBe('unicode-v1');
    expect(tokenize('   ').tokens).toEqual([]);
  });

  it('keeps decimal numbers, thousands and hyphenated words whole', () => {
    expect(words('It costs 3.5 or 1,000.25 euros.')).toEqual(['It', 'costs', '3.5', 'or', '1,000.25', 'euros', '.']);
    expect(words('Urdu-speaking on 1996-08-22')).toEqual(['Urdu-speaking', 'on', '1996-08-22']);
    expect(words('end. 3.')).toEqual(['end', '.', '3', '.']);
  });

  it('gives code-point offsets with astral characters', () => {
    const text = 'I 😀 you.';
    expect(tokenize(text).tokens).toEqual([
      { start: 0, end: 1 },
      { start: 2, end: 3 },
      { start: 4, end: 7 },
      { start: 7, end: 8 },
    ]);
  });

  it('keeps emoji sequences and flags together', () => {
    expect(words('👨‍👩‍👧 🇪🇸 👍🏽!')).toEqual(['👨‍👩‍👧', '🇪🇸', '👍🏽', '!']);
  });

  it('keeps Arabic in logical order with its marks', () => {
    const text = 'ذهبَ محمد إلى القاهرة، أمس.';
    expect(words(text)).toEqual(['ذهبَ', 'محمد', 'إلى', 'القاهرة', '،', 'أمس', '.']);
    expect(tokenize(text).tokens[1]).toEqual({ start: 5, end: 9 });
  });

  it('keeps Hebrew acronyms with gershayim whole', () => {
    expect(words('שירת בצה״ל, בתל אביב')).toEqual(['שירת', 'בצה״ל', ',', 'בתל', 'אביב']);
  });

  it('keeps Devanagari combining marks on their word', () => {
    // Vowel signs and the virama are combining marks (\p{M}); the danda is punctuation.
    expect(words('नरेन्द्र मोदी दिल्ली गए।')).toEqual(['नरेन्द्र', 'मोदी', 'दिल्ली', 'गए', '।']);
  });

  it('makes one token per Han, kana and Thai character', () => {
    expect(words('习近平访问北京。')).toEqual(['习', '近', '平', '访', '问', '北', '京', '。']);
    expect(words('東京タワーへ行く')).toEqual(['東', '京', 'タ', 'ワ', 'ー', 'へ', '行', 'く']);
    // The Thai vowel sign (U+0E31) and tone mark (U+0E48) stay on their consonant.
    expect(words('กรุงเทพ')).toEqual(['ก', 'รุ', 'ง', 'เ', 'ท', 'พ']);
    expect(words('สวัสดี')).toEqual(['ส', 'วั', 'ส', 'ดี']);
  });

  it('separates Latin words from neighbouring Han characters', () => {
    expect(words('在Google工作')).toEqual(['在', 'Google', '工', '作']);
  });
});
