// WebAnno TSV 3.x, INCEpTION's exchange format: a header naming the annotation layers and their
// feature columns, then sentences as `#Text=` lines and one tab-separated line per token
// (`sent-tok`, `begin-end` in UTF-16 units over the whole document, the token, one cell per
// column). Entities are the `value` feature of the DKPro NamedEntity layer; `PER[3]` ties the
// tokens of one multi-token entity, `|` stacks several on a token. A flat tag set keeps one
// entity per token, so stacked, nested and cross-sentence entities, annotations on sub-tokens,
// entity identifiers and every other layer are left out or widened, and counted in the warnings.

import type { TokenOffsets } from '../../contract/entities.js';
import { formatError } from '../errors.js';
import { utf16ToCp } from '../text/index.js';
import { flatten } from './char-spans.js';
import { baseName, DocumentCollector } from './documents.js';
import { LabelNamer } from './label-names.js';
import { parseCell, unescapeText } from './webanno-cells.js';
import { readWebAnnoHeader, type WebAnnoHeader } from './webanno-header.js';
import type { ReaderResult, TokenSpan } from './types.js';
import { WarningList } from './warning-list.js';

interface Unit {
  sentence: number;
  token: number;
  sub: boolean;
}

interface Entity {
  label: string | null;
  units: Unit[];
}

interface RawSentence {
  textLines: string[];
  line: number;
  tokens: { begin: number; end: number; word: string; line: number }[];
}

const TOKEN_ID = /^(\d+)-(\d+)(?:\.(\d+))?$/;
const OFFSETS = /^(\d+)-(\d+)$/;

class Counts {
  crossSentence = 0;
  untyped = 0;
  subToken = 0;
  identifiers = 0;
  readonly overlap = { dropped: 0 };
}

export function readWebAnno(lines: readonly string[], opts: { file: string; unlabelled?: boolean | undefined }): ReaderResult {
  const { file } = opts;
  const header = readWebAnnoHeader(lines, file);
  const counts = new Counts();
  const sentences: RawSentence[] = [];
  const entities = new Map<number, Entity>();
  const singles: Entity[] = [];
  let current: RawSentence | null = null;
  for (let i = header.bodyStart; i < lines.length; i++) {
    const line = lines[i] as string;
    const ln = i + 1;
    if (line.trim() === '') {
      current = null;
      continue;
    }
    if (line.startsWith('#Text=') || line.startsWith('#Sentence.id=')) {
      if (current === null || current.tokens.length > 0) sentences.push((current = { textLines: [], line: ln, tokens: [] }));
      if (line.startsWith('#Text=')) current.textLines.push(unescapeText(line.slice('#Text='.length)));
      continue;
    }
    if (line.startsWith('#')) throw formatError(file, ln, `unexpected header line in the body: ${line.slice(0, 40)}`);
    if (current === null || current.textLines.length === 0) throw formatError(file, ln, "token line before its sentence's #Text= line");
    readTokenLine(line, ln, current, sentences.length - 1, header, { entities, singles, counts, file });
  }
  if (sentences.length === 0) throw formatError(file, lines.length, 'file has no sentences (no #Text= lines)');

  const labelled = header.entityColumn !== null && opts.unlabelled !== true;
  const spans = labelled ? entitySpans([...entities.values(), ...singles], sentences.length, counts) : null;
  const collector = new DocumentCollector(baseName(file));
  const names = new LabelNamer();
  sentences.forEach((s, n) => {
    const { text, tokens } = sentenceTokens(s, file);
    const own = spans === null ? null : flatten(spans[n] ?? [], counts.overlap).map((sp) => ({ ...sp, label: names.name(sp.label) }));
    collector.add({ text, tokens, spans: own, line: s.line });
  });
  return { scheme: null, tokenizer: 'webanno', documents: collector.finish(), warnings: warnings(file, header, counts, names, labelled) };
}

