// The well-formed files the import fuzzer mutates: small samples of every format and dialect the
// readers accept, and, when ../shared/data is present, excerpts of the real corpora (train and
// dev files only; test files are never read).

import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Rng } from '../rng.js';

export interface SeedFile {
  /** A file name with the extension the format is usually saved under. */
  name: string;
  text: string;
}

const CONLL_IOB1 = [
  '-DOCSTART- -X- -X- O',
  '',
  'EU NNP B-NP I-ORG',
  'rejects VBZ B-VP O',
  'German JJ B-NP I-MISC',
  'call NN I-NP O',
  '. . O O',
  '',
  'Peter NNP B-NP I-PER',
  'Blackburn NNP I-NP I-PER',
  '',
].join('\n');
const CONLL_IOB2 = [
  'Juan B-PER',
  'vive O',
  'en O',
  'San B-LOC',
  'Sebastián I-LOC',
  '. O',
  '',
  'La O',
  'Comisión B-ORG',
  'Europea I-ORG',
  'dijo O',
  '',
].join('\n');
const CONLL_DUTCH = [
  '-DOCSTART- -DOCSTART- O',
  'De Art O',
  'Belgische Adj B-MISC',
  'premier N O',
  'Verhofstadt N B-PER',
  '',
  'Hij Pron O',
  'sprak V O',
  '',
].join('\n');
const CONLL_BIOES = [
  'New S-LOC',
  '',
  'New B-LOC',
  'York E-LOC',
  'is O',
  'big O',
  '',
  'Anna S-PER',
  'Maria B-PER',
  'Li I-PER',
  'Wu E-PER',
  '',
].join('\n');
const CONLL_UNLABELLED = ['Ein', 'Satz', 'ohne', 'Tags', '', 'Noch', 'einer', ''].join('\n');
const WIKIANN = ['Pedro\tB-PER', 'Almodóvar\tI-PER', 'nació\tO', 'en\tO', 'Calzada\tB-LOC', '', 'Río\tB-LOC', 'Ebro\tI-LOC', ''].join('\n');
const DOCCANO = [
  JSON.stringify({
    text: 'Barack Obama visited Paris.',
    label: [
      [0, 12, 'PER'],
      [21, 26, 'LOC'],
    ],
  }),
  JSON.stringify({ text: 'No entities here.', label: [] }),
  JSON.stringify({
    text: 'Ümit ging nach Köln 😀 heute.',
    labels: [
      [0, 4, 'PER'],
      [15, 19, 'LOC'],
    ],
  }),
].join('\n');
const DOCCANO_ENTITIES = [
  JSON.stringify({
    text: 'Apple hired Tim Cook.',
    entities: [
      { id: 1, start_offset: 0, end_offset: 5, label: 'ORG' },
      { id: 2, start_offset: 12, end_offset: 20, label: 'PER' },
    ],
  }),
].join('\n');
const SPACY = [
  JSON.stringify({
    text: 'Angela Merkel spoke',
    spans: [{ start: 0, end: 13, label: 'PER' }],
    tokens: [
      { text: 'Angela', start: 0, end: 6, id: 0 },
      { text: 'Merkel', start: 7, end: 13, id: 1 },
      { text: 'spoke', start: 14, end: 19, id: 2 },
    ],
    meta: { doc: 'news-1' },
  }),
  JSON.stringify({ text: 'Rejected one', spans: [], answer: 'reject' }),
  JSON.stringify({ text: 'Unlabelled text in Tokyo' }),
].join('\n');
const HF_STRINGS = [
  JSON.stringify({ id: '0', tokens: ['EU', 'rejects', 'German', 'call'], ner_tags: ['B-ORG', 'O', 'B-MISC', 'O'] }),
  JSON.stringify({ id: '1', tokens: ['Peter', 'Blackburn'], ner_tags: ['B-PER', 'I-PER'], document: 'd1' }),
].join('\n');
const HF_INTS = [
  JSON.stringify({ tokens: ['EU', 'rejects', 'German', 'call'], ner_tags: [3, 0, 7, 0] }),
  JSON.stringify({ tokens: ['no', 'tags'] }),
].join('\n');
const TEXT = ['Juan vive en Madrid.', 'مرحبا بالعالم في القاهرة', '北京是中国的首都。', '', 'Zürich liegt am See.'].join('\n');
const span = (start: number, end: number, text: string, label: string, score?: number) => ({
  type: 'labels',
  from_name: 'label',
  to_name: 'text',
  value: { start, end, text, labels: [label] },
  ...(score === undefined ? {} : { score }),
});
// Label Studio's full export as Crosstag writes it, one task a line: gold, predictions only, a
// relation, an emoji before an entity, a cancelled annotation.
const LABEL_STUDIO = `[\n${[
  { id: 1, data: { text: 'Juan vive en Madrid.' }, annotations: [{ result: [span(0, 4, 'Juan', 'PER'), span(13, 19, 'Madrid', 'LOC')] }] },
  {
    id: 2,
    data: { text: 'Telefónica abrió en Lima.' },
    predictions: [{ model_version: 'v1', score: 0.7, result: [span(0, 10, 'Telefónica', 'ORG', 0.9)] }],
  },
  {
    id: 3,
    data: { text: '😀 Ana y Luis' },
    annotations: [
      { result: [span(2, 5, 'Ana', 'PER'), span(8, 12, 'Luis', 'PER'), { type: 'relation', from_id: 'a', to_id: 'b' }] },
      { was_cancelled: true, result: [] },
    ],
  },
]
  .map((t) => JSON.stringify(t))
  .join(',\n')}\n]`;
