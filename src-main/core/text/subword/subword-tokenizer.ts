// A pretrained encoder's tokenizer: tokenizer.json run by @huggingface/tokenizers (normalizer,
// pre-tokenizer, WordPiece / Unigram / BPE model), with the corrections of normalizers.ts, and the
// special tokens its post-processor puts around a sequence.
//
// Words are tokenized one at a time (pre-tokenised text, as a NER corpus is), so every piece
// belongs to exactly one word and a word's first piece is its first sub-token, also where that
// piece is a lone SentencePiece `▁` (a word whose own pieces do not start with one).

import { Tokenizer } from '@huggingface/tokenizers';
import { CoreError } from '../../errors.js';
import { replaceNormalizers } from './normalizers.js';
import {
  lowerCases,
  specialFrame,
  upgradeMetaspace,
  wordLevelPreTokenizer,
  type TokenizerJson,
  type TokenizerModelType,
} from './tokenizer-json.js';

/** Pre-tokenised words as pieces: every word gets at least one piece (unknown if nothing is left). */
export interface WordPieces {
  ids: number[];
  /** Index into ids of each word's first piece. */
  first: number[];
}

export interface SubwordTokenizerOptions {
  /** tokenizer_config.json and special_tokens_map.json: names of the unknown and padding tokens. */
  unkToken?: string | undefined;
  padToken?: string | undefined;
}

/** Distinct words whose pieces are remembered; past this the cache starts over. */
const CACHE_LIMIT = 200_000;

function build(json: TokenizerJson, source: string): Tokenizer {
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(json, {});
  } catch (err) {
    throw new CoreError('BAD_REQUEST', `${source}: cannot build the tokenizer (${err instanceof Error ? err.message : String(err)})`, {
      file: source,
    });
  }
  replaceNormalizers(tokenizer, json.normalizer, source);
  return tokenizer;
}

export class SubwordTokenizer {
  readonly model: TokenizerModelType;
  /** Ids put before and after every sequence ([CLS] … [SEP], <s> … </s>). */
  readonly prefix: readonly number[];
  readonly suffix: readonly number[];
  readonly unkId: number;
  /** The padding token's id, when the files name one. */
  readonly padId: number | null;
  readonly lowerCase: boolean;
  readonly size: number;
  private readonly text: Tokenizer;
  private readonly words_: Tokenizer;
  private readonly cache = new Map<string, number[]>();

  /** `json` as read (or built from vocab.txt); `source` names the file in errors. */
  constructor(
    json: TokenizerJson,
    readonly source: string,
    options: SubwordTokenizerOptions = {},
  ) {
    const upgraded: TokenizerJson = { ...json, pre_tokenizer: upgradeMetaspace(json.pre_tokenizer) };
    this.model = json.model.type;
    this.text = build(upgraded, source);
    const wordLevel = wordLevelPreTokenizer(upgraded.pre_tokenizer);
    this.words_ = wordLevel === upgraded.pre_tokenizer ? this.text : build({ ...upgraded, pre_tokenizer: wordLevel }, source);
    try {
      const frame = specialFrame(json.post_processor, source);
      this.prefix = frame.prefix;
      this.suffix = frame.suffix;
    } catch (err) {
      throw new CoreError('BAD_REQUEST', err instanceof Error ? err.message : String(err), { file: source });
    }
    this.size = this.text.get_vocab(true).size;
    const unk = this.unknownId(json, options.unkToken);
    if (unk === null) throw new CoreError('BAD_REQUEST', `${source}: the tokenizer has no unknown token`, { file: source });
    this.unkId = unk;
    const pad = json.padding?.pad_id ?? (options.padToken !== undefined ? this.id(options.padToken) : undefined);
    this.padId = pad ?? null;
    this.lowerCase = lowerCases(json.normalizer);
  }

  private unknownId(json: TokenizerJson, unkToken: string | undefined): number | null {
    const model = json.model as { unk_id?: unknown; unk_token?: unknown };
    if (json.model.type === 'Unigram' && typeof model.unk_id === 'number') return model.unk_id;
    const name = typeof model.unk_token === 'string' ? model.unk_token : unkToken;
    return name === undefined ? null : (this.id(name) ?? null);
  }

  id(token: string): number | undefined {
    return this.text.token_to_id(token);
  }

  /** The vocabulary's string for an id (an unknown piece shows as the unknown token). */
  token(id: number): string {
    return this.text.id_to_token(id) ?? `<${id}>`;
  }

  /** The text's pieces between the special tokens, as a whole-text tokenizer call gives them. */
  encode(text: string): { tokens: string[]; ids: number[] } {
    const inner = this.text.encode(text, { add_special_tokens: false }).ids;
    const ids = [...this.prefix, ...inner, ...this.suffix];
    return { tokens: ids.map((id) => this.token(id)), ids };
  }

  /** Piece ids of one pre-tokenised word: at least one (unknown when normalisation leaves nothing). */
  wordIds(word: string): number[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const encoded = this.words_.encode(word, { add_special_tokens: false }).ids;
    const ids = encoded.length > 0 ? encoded : [this.unkId];
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, ids);
    return ids;
  }

  /** Every word's pieces, concatenated, with each word's first piece. */
  words(words: readonly string[]): WordPieces {
    const out: WordPieces = { ids: [], first: [] };
    for (const word of words) {
      out.first.push(out.ids.length);
      for (const id of this.wordIds(word)) out.ids.push(id);
    }
    return out;
  }
}
