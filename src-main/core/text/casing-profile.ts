// A language's letter-case conventions, learnt from its own unlabelled text. English capitalises
// names and little else in mid-sentence, so a model trained on English takes a capital for a
// name; German-like languages also capitalise every common noun, scripts such as Arabic or
// Chinese have no case at all, and some text is written all in lower case. The profile records,
// for each word, how the text writes it in mid-sentence (the one position where case says
// something about the word rather than about the sentence), so training can make its
// source-language sentences follow the target's conventions instead of English ones.

/** How a word is written: all lower, first letter capital, all capitals, mixed, or in a script without case. */
export type CaseShape = 'lower' | 'capitalised' | 'upper' | 'mixed' | 'caseless';

/** Where a word stands: first of its sentence, after another word, or after other punctuation (quotes, dashes, colons). */
export type WordPosition = 'start' | 'mid' | 'other';

const LETTER = /\p{L}/u;
const CASED = /[\p{Lu}\p{Ll}\p{Lt}]/u;
const DIGIT = /\p{N}/u;
// Ends a sentence inside a tokenised line (several sentences per line in plain text).
const SENTENCE_END = /^[.!?…。！？؟।]+$/u;
// Punctuation after which the next word is still mid-sentence.
const COMMA = /^[,，、،;]$/u;

/** The case shape of `token`, or null when it has no letters. */
export function caseShape(token: string): CaseShape | null {
  if (!LETTER.test(token)) return null;
  if (!CASED.test(token)) return 'caseless';
  const lower = token.toLowerCase();
  if (token === lower) return 'lower';
  if (token === token.toUpperCase()) return [...token].filter((ch) => CASED.test(ch)).length > 1 ? 'upper' : 'capitalised';
  const first = token.search(CASED);
  const head = String.fromCodePoint(token.codePointAt(first)!);
  const rest = token.slice(first + head.length);
  return head !== head.toLowerCase() && rest === rest.toLowerCase() ? 'capitalised' : 'mixed';
}

/** `word` written in `shape` (a caseless or mixed shape leaves it as it is). */
export function withShape(word: string, shape: CaseShape): string {
  if (shape === 'lower') return word.toLowerCase();
  if (shape === 'upper') return word.toUpperCase();
  if (shape !== 'capitalised') return word;
  const lower = word.toLowerCase();
  const first = lower.search(CASED);
  if (first < 0) return word;
  const head = String.fromCodePoint(lower.codePointAt(first)!);
  return lower.slice(0, first) + head.toUpperCase() + lower.slice(first + head.length);
}

/**
 * The position of each token of a sentence, null for tokens without letters. A word counts as
 * mid-sentence only right after a word, a number or a comma: after a quote, a dash, a colon or a
 * bracket many languages may capitalise, so those positions are left out of the evidence.
 */
export function wordPositions(tokens: readonly string[]): (WordPosition | null)[] {
  let start = true;
  let afterWord = false;
  return tokens.map((token) => {
    if (!LETTER.test(token)) {
      if (DIGIT.test(token)) {
        start = false;
        afterWord = true;
      } else if (SENTENCE_END.test(token)) {
        start = true;
        afterWord = false;
      } else afterWord = COMMA.test(token) && !start;
      return null;
    }
    const position: WordPosition = start ? 'start' : afterWord ? 'mid' : 'other';
    start = false;
    afterWord = true;
    return position;
  });
}

/** One word's occurrences; the shape counts are of its mid-sentence occurrences only. */
export interface WordCasing {
  count: number;
  mid: number;
  lower: number;
  capitalised: number;
  upper: number;
}

export interface CasingTotals {
  /** Every token, punctuation included. */
  tokens: number;
  /** Tokens with letters. */
  words: number;
  /** Of them, tokens in a script without case. */
  caseless: number;
  /** Sentence-initial words in a cased script, and how many of them start with a capital. */
  starts: number;
  startsCapitalised: number;
  /** Mid-sentence words in a cased script, and how many are capitalised or all capitals. */
  mid: number;
  midCapitalised: number;
}

/** A word needs this many mid-sentence occurrences before its usual shape is trusted. */
export const MIN_EVIDENCE = 2;
/** The usual shape must account for this share of those occurrences. */
export const MAJORITY = 0.6;

export class CasingProfile {
  private constructor(
    readonly totals: CasingTotals,
    private readonly words: ReadonlyMap<string, WordCasing>,
  ) {}

  /** Reads tokenised sentences once; words are keyed by their lower-case form. */
  static learn(sentences: Iterable<readonly string[]>): CasingProfile {
    const totals: CasingTotals = { tokens: 0, words: 0, caseless: 0, starts: 0, startsCapitalised: 0, mid: 0, midCapitalised: 0 };
    const words = new Map<string, WordCasing>();
    // Shapes per surface form: a corpus repeats its forms, so each is classified once.
    const shapes = new Map<string, CaseShape | null>();
    for (const tokens of sentences) {
      totals.tokens += tokens.length;
      const positions = wordPositions(tokens);
      tokens.forEach((token, t) => {
        const position = positions[t];
        if (!position) return;
        let shape = shapes.get(token);
        if (shape === undefined) shapes.set(token, (shape = caseShape(token)));
        const key = token.toLowerCase();
        let w = words.get(key);
        if (!w) words.set(key, (w = { count: 0, mid: 0, lower: 0, capitalised: 0, upper: 0 }));
        w.count += 1;
        totals.words += 1;
        if (shape === 'caseless') {
          totals.caseless += 1;
          return;
        }
        const capital = shape === 'capitalised' || shape === 'upper';
        if (position === 'start') {
          totals.starts += 1;
          if (capital) totals.startsCapitalised += 1;
        } else if (position === 'mid') {
          totals.mid += 1;
          if (capital) totals.midCapitalised += 1;
          w.mid += 1;
          if (shape === 'lower' || shape === 'capitalised' || shape === 'upper') w[shape] += 1;
        }
      });
    }
    return new CasingProfile(totals, words);
  }

