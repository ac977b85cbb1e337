// tokenizer.json as Hugging Face's tokenizers library writes it: what is checked before
// @huggingface/tokenizers builds the pipeline, the special tokens around a sequence read from its
// post-processor, the same file built from a WordPiece vocab.txt (as transformers' BertConverter
// builds it), and the adjustments transformers itself makes when loading one.

import { z } from 'zod';

const addedToken = z.looseObject({
  id: z.number().int().min(0),
  content: z.string(),
  special: z.boolean().optional(),
  normalized: z.boolean().optional(),
});

export const tokenizerJsonSchema = z.looseObject({
  added_tokens: z.array(addedToken).default([]),
  normalizer: z.unknown().optional(),
  pre_tokenizer: z.unknown().optional(),
  post_processor: z.unknown().optional(),
  decoder: z.unknown().optional(),
  padding: z
    .looseObject({ pad_id: z.number().int().min(0).optional(), pad_token: z.string().optional() })
    .nullable()
    .optional(),
  model: z.looseObject({
    type: z.enum(['WordPiece', 'Unigram', 'BPE'], {
      error: (issue) => `tokenizer model ${JSON.stringify(issue.input)} is not supported (WordPiece, Unigram or BPE)`,
    }),
  }),
});

export type TokenizerJson = z.infer<typeof tokenizerJsonSchema>;
export type TokenizerModelType = TokenizerJson['model']['type'];

/** The special tokens a post-processor puts around one sequence, as vocabulary ids. */
export interface SpecialFrame {
  prefix: number[];
  suffix: number[];
}

const templateItem = z.union([
  z.object({ SpecialToken: z.object({ id: z.string() }) }),
  z.object({ Sequence: z.object({ id: z.string() }) }),
]);
const template = z.looseObject({
  type: z.literal('TemplateProcessing'),
  single: z.array(templateItem),
  special_tokens: z.record(z.string(), z.object({ ids: z.array(z.number().int()) })).default({}),
});
const clsSep = z.looseObject({
  type: z.enum(['BertProcessing', 'RobertaProcessing']),
  cls: z.tuple([z.string(), z.number().int()]),
  sep: z.tuple([z.string(), z.number().int()]),
});

/** The frame of a single sequence; none when the file has no post-processor that adds tokens. */
export function specialFrame(postProcessor: unknown, source: string): SpecialFrame {
  const none = { prefix: [], suffix: [] };
  if (postProcessor === null || typeof postProcessor !== 'object') return none;
  const p = postProcessor as { type?: unknown; processors?: unknown };
  if (p.type === 'Sequence' && Array.isArray(p.processors)) {
    for (const inner of p.processors) {
      const frame = specialFrame(inner, source);
      if (frame.prefix.length + frame.suffix.length > 0) return frame;
    }
    return none;
  }
  const pair = clsSep.safeParse(p);
  if (pair.success) return { prefix: [pair.data.cls[1]], suffix: [pair.data.sep[1]] };
  if (p.type !== 'TemplateProcessing') return none;
  const parsed = template.safeParse(p);
  if (!parsed.success) throw new Error(`${source}: post_processor: ${parsed.error.issues[0]!.message}`);
  const frame: SpecialFrame = { prefix: [], suffix: [] };
  let seen = false;
  for (const item of parsed.data.single) {
    if ('Sequence' in item) {
      seen = true;
      continue;
    }
    const special = parsed.data.special_tokens[item.SpecialToken.id];
    if (!special) throw new Error(`${source}: post_processor names special token ${item.SpecialToken.id} without its ids`);
    (seen ? frame.suffix : frame.prefix).push(...special.ids);
  }
  return frame;
}

export interface WordPieceSettings {
  lowerCase: boolean;
  /** strip_accents: null follows lowerCase. */
  stripAccents: boolean | null;
  tokenizeChineseChars: boolean;
  unkToken: string;
  clsToken: string;
  sepToken: string;
  padToken: string;
  maskToken: string;
}

