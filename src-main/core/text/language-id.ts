// Which language a corpus file is in, guessed before import so the preview can propose it: from
// the file name (`es`, `esp`, `spanish`, `nl`, `ned` … as any part of it) and from the words (the
// script for non-Latin scripts; the most frequent function words for Latin-script languages).
// A guess only: the import dialog shows it with its reason and the person can change it.

/** A language the guesser knows: ISO 639-1 code, English name, and the names files use for it. */
interface Known {
  code: string;
  name: string;
  aliases: string[];
  /** Frequent function words, lowercase; absent for languages told apart by their script. */
  words?: string;
}

const KNOWN: Known[] = [
  {
    code: 'en',
    name: 'English',
    aliases: ['eng', 'english'],
    words: 'the of and to in is that for it was on with as by he his are from at',
  },
  {
    code: 'es',
    name: 'Spanish',
    aliases: ['esp', 'spa', 'spanish', 'español', 'espanol', 'castellano'],
    words: 'de la que el en y los del las por un con una para es se al su lo como',
  },
  {
    code: 'pt',
    name: 'Portuguese',
    aliases: ['por', 'portuguese', 'português', 'portugues'],
    words: 'de a o que e do da em um para com não uma os no dos das na ao pelo',
  },
  {
    code: 'fr',
    name: 'French',
    aliases: ['fra', 'fre', 'french', 'français', 'francais'],
    words: 'de la le et les des en du un une est que pour dans qui au sur pas par',
  },
  {
    code: 'it',
    name: 'Italian',
    aliases: ['ita', 'italian', 'italiano'],
    words: 'di e il la che in per un del della è le non con una sono gli dei nel',
  },
  {
    code: 'ca',
    name: 'Catalan',
    aliases: ['cat', 'catalan', 'català'],
    words: 'de la i el que a les en del per amb un una és els al va com més',
  },
  {
    code: 'de',
    name: 'German',
    aliases: ['deu', 'ger', 'german', 'deutsch'],
    words: 'der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch',
  },
  {
    code: 'nl',
    name: 'Dutch',
    aliases: ['ned', 'nld', 'dut', 'dutch', 'nederlands'],
    words: 'de het van een en in is op te dat die zijn voor met niet aan er ook bij',
  },
  {
    code: 'sv',
    name: 'Swedish',
    aliases: ['swe', 'swedish', 'svenska'],
    words: 'och i att det som en på är av för med till den har inte om ett var',
  },
  {
    code: 'da',
    name: 'Danish',
    aliases: ['dan', 'danish', 'dansk'],
    words: 'og i at det en den til er som på de med af for ikke har et var fra',
  },
  {
    code: 'no',
    name: 'Norwegian',
    aliases: ['nor', 'nob', 'norwegian', 'norsk', 'bokmål'],
    words: 'og i det på er som en til av for med at ikke har den jeg et var fra',
  },
  {
    code: 'fi',
    name: 'Finnish',
    aliases: ['fin', 'finnish', 'suomi'],
    words: 'ja on ei se että oli hän kun mutta myös sen ovat tai joka ole kuin',
  },
  { code: 'et', name: 'Estonian', aliases: ['est', 'estonian', 'eesti'], words: 'ja on ei et see oli kui ka mis aga ta oma nii siis veel' },
  {
    code: 'pl',
    name: 'Polish',
    aliases: ['pol', 'polish', 'polski'],
    words: 'i w na z się nie do że jest to o a jak od po przez dla oraz',
  },
  {
    code: 'cs',
    name: 'Czech',
    aliases: ['ces', 'cze', 'czech', 'čeština'],
    words: 'a v se na je že s z o do to k ve pro jako by jsou byl',
  },
  {
    code: 'sk',
    name: 'Slovak',
    aliases: ['slk', 'slo', 'slovak', 'slovenčina'],
    words: 'a v sa na je že s z do to ako aj pre o by som bol',
  },
  { code: 'hr', name: 'Croatian', aliases: ['hrv', 'croatian', 'hrvatski'], words: 'i je u se na da za su od a s o iz koji kao ili' },
  {
    code: 'ro',
    name: 'Romanian',
    aliases: ['ron', 'rum', 'romanian', 'română'],
    words: 'de și în a la cu o care din pe nu un este mai pentru fost sau',
  },
  {
    code: 'hu',
    name: 'Hungarian',
    aliases: ['hun', 'hungarian', 'magyar'],
    words: 'a az és hogy nem is egy van meg de ez csak volt már mint',
  },
  {
    code: 'tr',
    name: 'Turkish',
    aliases: ['tur', 'turkish', 'türkçe'],
    words: 've bir bu da de için ile çok olarak daha gibi olan ne sonra kadar',
  },
  {
    code: 'id',
    name: 'Indonesian',
    aliases: ['ind', 'indonesian'],
    words: 'yang dan di ini itu dengan untuk tidak dari dalam akan pada ke adalah juga',
  },
  {
    code: 'vi',
    name: 'Vietnamese',
    aliases: ['vie', 'vietnamese'],
    words: 'và của là có cho được trong không với các những một người này đã',
  },
  { code: 'ar', name: 'Arabic', aliases: ['ara', 'arabic'] },
  { code: 'fa', name: 'Persian', aliases: ['fas', 'per', 'persian', 'farsi'] },
  { code: 'he', name: 'Hebrew', aliases: ['heb', 'hebrew'] },
  { code: 'ru', name: 'Russian', aliases: ['rus', 'russian'] },
  { code: 'uk', name: 'Ukrainian', aliases: ['ukr', 'ukrainian'] },
  { code: 'bg', name: 'Bulgarian', aliases: ['bul', 'bulgarian'] },
  { code: 'el', name: 'Greek', aliases: ['ell', 'gre', 'greek'] },
  { code: 'hi', name: 'Hindi', aliases: ['hin', 'hindi'] },
  { code: 'bn', name: 'Bengali', aliases: ['ben', 'bengali', 'bangla'] },
  { code: 'ta', name: 'Tamil', aliases: ['tam', 'tamil'] },
  { code: 'te', name: 'Telugu', aliases: ['tel', 'telugu'] },
  { code: 'th', name: 'Thai', aliases: ['tha', 'thai'] },
  { code: 'zh', name: 'Chinese', aliases: ['zho', 'chi', 'cmn', 'chinese'] },
  { code: 'ja', name: 'Japanese', aliases: ['jpn', 'japanese'] },
  { code: 'ko', name: 'Korean', aliases: ['kor', 'korean'] },
  { code: 'ka', name: 'Georgian', aliases: ['kat', 'geo', 'georgian'] },
  { code: 'hy', name: 'Armenian', aliases: ['hye', 'arm', 'armenian'] },
  { code: 'am', name: 'Amharic', aliases: ['amh', 'amharic'] },
];

