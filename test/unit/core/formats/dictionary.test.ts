import { describe, expect, it } from 'vitest';
import { dictionaryMap, readDictionary } from '../../../../src-main/core/formats/index.js';
import { bytes, errorOf } from './helpers.js';

describe('readDictionary', () => {
  it('reads MUSE pairs separated by spaces, a source on several lines', () => {
    const pairs = readDictionary(bytes('the el\nthe la\n\nhouse casa\n  city   ciudad  \n'), { file: 'en-es.txt' });
    expect(pairs).toEqual([
      { source: 'the', target: 'el' },
      { source: 'the', target: 'la' },
      { source: 'house', target: 'casa' },
      { source: 'city', target: 'ciudad' },
    ]);
  });

  it('reads TSV, where a field may hold a phrase, and drops duplicates', () => {
    const pairs = readDictionary(bytes('ice cream\thelado\r\nhouse\tcasa\r\nhouse\tcasa\r\nof course\tpor supuesto\r\n'), {
      file: 'd.tsv',
    });
    expect(pairs).toEqual([
      { source: 'ice cream', target: 'helado' },
      { source: 'house', target: 'casa' },
      { source: 'of course', target: 'por supuesto' },
    ]);
  });

  it('skips a UTF-8 byte-order mark and reads latin-1 files', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('año year\n')]);
    expect(readDictionary(bom, { file: 'a.txt' })).toEqual([{ source: 'año', target: 'year' }]);
    const latin1 = new Uint8Array([...bytes('a'), 0xf1, ...bytes('o year\n')]);
    expect(readDictionary(latin1, { file: 'b.txt' })).toEqual([{ source: 'año', target: 'year' }]);
  });

  it('names the file and line of a line without exactly two fields', () => {
    const err = errorOf(() => readDictionary(bytes('the el\nhouse\ncity ciudad\n'), { file: 'en-es.txt' }));
    expect(err.code).toBe('IMPORT_ERROR');
    expect(err.file).toBe('en-es.txt');
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/^en-es\.txt:2: expected two fields .*found 1/);
    const three = errorOf(() => readDictionary(bytes('a b\n\na b c\n'), { file: 'x.txt' }));
    expect(three.line).toBe(3);
    expect(three.message).toMatch(/found 3/);
    const emptyField = errorOf(() => readDictionary(bytes('a\t\n'), { file: 't.tsv' }));
    expect(emptyField.line).toBe(1);
  });

  it('refuses a file without pairs', () => {
    const err = errorOf(() => readDictionary(bytes('\n  \n'), { file: 'empty.txt' }));
    expect(err.code).toBe('IMPORT_ERROR');
    expect(err.message).toMatch(/empty\.txt: no word pairs/);
  });

  it('maps each source to its distinct targets in file order', () => {
    const map = dictionaryMap([
      { source: 'the', target: 'la' },
      { source: 'house', target: 'casa' },
      { source: 'the', target: 'el' },
      { source: 'the', target: 'la' },
    ]);
    expect([...map]).toEqual([
      ['the', ['la', 'el']],
      ['house', ['casa']],
    ]);
  });
});
