// The boundary: a zod schema for the params of every contract method, and `dispatch`, which both
// shells call with whatever arrived over IPC or HTTP. Objects are strict (unknown keys, including
// `__proto__` and `constructor`, are refused), strings and arrays are bounded, ids are integers.

import { z } from 'zod';
import type { Handlers, Method, Params } from '../../contract/api.js';
import type { Reply } from '../../contract/errors.js';
import { toApiError } from '../errors.js';
import { MAX_DICTIONARY_WORD } from '../store/dictionary-repo.js';
import { LABEL_NAME, LANG_CODE } from '../store/project-repo.js';
import { MAX_SENTENCE_TOKENS } from './imports.js';

const MAX_ID = Number.MAX_SAFE_INTEGER;
// The import refuses longer sentences, so every stored token is addressable.
const MAX_TOKEN = MAX_SENTENCE_TOKENS;
// 64 MiB of file bytes (the web shell's body limit) in base64.
const MAX_BASE64 = Math.ceil((64 * 2 ** 20) / 3) * 4;

const id = z.int().min(1).max(MAX_ID);
const token = z.int().min(0).max(MAX_TOKEN);
const name = z.string().trim().min(1).max(200);
const filePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte');
const lang = z.string().max(35).regex(LANG_CODE, 'must be a language code such as en, es or pt-BR');
const labelName = z.string().max(32).regex(LABEL_NAME, "must be 1-32 letters, digits, '_', '.' or '-'");
const split = z.enum(['train', 'dev', 'test', 'unlabelled']);
const status = z.enum(['unlabelled', 'predicted', 'gold', 'corrected']);
const format = z.enum(['conll', 'jsonl', 'hf', 'text', 'labelstudio', 'labelstudio-min', 'webanno']);
const scheme = z.enum(['iob1', 'iob2', 'bioes']);
const sort = z.enum(['document', 'uncertainty']);
const editScope = z.enum(['sentences', 'pairs']);
const none = z.strictObject({});

const label = z.strictObject({
  name: labelName,
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour'),
  key: z.string().regex(/^[1-9]?$/, "must be '1'..'9' or empty"),
});

const filter = z.strictObject({
  lang: lang.optional(),
  split: split.optional(),
  status: status.optional(),
  q: z.string().max(500).optional(),
});

const importSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('path'), path: filePath }),
  z.strictObject({
    kind: z.literal('bytes'),
    name: z.string().min(1).max(255),
    base64: z
      .string()
      .max(MAX_BASE64, 'file is larger than 64 MB')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
  }),
]);

const importOptions = z.strictObject({
  source: importSource,
  lang,
  split,
  unlabelled: z.boolean().optional(),
  format: format.optional(),
  addLabels: z.array(labelName).max(64).optional(),
});

const trainingConfig = z.strictObject({
  sourceLangs: z.array(lang).min(1).max(20),
  sourceSplits: z.array(split).min(1).max(4),
  targetLang: lang,
  mode: z.enum(['teacher', 'pipeline']),
  encoder: z.string().min(1).max(4200),
  epochs: z.int().min(1).max(1000),
  evaluatorEpochs: z.int().min(0).max(1000).optional(),
  studentEpochs: z.int().min(0).max(1000),
  batchSize: z.int().min(1).max(1024).optional(),
  alpha: z.boolean(),
  beta: z.boolean(),
  gamma: z.boolean(),
  kd: z.boolean(),
  selectOn: z.enum(['source-dev', 'target-dev']),
  useTargetGold: z.boolean(),
  seed: z
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  predictAfter: z.boolean(),
  dictionaryIds: z.array(id).max(20).optional(),
  dictionaryId: id.nullable().optional(),
  codeSwitch: z.number().min(0).max(1).optional(),
  keepNames: z.boolean().optional(),
  consistentTypes: z.boolean().optional(),
  targetConventions: z.boolean().optional(),
});

const dictionaryWord = z.string().min(1).max(MAX_DICTIONARY_WORD);

// A model hub repository (owner/name) and revision, as the hub's resolve URLs take them; the
// download folder is named after the repository, so `..` is refused outright.
const hubRepo = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/, 'must be a hub repository such as google-bert/bert-base-multilingual-cased')
  .refine((r) => !r.includes('..'), 'must not contain ..');
const hubRevision = z
  .string()
  .max(200)
  .regex(/^[\w.\/-]+$/, 'must be a branch, tag or commit such as main')
  .refine((r) => !r.includes('..'), 'must not contain ..');

