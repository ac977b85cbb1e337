// How well the import's language guess (core/text/language-id.ts) tells the language of real
// labelled files from their words: for each dev file of ../shared/data (CoNLL and WikiANN) whose
// language its folder names, up to 200 consecutive windows of 50, 100, 300 and 3,000 words,
// counted right, wrong (with what was guessed) and no guess. Skipped without ../shared/data.
// Run: npm run bench -- language-id

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { languageFromWords } from '../../src-main/core/text/index.js';
import type { Bench, Figures } from './lib/harness.js';

const SIZES = [50, 100, 300, 3000];
const WINDOWS = 200;

/** `lang/dev.txt` of every corpus folder in `dataDir` whose subfolders are language codes. */
function devFiles(dataDir: string): { corpus: string; lang: string; file: string }[] {
  const out: { corpus: string; lang: string; file: string }[] = [];
  for (const corpus of readdirSync(dataDir).sort()) {
    const dir = join(dataDir, corpus);
    if (!statSync(dir).isDirectory() || corpus === 'muse') continue;
    for (const lang of readdirSync(dir).sort()) {
      const file = join(dir, lang, 'dev.txt');
      if (/^[a-z]{2}$/.test(lang) && existsSync(file)) out.push({ corpus, lang, file });
    }
  }
  return out;
}

/** The file's tokens: the first column of every line that is not blank or a document marker. */
function words(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.split(/\s+/)[0] ?? '')
    .filter((w) => w !== '' && !w.startsWith('-DOCSTART'));
}

export const bench: Bench = {
  description: "the import's language guess on real dev files: right, wrong and no guess per sample size",
  run(ctx) {
    const figures: Figures = {};
    if (ctx.dataDir === null) {
      ctx.log('skipped: ../shared/data is not beside the repository');
      return figures;
    }
    for (const { corpus, lang, file } of devFiles(ctx.dataDir)) {
      const all = words(file);
      for (const n of SIZES) {
        let right = 0;
        let none = 0;
        const wrong = new Map<string, number>();
        for (let at = 0, k = 0; at + n <= all.length && k < WINDOWS; at += n, k++) {
          const guess = languageFromWords(all.slice(at, at + n));
          if (guess === null) none++;
          else if (guess.lang === lang) right++;
          else wrong.set(guess.lang, (wrong.get(guess.lang) ?? 0) + 1);
        }
        const wrongCount = [...wrong.values()].reduce((a, b) => a + b, 0);
        const as = [...wrong].map(([l, c]) => `${l} ${c}`).join(', ');
        ctx.log(
          `${corpus} ${lang} dev, ${n} words: ${right} right, ${wrongCount} wrong${as ? ` (${as})` : ''}, ${none} no guess of ${right + wrongCount + none}`,
        );
        figures[`langid_${corpus}_${lang}_${n}_right`] = right;
        figures[`langid_${corpus}_${lang}_${n}_wrong`] = wrongCount;
        figures[`langid_${corpus}_${lang}_${n}_none`] = none;
      }
    }
    return figures;
  },
};