const BY_CODE = new Map(KNOWN.map((k) => [k.code, k]));
const WORDS = KNOWN.filter((k) => k.words).map((k) => ({ code: k.code, words: new Set(k.words!.split(' ')) }));
// A word several languages share says less than one only a single language uses ("de" is Spanish,
// Portuguese, French, Catalan, Romanian and Dutch; "los" only Spanish): each counts 1 / (languages).
const WEIGHT = new Map<string, number>();
for (const { words } of WORDS) for (const w of words) WEIGHT.set(w, (WEIGHT.get(w) ?? 0) + 1);

// Scripts that name their language on their own (or nearly: a few letters decide within one).
const SCRIPTS: { test: RegExp; lang: (text: string) => string }[] = [
  { test: /[\u0600-\u06FF]/u, lang: (t) => (/[پچژگ]/u.test(t) && !/[ة]/u.test(t) ? 'fa' : 'ar') },
  { test: /[\u0590-\u05FF]/u, lang: () => 'he' },
  // Ukrainian has і ї є ґ; Bulgarian writes ъ as a vowel and has no ы or э.
  { test: /[\u0400-\u04FF]/u, lang: (t) => (/[іїєґ]/iu.test(t) ? 'uk' : /ъ/u.test(t) && !/[ыэ]/iu.test(t) ? 'bg' : 'ru') },
  { test: /[\u0370-\u03FF]/u, lang: () => 'el' },
  { test: /[\u0900-\u097F]/u, lang: () => 'hi' },
  { test: /[\u0980-\u09FF]/u, lang: () => 'bn' },
  { test: /[\u0B80-\u0BFF]/u, lang: () => 'ta' },
  { test: /[\u0C00-\u0C7F]/u, lang: () => 'te' },
  { test: /[\u0E00-\u0E7F]/u, lang: () => 'th' },
  { test: /[\u3040-\u30FF]/u, lang: () => 'ja' },
  { test: /[\uAC00-\uD7AF]/u, lang: () => 'ko' },
  { test: /[\u4E00-\u9FFF]/u, lang: () => 'zh' },
  { test: /[\u10A0-\u10FF]/u, lang: () => 'ka' },
  { test: /[\u0530-\u058F]/u, lang: () => 'hy' },
  { test: /[\u1200-\u137F]/u, lang: () => 'am' },
];