export const paramSchemas = {
  'app.info': none,
  'projects.current': none,
  'projects.create': z.strictObject({ path: filePath, name, labels: z.array(labelName).max(64).optional() }),
  'projects.open': z.strictObject({ path: filePath }),
  'projects.recent': none,
  'projects.forget': z.strictObject({ path: filePath }),
  'projects.update': z.strictObject({ name: name.optional(), labels: z.array(label).max(64).optional() }),
  'languages.upsert': z.strictObject({ code: lang, name: name.max(100), direction: z.enum(['ltr', 'rtl']) }),
  'languages.remove': z.strictObject({ code: lang }),
  'languages.casing': none,
  'imports.preview': importOptions,
  'imports.run': importOptions,
  'exports.run': z.strictObject({
    lang,
    split: split.optional(),
    format,
    scheme: scheme.optional(),
    predictions: z.union([id, z.literal('all')]).optional(),
    path: filePath.optional(),
  }),
  'stats.splits': none,
  'sentences.list': z.strictObject({ filter, sort, offset: z.int().min(0).max(1e9), limit: z.int().min(1).max(1000) }),
  'sentences.get': z.strictObject({ id }),
  'sentences.locate': z.strictObject({ id, filter, sort }),
  'sentences.neighbours': z.strictObject({ id, radius: z.int().min(0).max(100) }),
  'sentences.next': z.strictObject({ after: id.nullable(), filter, sort }),
  'annotations.set': z.strictObject({ sentenceId: id, start: token, end: token, label: labelName }),
  'annotations.remove': z.strictObject({ sentenceId: id, token }),
  'annotations.confirm': z.strictObject({ sentenceId: id }),
  'annotations.accept': z.strictObject({ sentenceId: id }),
  'annotations.reject': z.strictObject({ sentenceId: id }),
  'edits.undo': z.strictObject({ scope: editScope.optional() }),
  'edits.redo': z.strictObject({ scope: editScope.optional() }),
  'edits.history': z.strictObject({ limit: z.int().min(1).max(1000), scope: editScope.optional() }),
  'edits.revert': z.strictObject({ id, scope: editScope.optional() }),
  'pairs.list': z.strictObject({ offset: z.int().min(0).max(1e9), limit: z.int().min(1).max(1000) }),
  'pairs.get': z.strictObject({ id }),
  'pairs.create': z.strictObject({ a: id, b: id }),
  'pairs.delete': z.strictObject({ id }),
  'pairs.suggest': z.strictObject({
    mode: z.enum(['random', 'shared-capitalised']),
    langA: lang,
    langB: lang,
    count: z.int().min(1).max(500),
  }),
  'pairs.link': z.strictObject({ pairId: id, i: token, j: token, value: z.enum(['same', 'different']).nullable() }),
  'pairs.similarity': z.strictObject({ pairId: id, modelId: id.optional() }),
  'backend.info': none,
  'backend.settings': none,
  'backend.configure': z.strictObject({ threads: z.int().min(1).max(64).nullable() }),
  'training.start': trainingConfig,
  'training.cancel': z.strictObject({ runId: id }),
  'training.resume': z.strictObject({ runId: id }),
  'training.list': none,
  'training.get': z.strictObject({ runId: id }),
  'training.exportBundle': z.strictObject({ config: trainingConfig, dir: filePath, copyEncoder: z.boolean().optional() }),
  'predict.start': z.strictObject({ modelId: id, lang, splits: z.array(split).min(1).max(4) }),
  'models.list': none,
  'models.rename': z.strictObject({ id, name }),
  'models.delete': z.strictObject({ id }),
  'models.export': z.strictObject({ id, path: filePath, format: z.enum(['crosstag', 'huggingface']).optional() }),
  'models.import': z.strictObject({ path: filePath, name: name.optional() }),
  'evaluate.run': z.strictObject({ modelId: id, lang, split }),
  'encoders.list': none,
  'encoders.add': z.strictObject({ dir: filePath, name: name.optional() }),
  'encoders.remove': z.strictObject({ id }),
  'encoders.download': z.strictObject({ repo: hubRepo, revision: hubRevision.optional() }),
  'encoders.cancel': z.strictObject({ repo: hubRepo }),
  'encoders.recommended': none,
  'dictionaries.list': none,
  'dictionaries.import': z.strictObject({ source: importSource, name: name.optional(), srcLang: lang, tgtLang: lang }),
  'dictionaries.coverage': z.strictObject({ id }),
  'dictionaries.entries': z.strictObject({
    id,
    q: z.string().max(200).optional(),
    offset: z.int().min(0).max(1e9),
    limit: z.int().min(1).max(1000),
  }),
  'dictionaries.setEntry': z.strictObject({ id, source: dictionaryWord, targets: z.array(dictionaryWord).max(100) }),
  'dictionaries.remove': z.strictObject({ id }),
  'dictionaries.published': z.strictObject({ srcLang: lang, tgtLang: lang }),
  'dictionaries.download': z.strictObject({ srcLang: lang, tgtLang: lang }),
  'dictionaries.cancelDownload': z.strictObject({ srcLang: lang, tgtLang: lang }),
} satisfies { [M in Method]: z.ZodType<Params<M>> };

// Each schema's output must be exactly its method's params: a compile error names any that drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exact: { [M in Method]: Same<z.output<(typeof paramSchemas)[M]>, Params<M>> } = {} as { [M in Method]: true };
void exact;

/** Every contract method, for shells that build one function per method (the Electron preload). */
export const METHODS = Object.keys(paramSchemas) as Method[];

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(paramSchemas, name);
}

// Zod names every unrecognised key in one message: 10,000 keys would make a 100 KB error that
// repeats the payload back. Each issue is cut to this many characters.
const MAX_ISSUE_CHARS = 300;

function readable(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const text = `${i.path.length === 0 ? 'params' : i.path.join('.')}: ${i.message}`;
      return text.length > MAX_ISSUE_CHARS ? `${text.slice(0, MAX_ISSUE_CHARS - 1)}…` : text;
    })
    .join('; ');
}

/** Validates `payload` for `method` and calls the core; every failure comes back as a typed ApiError. */
export async function dispatch(core: Handlers, method: string, payload: unknown): Promise<Reply<unknown>> {
  if (!isMethod(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method "${method.slice(0, 100)}"` } };
  }
  const parsed = paramSchemas[method].safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) return { ok: false, error: { code: 'BAD_REQUEST', message: `${method}: ${readable(parsed.error)}` } };
  try {
    const handler = core[method] as (params: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}
