// Tiny tagged corpora in fixed patterns, so a tiny model learns them in an epoch or two, and the
// file texts the import paths read (CoNLL with IOB2 tags, plain text one sentence a line).

/** Names the tiny corpora draw from; each takes as many as it needs, from the front. */
export const PEOPLE = ['Alice', 'Bruno', 'Chen', 'Dora', 'Emil', 'Fatima', 'Goran', 'Hana'] as const;
export const PLACES = ['Paris', 'Lima', 'Oslo', 'Quito', 'Rome', 'Kyiv', 'Accra', 'Hanoi'] as const;

/** One sentence as (word, IOB2 tag) pairs. */
export type Tagged = [string, string][];

/** A seeded pick from a list: the same seed gives the same sequence on every machine. */
export function seededPicker(seed: number): <T>(xs: readonly T[]) => T {
  let s = seed;
  return (xs) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return xs[(s >>> 8) % xs.length]!;
  };
}

/**
 * `count` sentences alternating two patterns per language: English "<PER> went to <LOC>" and
 * "<PER> met <PER> in <LOC> today", Spanish "<PER> fue a <LOC>" and "<PER> vio a <PER> en <LOC>".
 */
export function patternSentences(lang: 'en' | 'es', count: number, seed: number): Tagged[] {
  const pick = seededPicker(seed);
  const people = PEOPLE.slice(0, 6);
  const places = PLACES.slice(0, 6);
  const out: Tagged[] = [];
  for (let k = 0; k < count; k++) {
    const [per, loc, other] = [pick(people), pick(places), pick(people)];
    const short: Tagged = [
      [per, 'B-PER'],
      [lang === 'en' ? 'went' : 'fue', 'O'],
      [lang === 'en' ? 'to' : 'a', 'O'],
      [loc, 'B-LOC'],
    ];
    const long: Tagged =
      lang === 'en'
        ? [
            [per, 'B-PER'],
            ['met', 'O'],
            [other, 'B-PER'],
            ['in', 'O'],
            [loc, 'B-LOC'],
            ['today', 'O'],
          ]
        : [
            [per, 'B-PER'],
            ['vio', 'O'],
            ['a', 'O'],
            [other, 'B-PER'],
            ['en', 'O'],
            [loc, 'B-LOC'],
          ];
    out.push(k % 2 === 0 ? short : long);
  }
  return out;
}

/** CoNLL text: a `word tag` line per token, a blank line after each sentence. */
export function toConll(data: readonly Tagged[]): string {
  return data.map((s) => s.map(([w, t]) => `${w} ${t}`).join('\n')).join('\n\n') + '\n';
}

/** Plain text: the words of each sentence on a line of its own. */
export function toText(data: readonly Tagged[]): string {
  return data.map((s) => s.map(([w]) => w).join(' ')).join('\n') + '\n';
}

/**
 * `count` CoNLL sentences "<person> <verb> <to> <place>", the people and places rotated by
 * `shift`; `place` is the places' tag (O makes a corpus without LOC).
 */
export function tinyConll(count: number, shift: number, verb: string, to = 'to', place = 'B-LOC'): string {
  const data: Tagged[] = [];
  for (let k = 0; k < count; k++) {
    data.push([
      [PEOPLE[(k + shift) % 5]!, 'B-PER'],
      [verb, 'O'],
      [to, 'O'],
      [PLACES[(k * 3 + shift) % 5]!, place],
    ]);
  }
  return toConll(data);
}

export interface CorpusFile {
  name: string;
  text: string;
  lang: string;
  split: 'train' | 'dev' | 'unlabelled';
  /** Plain text without tags. */
  unlabelled: boolean;
}

/**
 * The tiny two-language project's files: English train (16 labelled) and dev (4), Spanish dev (4)
 * and 10 unlabelled Spanish sentences.
 */
export function tinyProjectFiles(): CorpusFile[] {
  return [
    { name: 'en-train.conll', text: toConll(patternSentences('en', 16, 1)), lang: 'en', split: 'train', unlabelled: false },
    { name: 'en-dev.conll', text: toConll(patternSentences('en', 4, 2)), lang: 'en', split: 'dev', unlabelled: false },
    { name: 'es-dev.conll', text: toConll(patternSentences('es', 4, 3)), lang: 'es', split: 'dev', unlabelled: false },
    { name: 'es.txt', text: toText(patternSentences('es', 10, 4)), lang: 'es', split: 'unlabelled', unlabelled: true },
  ];
}
