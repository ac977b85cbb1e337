// `crosstag eval --gold FILE --pred FILE`: seqeval-compatible entity scores of a prediction file
// against a gold file with the same sentences and words.

import type { EvalReport } from '../../contract/entities.js';
import { evaluate } from '../../core/eval/index.js';
import { readCorpus, spansToTags, type Corpus, type CorpusSentence } from '../../core/formats/index.js';
import { tokenTexts } from '../../core/text/index.js';
import { CliError, printWarnings, readInput, type CliCommand, type CliIo } from '../io.js';
import { formatOption } from '../options.js';

interface Side {
  file: string;
  corpus: Corpus;
  sentences: CorpusSentence[];
}

export const evalCommand: CliCommand = (program, io) => {
  program
    .command('eval')
    .description('entity precision, recall and F1 of predicted tags against gold tags (seqeval default mode)')
    .requiredOption('--gold <file>', 'gold corpus file')
    .requiredOption('--pred <file>', 'predicted corpus file, same sentences and words as gold')
    .option('--format <format>', 'format of both files (default: detected for each)')
    .option('--json', 'print one JSON object')
    .action((opts: { gold: string; pred: string; format?: string; json?: boolean }) => {
      const format = formatOption(opts.format, '--format');
      const gold = load(io, opts.gold, format);
      const pred = load(io, opts.pred, format);
      const [goldTags, predTags] = alignedTags(gold, pred);
      const report = evaluate(goldTags, predTags);
      io.stdout(opts.json === true ? `${JSON.stringify(toJson(report))}\n` : table(report));
    });
};

function load(io: CliIo, file: string, format: Corpus['format'] | undefined): Side {
  const corpus = readCorpus(readInput(io, file), { file, format });
  printWarnings(io, corpus.warnings);
  return { file, corpus, sentences: corpus.documents.flatMap((d) => d.sentences) };
}

/** Line of token `i` of a sentence: tokens sit one per line only in CoNLL files. */
function lineOf(side: Side, s: CorpusSentence, i = 0): number {
  return (s.line ?? 0) + (side.corpus.format === 'conll' ? i : 0);
}

function alignedTags(gold: Side, pred: Side): [string[][], string[][]] {
  const n = Math.min(gold.sentences.length, pred.sentences.length);
  if (gold.sentences.length !== pred.sentences.length) {
    const longer = gold.sentences.length > n ? gold : pred;
    const extra = longer.sentences[n] as CorpusSentence;
    throw new CliError(
      `${longer.file}:${lineOf(longer, extra)}: sentence ${n + 1} has no counterpart; ` +
        `${gold.file} has ${gold.sentences.length} sentences and ${pred.file} has ${pred.sentences.length}`,
    );
  }
  const goldTags: string[][] = [];
  const predTags: string[][] = [];
  for (let k = 0; k < n; k++) {
    const g = gold.sentences[k] as CorpusSentence;
    const p = pred.sentences[k] as CorpusSentence;
    if (g.tokens.length !== p.tokens.length) {
      throw new CliError(
        `${pred.file}:${lineOf(pred, p)}: sentence ${k + 1} has ${p.tokens.length} tokens but in ${gold.file}:${lineOf(gold, g)} it has ${g.tokens.length}`,
      );
    }
    const gw = tokenTexts(g.text, g.tokens);
    const pw = tokenTexts(p.text, p.tokens);
    const i = gw.findIndex((w, j) => w !== pw[j]);
    if (i >= 0) {
      throw new CliError(
        `${pred.file}:${lineOf(pred, p, i)}: word "${pw[i]}" differs from "${gw[i]}" in ${gold.file}:${lineOf(gold, g, i)}`,
      );
    }
    goldTags.push(tagsOf(gold, g));
    predTags.push(tagsOf(pred, p));
  }
  return [goldTags, predTags];
}

function tagsOf(side: Side, s: CorpusSentence): string[] {
  if (s.spans === null) throw new CliError(`${side.file}:${lineOf(side, s)}: sentence has no tags to score`);
  return spansToTags(s.spans, s.tokens.length, 'iob2');
}

function toJson(report: EvalReport): Record<string, unknown> {
  return { precision: report.precision, recall: report.recall, f1: report.f1, per_type: report.perType, spans: report.spans };
}

/** A report laid out like seqeval's classification_report. */
function table(report: EvalReport): string {
  const rows: [string, number, number, number, number][] = Object.entries(report.perType).map(([t, s]) => [
    t,
    s.precision,
    s.recall,
    s.f1,
    s.support,
  ]);
  const support = rows.reduce((sum, r) => sum + r[4], 0);
  const width = Math.max(9, ...rows.map((r) => r[0].length));
  const line = (name: string, p: number, r: number, f: number, n: number): string =>
    `${name.padStart(width)}  ${p.toFixed(4).padStart(9)}  ${r.toFixed(4).padStart(9)}  ${f.toFixed(4).padStart(9)}  ${String(n).padStart(7)}\n`;
  let out = `${''.padStart(width)}  ${'precision'.padStart(9)}  ${'recall'.padStart(9)}  ${'f1'.padStart(9)}  ${'support'.padStart(7)}\n\n`;
  for (const r of rows) out += line(...r);
  const spans = report.spans;
  return `${out}\n${line('micro avg', report.precision, report.recall, report.f1, support)}${line('untyped', spans.precision, spans.recall, spans.f1, support)}`;
}