const LABEL_STUDIO_MIN = JSON.stringify(
  [
    { text: 'EU rejects German call', id: 1, label: [{ start: 0, end: 2, text: 'EU', labels: ['ORG'] }], annotation_id: 4 },
    { text: 'Sin etiquetas', id: 2 },
  ],
  null,
  2,
);
const WEBANNO = [
  '#FORMAT=WebAnno TSV 3.3',
  '#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value',
  '',
  '',
  '#Text=Angela Merkel 😀 Berlin',
  '1-1\t0-6\tAngela\t*[1]\tPER[1]\t',
  '1-2\t7-13\tMerkel\t*[1]\tPER[1]\t',
  '1-3\t14-16\t😀\t_\t_\t',
  '1-4\t17-23\tBerlin\t*|*\tLOC|GPE\t',
  '',
  '#Text=Hola',
  '2-1\t24-28\tHola\t_\t_\t',
].join('\n');

export const BUILT_IN_SEEDS: readonly SeedFile[] = [
  { name: 'iob1.conll', text: CONLL_IOB1 },
  { name: 'iob2.conll', text: CONLL_IOB2 },
  { name: 'dutch.conll', text: CONLL_DUTCH },
  { name: 'bioes.iob', text: CONLL_BIOES },
  { name: 'plain.conll', text: CONLL_UNLABELLED },
  { name: 'wikiann.tsv', text: WIKIANN },
  { name: 'doccano.jsonl', text: DOCCANO },
  { name: 'doccano-entities.jsonl', text: DOCCANO_ENTITIES },
  { name: 'spacy.jsonl', text: SPACY },
  { name: 'hf.jsonl', text: HF_STRINGS },
  { name: 'hf-ints.json', text: HF_INTS },
  { name: 'text.txt', text: TEXT },
  { name: 'labelstudio.json', text: LABEL_STUDIO },
  { name: 'labelstudio-min.json', text: LABEL_STUDIO_MIN },
  { name: 'inception.tsv', text: WEBANNO },
];

const REAL_FILES = [
  'conll2003/en/train.txt',
  'conll2003/en/dev.txt',
  'conll2002/es/dev.txt',
  'conll2002/nl/dev.txt',
  'wikiann/en/dev.txt',
  'wikiann/es/dev.txt',
];
// About 40 sentences of CoNLL: a realistic mix of documents, entities and punctuation.
const EXCERPT_BYTES = 4096;

/** Excerpts of the real corpora, each starting at a sentence boundary at a seeded offset. */
export function realDataSeeds(dataDir: string | null, rng: Rng, perFile: number): SeedFile[] {
  if (dataDir === null) return [];
  const out: SeedFile[] = [];
  for (const rel of REAL_FILES) {
    const file = path.join(dataDir, rel);
    if (!existsSync(file)) continue;
    const size = statSync(file).size;
    const fd = openSync(file, 'r');
    try {
      for (let k = 0; k < perFile; k++) {
        const at = k === 0 ? 0 : rng.int(0, Math.max(0, size - EXCERPT_BYTES * 2));
        const buf = Buffer.alloc(EXCERPT_BYTES * 2);
        const n = readSync(fd, buf, 0, buf.length, at);
        let text = buf.subarray(0, n).toString('utf8');
        // Start after a blank line and end at one, so the excerpt is whole sentences.
        if (at > 0) text = text.slice(text.indexOf('\n\n') + 2);
        text = text.slice(0, text.lastIndexOf('\n\n', EXCERPT_BYTES) + 1);
        if (text.trim() !== '') out.push({ name: `${rel.replace(/\//g, '-').replace(/\.txt$/, '')}-${k}.conll`, text });
      }
    } finally {
      closeSync(fd);
    }
  }
  return out;
}
