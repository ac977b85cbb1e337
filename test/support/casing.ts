// Synthetic corpora with each casing convention: a tagged English-like source and unlabelled
// target text in one invented language written four ways (capitalising names only, capitalising
// every common noun as German does, in a script without case, all in lower case), with the
// source-to-target dictionary that connects them.

import type { TaggedSentence } from '../../src-main/core/ml/index.js';

export type Convention = 'names' | 'nouns' | 'caseless' | 'lowercase';

const NOUNS = [
  'house',
  'car',
  'tree',
  'river',
  'bridge',
  'school',
  'market',
  'train',
  'road',
  'church',
  'field',
  'boat',
  'horse',
  'garden',
  'window',
  'door',
];
// Nouns of the target language that the dictionary does not know.
const TARGET_NOUNS: Record<Convention, string[]> = {
  names: ['lampe', 'stol', 'bord', 'seng'],
  nouns: ['lampe', 'stol', 'bord', 'seng'],
  lowercase: ['lampe', 'stol', 'bord', 'seng'],
  caseless: ['مصباح', 'كرسي', 'طاولة', 'سرير'],
};
const VERBS = ['saw', 'built', 'painted', 'sold', 'found', 'bought'];
const capital = (w: string) => w[0]!.toUpperCase() + w.slice(1);

// People's names are an open class, as in real text: made of two syllables, the source's from
// the first 32 combinations and the target's from the other 32, so none is known in advance.
const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'te', 'vo', 'su', 'be'];
const ARABIC_SYLLABLES = ['كا', 'لو', 'مي', 'را', 'تي', 'فو', 'سو', 'بي'];
const personOf = (i: number, syllables: readonly string[]) => syllables[i >> 3]! + syllables[i & 7]!;
/** The name of person `i` (0..63) as the source or target writes it. */
export function person(i: number, script: 'latin' | 'arabic' = 'latin'): string {
  return script === 'arabic' ? personOf(i, ARABIC_SYLLABLES) : capital(personOf(i, SYLLABLES));
}
const PLACES = ['Paris', 'Lima', 'Oslo', 'Quito'];

// The invented language in Latin letters, and the same words in Arabic script for the caseless corpus.
const LATIN: Record<string, string> = {
  house: 'hus',
  car: 'bil',
  tree: 'tre',
  river: 'elv',
  bridge: 'bro',
  school: 'skole',
  market: 'torg',
  train: 'tog',
  road: 'vei',
  church: 'kirke',
  field: 'jorde',
  boat: 'båt',
  horse: 'hest',
  garden: 'hage',
  window: 'vindu',
  door: 'dør',
  saw: 'sag',
  built: 'bygde',
  painted: 'malte',
  sold: 'solgte',
  found: 'fant',
  bought: 'kjøpte',
  the: 'den',
  in: 'i',
  monday: 'mandag',
};
const ARABIC: Record<string, string> = {
  house: 'بيت',
  car: 'سيارة',
  tree: 'شجرة',
  river: 'نهر',
  bridge: 'جسر',
  school: 'مدرسة',
  market: 'سوق',
  train: 'قطار',
  road: 'طريق',
  church: 'كنيسة',
  field: 'حقل',
  boat: 'قارب',
  horse: 'حصان',
  garden: 'حديقة',
  window: 'نافذة',
  door: 'باب',
  saw: 'رأى',
  built: 'بنى',
  painted: 'رسم',
  sold: 'باع',
  found: 'وجد',
  bought: 'اشترى',
  the: 'ال',
  in: 'في',
  monday: 'الاثنين',
};
const ARABIC_PLACES: Record<string, string> = {
  Paris: 'باريس',
  Lima: 'ليما',
  Oslo: 'أوسلو',
  Quito: 'كيتو',
};

function generator(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

/**
 * Tagged source sentences, "<PER> sold house in <LOC> on Monday ." and "<PER> saw <PER> in
 * <LOC> on Monday .": after the verb only casing tells a name from a common noun. Names are
 * capitalised, common words in lower case (weekdays capitalised, as English writes them).
 */
export function sourceCorpus(count: number, seed = 5): TaggedSentence[] {
  const rand = generator(seed);
  const out: TaggedSentence[] = [];
  for (let k = 0; k < count; k++) {
    const per = person(rand(32));
    const loc = PLACES[rand(PLACES.length)]!;
    const verb = VERBS[rand(VERBS.length)]!;
    const object = k % 2 === 0 ? NOUNS[rand(NOUNS.length)]! : person(rand(32));
    out.push({
      tokens: [per, verb, object, 'in', loc, 'on', 'Monday', '.'],
      tags: ['B-PER', 'O', k % 2 === 0 ? 'O' : 'B-PER', 'O', 'B-LOC', 'O', 'O', 'O'],
    });
  }
  return out;
}

/** The source-to-target dictionary, in the script of `convention`'s corpus. */
export function dictionary(convention: Convention): Map<string, string[]> {
  const words = convention === 'caseless' ? ARABIC : LATIN;
  return new Map(Object.entries(words).map(([en, xx]) => [en, [xx]]));
}

/**
 * Unlabelled target text, "Vomi sag hus i Paris mandag ." (every other sentence with a person
 * where the noun is, one noun in five outside the dictionary), written in `convention`: `names`
 * capitalises names only; `nouns` also capitalises every noun; `caseless` is in Arabic script;
 * `lowercase` writes everything in lower case, names included.
 */
export function targetText(convention: Convention, count: number, seed = 11): { tokens: string[] }[] {
  const rand = generator(seed);
  const out: { tokens: string[] }[] = [];
  for (let k = 0; k < count; k++) {
    const script = convention === 'caseless' ? 'arabic' : 'latin';
    const per = person(32 + rand(32), script);
    const loc = PLACES[rand(PLACES.length)]!;
    const verb = VERBS[rand(VERBS.length)]!;
    const noun = k % 5 === 4 ? TARGET_NOUNS[convention][rand(4)]! : NOUNS[rand(NOUNS.length)]!;
    const object = k % 2 === 0 ? noun : person(32 + rand(32), script);
    const en = [per, verb, object, 'in', loc, 'monday', '.'];
    if (convention === 'caseless') {
      out.push({ tokens: en.map((w) => ARABIC[w] ?? ARABIC_PLACES[w] ?? w) });
      continue;
    }
    const tokens = en.map((w) => LATIN[w] ?? w);
    if (convention === 'nouns' && k % 2 === 0) tokens[2] = capital(tokens[2]!);
    out.push({ tokens: convention === 'lowercase' ? tokens.map((w) => w.toLowerCase()) : tokens });
  }
  return out;
}