function readTokenLine(
  line: string,
  ln: number,
  sentence: RawSentence,
  n: number,
  header: WebAnnoHeader,
  acc: { entities: Map<number, Entity>; singles: Entity[]; counts: Counts; file: string },
): void {
  const { file } = acc;
  const fields = line.split('\t');
  // INCEpTION ends every field, the last included, with a tab.
  if (line.endsWith('\t')) fields.pop();
  if (fields.length !== header.columns + 3) {
    throw formatError(
      file,
      ln,
      `expected ${header.columns + 3} tab-separated fields (id, offsets, token, ${header.columns} annotation column(s)), found ${fields.length}`,
    );
  }
  const [id, offsets, word] = fields as [string, string, string];
  if (fields.some((f, k) => k >= 3 && f === ''))
    throw formatError(file, ln, 'an annotation cell is empty; "_" marks a cell without annotation');
  const idMatch = TOKEN_ID.exec(id);
  const offMatch = OFFSETS.exec(offsets);
  if (idMatch === null) throw formatError(file, ln, `"${id}" is not a token id such as 1-3 or 1-3.1`);
  if (offMatch === null) throw formatError(file, ln, `"${offsets}" is not a begin-end offset pair such as 10-14`);
  const begin = Number(offMatch[1]);
  const end = Number(offMatch[2]);
  if (end <= begin) throw formatError(file, ln, `token offsets ${offsets} are empty or reversed`);
  const sub = idMatch[3] !== undefined;
  if (!sub) sentence.tokens.push({ begin, end, word, line: ln });
  const token = sentence.tokens.length - 1;
  if (token < 0) throw formatError(file, ln, `sub-token ${id} comes before any token of its sentence`);
  if (header.identifierColumn !== null && parseCell(fields[3 + header.identifierColumn] as string).some((v) => v.value !== null)) {
    acc.counts.identifiers++;
  }
  if (header.entityColumn === null) return;
  const unit: Unit = { sentence: n, token, sub };
  for (const v of parseCell(fields[3 + header.entityColumn] as string)) {
    if (v.id === null) {
      acc.singles.push({ label: v.value, units: [unit] });
      continue;
    }
    const entity = acc.entities.get(v.id);
    if (entity === undefined) acc.entities.set(v.id, { label: v.value, units: [unit] });
    else entity.units.push(unit);
  }
}

/** Each sentence's entities as token spans; cross-sentence and untyped ones are counted and left out. */
function entitySpans(all: readonly Entity[], sentenceCount: number, counts: Counts): TokenSpan[][] {
  const out: TokenSpan[][] = Array.from({ length: sentenceCount }, () => []);
  for (const e of all) {
    const first = e.units[0] as Unit;
    if (e.units.some((u) => u.sentence !== first.sentence)) {
      counts.crossSentence++;
      continue;
    }
    if (e.label === null) {
      counts.untyped++;
      continue;
    }
    if (e.units.some((u) => u.sub)) counts.subToken++;
    const start = Math.min(...e.units.map((u) => u.token));
    const end = Math.max(...e.units.map((u) => u.token)) + 1;
    (out[first.sentence] as TokenSpan[]).push({ start, end, label: e.label });
  }
  return out;
}

/** The sentence text and its tokens in code points, checked against the `#Text=` lines. */
function sentenceTokens(s: RawSentence, file: string): { text: string; tokens: TokenOffsets[] } {
  const text = s.textLines.join('\n');
  const first = s.tokens[0];
  if (first === undefined) throw formatError(file, s.line, 'sentence has no tokens');
  // The first token starts the sentence; tolerate leading whitespace some writers keep.
  const lead = text.startsWith(first.word) ? 0 : text.indexOf(first.word);
  const base = first.begin - Math.max(lead, 0);
  const tokens = s.tokens.map((t) => {
    const from = t.begin - base;
    const to = t.end - base;
    const fail = (why: string) => formatError(file, t.line, `token "${t.word}" at ${t.begin}-${t.end} ${why} (offsets are UTF-16 units)`);
    if (from < 0 || to > text.length) throw fail(`falls outside its sentence text (${text.length} UTF-16 units from offset ${base})`);
    if (text.slice(from, to) !== t.word) throw fail(`does not match the sentence text there ("${text.slice(from, to)}")`);
    try {
      return { start: utf16ToCp(text, from), end: utf16ToCp(text, to) };
    } catch {
      throw fail('splits a character');
    }
  });
  tokens.forEach((t, k) => {
    if (k > 0 && t.start < (tokens[k - 1] as TokenOffsets).end)
      throw formatError(file, (s.tokens[k] as { line: number }).line, 'token overlaps the one before');
  });
  return { text, tokens };
}

function warnings(file: string, header: WebAnnoHeader, counts: Counts, names: LabelNamer, labelled: boolean): string[] {
  const w = new WarningList(file);
  if (header.entityColumn === null) w.add('no NamedEntity layer with a value feature; the sentences were read without labels');
  if (header.otherLayers.length > 0) w.add(`layers left out (a flat tag set keeps named entities only): ${header.otherLayers.join(', ')}`);
  if (labelled) {
    w.count(counts.overlap.dropped, 'stacked, nested or overlapping entities dropped (a flat tag set keeps the longest)');
    w.count(counts.crossSentence, 'entities crossing a sentence boundary dropped');
    w.count(counts.untyped, 'entities without a value dropped');
    w.count(counts.subToken, 'entities on sub-tokens widened to whole tokens');
    w.count(counts.identifiers, 'tokens whose entity identifiers (links) were left out');
  }
  w.add(names.warning(file));
  return w.list;
}