  word(word: string): WordCasing | undefined {
    return this.words.get(word.toLowerCase());
  }

  /** Distinct words seen. */
  get size(): number {
    return this.words.size;
  }

  /** Most of the text's letters are in a script with case (Latin, Greek, Cyrillic, Armenian …). */
  get hasCase(): boolean {
    return this.totals.words > 0 && this.totals.caseless * 2 < this.totals.words;
  }

  /** The text uses capitals at all: in a cased script, at least one word in 200 is written with one. */
  get writesCapitals(): boolean {
    const cased = this.totals.starts + this.totals.mid;
    return this.hasCase && cased > 0 && (this.totals.startsCapitalised + this.totals.midCapitalised) * 200 >= cased;
  }

  /** Sentences normally start with a capital. */
  get capitalisesSentenceStarts(): boolean {
    return this.writesCapitals && this.totals.startsCapitalised * 2 > this.totals.starts;
  }

  /**
   * How the text writes `word` in mid-sentence when it clearly prefers one shape (lower,
   * capitalised or all capitals in at least 60% of 2 or more occurrences), else null.
   */
  usualShape(word: string): 'lower' | 'capitalised' | 'upper' | null {
    return preferredShape(this.word(word));
  }

  /**
   * The usual shape that several words share (the translations of one source word), or null
   * when none has one or they disagree: "morning" is "ochtend" and "morgen" in Dutch, and a
   * Dutch newspaper writing "De Morgen" capitalises only the second.
   */
  agreedShape(words: readonly string[]): 'lower' | 'capitalised' | 'upper' | null {
    let agreed: 'lower' | 'capitalised' | 'upper' | null = null;
    for (const w of words) {
      const shape = this.usualShape(w);
      if (shape === null) continue;
      if (agreed !== null && shape !== agreed) return null;
      agreed = shape;
    }
    return agreed;
  }

  /**
   * Whether the text uses `word` as an ordinary word rather than a name: written lower case in
   * mid-sentence, or in a script without case (where only frequency can tell). Words the text
   * capitalises are names in English-like languages, but common nouns in German-like ones: the
   * caller decides those with a dictionary (`commonTranslations`).
   */
  looksCommon(word: string): boolean | null {
    const w = this.word(word);
    if (!w) return null;
    if (!CASED.test(word)) return LETTER.test(word) ? true : null;
    if (w.mid === 0) return null;
    return w.lower * 2 >= w.mid;
  }

  /** Every word with its counts, in no particular order. */
  entries(): IterableIterator<[string, WordCasing]> {
    return this.words.entries();
  }

  /** A short digest of the usual shapes, for checkpoint fingerprints: the same text gives the same digest. */
  digest(): string {
    let h = 0x811c9dc5;
    const feed = (text: string) => {
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    };
    for (const key of [...this.words.keys()].sort()) {
      const shape = preferredShape(this.words.get(key));
      if (shape) feed(`${key}\t${shape}\n`);
    }
    feed(`${this.hasCase}:${this.writesCapitals}:${this.capitalisesSentenceStarts}`);
    return `${this.words.size}:${h.toString(16)}`;
  }
}

function preferredShape(w: WordCasing | undefined): 'lower' | 'capitalised' | 'upper' | null {
  if (!w || w.mid < MIN_EVIDENCE) return null;
  for (const shape of ['lower', 'capitalised', 'upper'] as const) if (w[shape] >= MAJORITY * w.mid) return shape;
  return null;
}

/**
 * The source language's common words: words its labelled sentences tag outside names in at
 * least 95% of their occurrences; unlabelled sentences count the words they write in lower case
 * mid-sentence. Keys are lower case.
 */
export function commonSourceWords(
  sentences: Iterable<{ tokens: readonly string[]; tags?: readonly string[] | null | undefined }>,
): Set<string> {
  const seen = new Map<string, { n: number; outside: number }>();
  for (const s of sentences) {
    const positions = s.tags ? null : wordPositions(s.tokens);
    s.tokens.forEach((token, t) => {
      if (!LETTER.test(token)) return;
      let outside: boolean;
      if (s.tags) outside = s.tags[t] === 'O';
      else if (positions![t] === 'mid') outside = caseShape(token) === 'lower';
      else return;
      const key = token.toLowerCase();
      const c = seen.get(key) ?? { n: 0, outside: 0 };
      c.n += 1;
      if (outside) c.outside += 1;
      seen.set(key, c);
    });
  }
  const out = new Set<string>();
  for (const [key, c] of seen) if (c.outside >= 0.95 * c.n) out.add(key);
  return out;
}

/**
 * Target words that a dictionary gives as translations of the source's common words, lower
 * case: words of the target language that are known not to be names, however it writes them.
 */
export function commonTranslations(dictionary: ReadonlyMap<string, readonly string[]>, common: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const [source, targets] of dictionary) {
    if (!common.has(source.toLowerCase())) continue;
    for (const t of targets) if (t !== '' && !/\s/u.test(t)) out.add(t.toLowerCase());
  }
  return out;
}