const MAX_SAMPLE_CHARS = 50_000;
const LETTER = /\p{L}/u;

export function languageName(code: string): string | null {
  return BY_CODE.get(code)?.name ?? null;
}

/** The language a file name names: a code or a name as one of its parts (`es.dev.conll`, `esp.testa`, `wikiann-dutch.txt`). */
export function languageFromFileName(file: string): string | null {
  const base = file.split(/[\\/]/).pop() ?? file;
  const parts = base
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((p) => p.length >= 2);
  for (const part of parts) {
    const hit = KNOWN.find((k) => k.code === part || k.aliases.includes(part));
    if (hit) return hit.code;
  }
  return null;
}

export interface ContentGuess {
  lang: string;
  /** How it was told, e.g. "Cyrillic script" or "function words (de, la, el)". */
  why: string;
}

/**
 * The language of some sentences' words: a script that names it, or else the Latin-script
 * language whose function words weigh most among the words, when that is clear (0.5% of the
 * words at least, and 1.25 times the next language's weight).
 */
export function languageFromWords(words: readonly string[]): ContentGuess | null {
  // A sample is plenty: a file of one enormous line must not make the guess slow.
  const text = words.join(' ').slice(0, MAX_SAMPLE_CHARS);
  let letters = 0;
  const counts = new Array<number>(SCRIPTS.length).fill(0);
  for (const c of text) {
    if (!LETTER.test(c)) continue;
    letters++;
    const i = SCRIPTS.findIndex((s) => s.test.test(c));
    if (i >= 0) counts[i]!++;
  }
  // Most of the letters, not a stray foreign name.
  const top = counts.indexOf(Math.max(...counts));
  if (letters > 0 && counts[top]! / letters > 0.3) {
    const lang = SCRIPTS[top]!.lang(text);
    return { lang, why: `${languageName(lang)} script` };
  }
  const lower = text.split(' ').map((w) => w.toLowerCase());
  const scores = WORDS.map(({ code, words: set }) => {
    const seen = new Map<string, number>();
    for (const w of lower) if (set.has(w)) seen.set(w, (seen.get(w) ?? 0) + 1);
    let score = 0;
    for (const [w, n] of seen) score += n / WEIGHT.get(w)!;
    const top = [...seen.entries()]
      .sort((a, b) => b[1] / WEIGHT.get(b[0])! - a[1] / WEIGHT.get(a[0])!)
      .slice(0, 3)
      .map(([w]) => w);
    return { code, score, top };
  }).sort((a, b) => b.score - a.score);
  const [best, next] = scores;
  if (!best || best.score < Math.max(1.5, lower.length * 0.005) || (next && best.score < next.score * 1.25)) return null;
  return { lang: best.code, why: `${languageName(best.code)} function words (${best.top.join(', ')})` };
}
