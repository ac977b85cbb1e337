// Export from a project to a corpus file, shared by the service and the CLI. Label Studio
// exports carry a model's predictions as pre-annotations and come with the labelling config
// for the project's labels, written beside the file.

import fs from 'node:fs';
import type { CorpusFormat, ModelInfo, Split, TagScheme } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { writeFileAtomic } from '../files/index.js';
import { labelStudioConfig, writeCorpus } from '../formats/index.js';
import type { CorpusDocument, CorpusPrediction, CorpusSentence } from '../formats/types.js';
import type { SentenceRecord, Store } from '../store/index.js';

export interface ExportOptions {
  lang: string;
  split?: Split | undefined;
  format: CorpusFormat;
  scheme?: TagScheme | undefined;
  /**
   * Label Studio: whose predictions to write as `predictions` (a model id, or every model's);
   * none when absent. Label Studio exports never write predictions as annotations; the other
   * formats write a predicted sentence's tags as its tags.
   */
  predictions?: number | 'all' | undefined;
}

export interface ExportResult {
  sentences: number;
  content: string;
  /** Sentences written with a model's predictions (Label Studio). */
  predicted: number;
  /** The Label Studio labelling config for the project's labels, to write beside the file. */
  labelConfig: string | null;
  notes: string[];
}

/** Formats that keep predictions apart from gold: a predicted sentence is not written as annotated. */
const LABEL_STUDIO: readonly CorpusFormat[] = ['labelstudio', 'labelstudio-min'];

/** Where the labelling config of a Label Studio export goes: `tasks.json` → `tasks.label-config.xml`. */
export function labelConfigPath(file: string): string {
  return `${file.replace(/\.json$/i, '')}.label-config.xml`;
}

/** The project's sentences of one language (and split) as a corpus file; unlabelled sentences carry no tags. */
export function exportText(store: Store, opts: ExportOptions): ExportResult {
  if (store.project.language(opts.lang) === null) throw new CoreError('NOT_FOUND', `no language ${opts.lang} in this project`);
  if (typeof opts.predictions === 'number') store.models.get(opts.predictions);
  const records = store.sentences.records({ lang: opts.lang, splits: opts.split === undefined ? undefined : [opts.split] });
  const names = new Map(store.models.list().map((m: ModelInfo) => [m.id, m.name]));
  const apart = LABEL_STUDIO.includes(opts.format);
  const docs: CorpusDocument[] = [];
  let current: { id: number; doc: CorpusDocument } | null = null;
  let predicted = 0;
  let unattributed = 0;
  for (const r of records) {
    if (current === null || current.id !== r.docId) {
      current = { id: r.docId, doc: { name: r.docName, sentences: [] } };
      docs.push(current.doc);
    }
    const sentence: CorpusSentence = { text: r.text, tokens: r.tokens, spans: spansOf(r) };
    if (apart && r.status === 'predicted') {
      sentence.spans = null;
      const model = r.spans[0]?.modelId ?? null;
      if (model === null && r.spans.length === 0 && typeof opts.predictions === 'number') unattributed++;
      const chosen = opts.predictions === 'all' || (opts.predictions !== undefined && model === opts.predictions);
      // JSON-MIN has no room for predictions.
      if (chosen && opts.format === 'labelstudio') {
        sentence.prediction = predictionOf(r, model === null ? '' : (names.get(model) ?? `model ${model}`));
        predicted++;
      }
    }
    current.doc.sentences.push(sentence);
  }
  const notes: string[] = [];
  if (unattributed > 0) {
    notes.push(
      `${unattributed} predicted sentence(s) without entities record no model, so they were written without predictions; choose "every model" to include them`,
    );
  }
  const content = writeCorpus(docs, { format: opts.format, scheme: opts.scheme });
  const labelConfig = apart ? labelStudioConfig(store.project.labels()) : null;
  return { sentences: records.length, content, predicted, labelConfig, notes };
}

function spansOf(r: SentenceRecord): CorpusSentence['spans'] {
  return r.status === 'unlabelled' ? null : r.spans.map((s) => ({ start: s.start, end: s.end, label: s.label }));
}

/** A predicted sentence's spans with their confidences; its score is 1 - its uncertainty. */
function predictionOf(r: SentenceRecord, model: string): CorpusPrediction {
  return {
    model,
    score: r.uncertainty === null ? null : 1 - r.uncertainty,
    spans: r.spans.map((s) => ({ start: s.start, end: s.end, label: s.label, score: s.confidence })),
  };
}

/**
 * Writes the export, and the Label Studio config beside it, each atomically: a failed export
 * never leaves half a file, nor a config without its export.
 */
export function writeExport(file: string, out: ExportResult): { path: string; labelConfig: string | null } {
  const configFile = out.labelConfig === null ? null : labelConfigPath(file);
  const hadConfig = configFile !== null && fs.existsSync(configFile);
  if (configFile !== null) writeExportFile(configFile, out.labelConfig as string);
  try {
    writeExportFile(file, out.content);
  } catch (err) {
    if (configFile !== null && !hadConfig) fs.rmSync(configFile, { force: true });
    throw err;
  }
  return { path: file, labelConfig: configFile };
}

/** Writes one file of an export atomically; a failure is a BAD_REQUEST naming the file. */
function writeExportFile(file: string, content: string): void {
  try {
    writeFileAtomic(file, content);
  } catch (err) {
    throw new CoreError('BAD_REQUEST', `cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