/** The tokenizer.json transformers' BertConverter makes from a vocab.txt and its settings. */
export function wordPieceTokenizerJson(vocab: readonly string[], s: WordPieceSettings, source: string): TokenizerJson {
  const ids = new Map<string, number>();
  vocab.forEach((piece, i) => ids.set(piece, i));
  const need = (token: string): number => {
    const id = ids.get(token);
    if (id === undefined) throw new Error(`${source} has no ${token} piece, which BERT inputs need`);
    return id;
  };
  const cls = need(s.clsToken);
  const sep = need(s.sepToken);
  need(s.unkToken);
  const specials = [s.padToken, s.unkToken, s.clsToken, s.sepToken, s.maskToken].filter((t) => ids.has(t));
  return {
    added_tokens: specials.map((t) => ({ id: ids.get(t)!, content: t, special: true, normalized: false })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: s.tokenizeChineseChars,
      strip_accents: s.stripAccents,
      lowercase: s.lowerCase,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: s.clsToken, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: s.sepToken, type_id: 0 } },
      ],
      pair: [],
      special_tokens: {
        [s.clsToken]: { id: s.clsToken, ids: [cls], tokens: [s.clsToken] },
        [s.sepToken]: { id: s.sepToken, ids: [sep], tokens: [s.sepToken] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: s.unkToken,
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(ids),
    },
  };
}

type Json = Record<string, unknown>;

function mapPreTokenizers(config: unknown, fn: (p: Json) => Json): unknown {
  if (config === null || typeof config !== 'object') return config;
  const p = config as Json;
  if (p['type'] === 'Sequence' && Array.isArray(p['pretokenizers'])) {
    return { ...p, pretokenizers: p['pretokenizers'].map((inner) => mapPreTokenizers(inner, fn)) };
  }
  return fn(p);
}

/**
 * Files written before Metaspace had `prepend_scheme` say `add_prefix_space`; the library reads
 * only the newer field.
 */
export function upgradeMetaspace(config: unknown): unknown {
  return mapPreTokenizers(config, (p) =>
    p['type'] === 'Metaspace' && p['prepend_scheme'] === undefined && typeof p['add_prefix_space'] === 'boolean'
      ? { ...p, prepend_scheme: p['add_prefix_space'] ? 'always' : 'never' }
      : p,
  );
}

/**
 * The pre-tokenizer for words tokenized one at a time: byte-level BPE gets its prefix space on
 * every word, as transformers gives it with is_split_into_words and add_prefix_space.
 */
export function wordLevelPreTokenizer(config: unknown): unknown {
  return mapPreTokenizers(config, (p) => (p['type'] === 'ByteLevel' ? { ...p, add_prefix_space: true } : p));
}

/**
 * transformers' BERT-family fast tokenizers rebuild their BertNormalizer when tokenizer_config.json
 * asks for other casing, accent or CJK settings than tokenizer.json holds; so does this.
 */
export function overrideBertNormalizer(
  normalizer: unknown,
  settings: {
    do_lower_case?: boolean | undefined;
    strip_accents?: boolean | null | undefined;
    tokenize_chinese_chars?: boolean | undefined;
  },
): unknown {
  if (normalizer === null || typeof normalizer !== 'object' || (normalizer as Json)['type'] !== 'BertNormalizer') return normalizer;
  const out = { ...(normalizer as Json) };
  if (settings.do_lower_case !== undefined) out['lowercase'] = settings.do_lower_case;
  if (settings.strip_accents !== undefined) out['strip_accents'] = settings.strip_accents;
  if (settings.tokenize_chinese_chars !== undefined) out['handle_chinese_chars'] = settings.tokenize_chinese_chars;
  return out;
}

/** Whether the normalizer lower-cases (BertNormalizer's lowercase, or a Lowercase step). */
export function lowerCases(normalizer: unknown): boolean {
  if (normalizer === null || typeof normalizer !== 'object') return false;
  const n = normalizer as Json;
  if (n['type'] === 'Lowercase') return true;
  if (n['type'] === 'BertNormalizer') return n['lowercase'] === true;
  if (n['type'] === 'Sequence' && Array.isArray(n['normalizers'])) return n['normalizers'].some(lowerCases);
  return false;
}
