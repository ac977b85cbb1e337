import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../../src-main/core/service/index.js';
import { dictionary, sourceCorpus, targetText, type Convention } from '../../../support/casing.js';
import type { Harness } from './fixtures.js';
import { b64, harness } from './fixtures.js';

let h: Harness;

const conll = (sentences: { tokens: string[]; tags: string[] | null }[]) =>
  sentences.map((s) => s.tokens.map((t, i) => `${t} ${s.tags![i]}`).join('\n')).join('\n\n');
const plain = (sentences: { tokens: string[] }[]) => sentences.map((s) => s.tokens.join(' ')).join('\n');

async function importText(lang: string, convention: Convention): Promise<void> {
  await h.core['imports.run']({
    source: { kind: 'bytes', name: `${lang}.txt`, base64: b64(plain(targetText(convention, 300))) },
    lang,
    split: 'unlabelled',
    unlabelled: true,
  });
}

async function importDictionary(tgtLang: string, convention: Convention): Promise<void> {
  const lines = [...dictionary(convention)].map(([en, [xx]]) => `${en} ${xx}`).join('\n');
  await h.core['dictionaries.import']({ source: { kind: 'bytes', name: `en-${tgtLang}.txt`, base64: b64(lines) }, srcLang: 'en', tgtLang });
}

beforeEach(async () => {
  h = harness();
  await h.core['projects.create']({ path: 'p.sqlite', name: 'Casing', labels: ['PER', 'LOC'] });
  await h.core['imports.run']({
    source: { kind: 'bytes', name: 'en.conll', base64: b64(conll(sourceCorpus(200))) },
    lang: 'en',
    split: 'train',
  });
});
afterEach(async () => {
  await h.cleanup();
});

describe('languages.casing', () => {
  it("tells each language's convention from its sentences and a dictionary into it", async () => {
    await importText('de', 'nouns');
    await importText('es', 'names');
    await importText('ar', 'caseless');
    await importDictionary('de', 'nouns');
    await importDictionary('es', 'names');
    const byLang = new Map((await h.core['languages.casing']({})).map((c) => [c.lang, c]));
    expect([...byLang.keys()].sort()).toEqual(['ar', 'de', 'en', 'es']);
    const de = byLang.get('de')!;
    expect(de).toMatchObject({ convention: 'capitalises-common-words', casedShare: 1, sentenceStartsCapitalised: 1 });
    expect(de.commonWords).toMatchObject({ dictionary: 'en-de', sourceLang: 'en' });
    expect(de.commonWords!.capitalised / de.commonWords!.words).toBeGreaterThan(0.6);
    expect(byLang.get('es')).toMatchObject({ convention: 'capitalises-names', commonWords: { dictionary: 'en-es', capitalised: 0 } });
    expect(byLang.get('ar')).toMatchObject({ convention: 'caseless', casedShare: 0, commonWords: null });
    // No dictionary translates into English: whether it capitalises common words stays open.
    expect(byLang.get('en')).toMatchObject({ convention: 'unknown', commonWords: null, words: 200 * 7 });
  });

  it('answers through the validated boundary, and refuses parameters it does not take', async () => {
    const reply = await dispatch(h.core, 'languages.casing', {});
    expect(reply).toMatchObject({ ok: true });
    const bad = await dispatch(h.core, 'languages.casing', { lang: 'en' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
