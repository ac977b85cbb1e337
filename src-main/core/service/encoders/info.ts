// What encoders.list shows of an encoder: the built-in small ones from the engine's registry, and
// a registered checkpoint folder checked again (its configs, tokenizer and safetensors header,
// never the weights, so a 1 GB checkpoint is checked in milliseconds on every list).

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EncoderInfo, PretrainedSummary } from '../../../contract/entities.js';
import { CoreError } from '../../errors.js';
import { resolveModelDir } from '../../jobs/index.js';
import {
  architectureFor,
  smallEncoders,
  validateEncoderFolder,
  type EncoderFolderReport,
  type SequenceConfig,
} from '../../ml/encoders/index.js';
import { CONFIG_FILE } from '../../ml/encoders/pretrained/config.js';
import { TOKENIZER_FILES } from '../../text/subword/index.js';
import type { EncoderRecord, Store } from '../../store/index.js';

function describeSequence(s: SequenceConfig): string {
  switch (s.type) {
    case 'bilstm':
      return `a BiLSTM (${s.layers} layer${s.layers === 1 ? '' : 's'} of ${s.hidden} per direction)`;
    case 'transformer':
      return `a transformer (${s.layers} layers, width ${s.dim}, ${s.heads} heads)`;
    case 'cnn':
      return `a CNN (${s.layers} layers of ${s.dim}, width ${s.width})`;
  }
}

export function builtIn(): EncoderInfo[] {
  return smallEncoders().map(({ name, sequence }) => ({
    kind: 'small',
    id: null,
    value: name,
    name,
    description: `word, character and casing features into ${describeSequence(sequence)}, trained from scratch`,
    dir: null,
    repo: null,
    summary: null,
    problem: null,
    createdAt: null,
  }));
}

function fileBytes(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

export function summaryOf(report: EncoderFolderReport): PretrainedSummary {
  const other = [CONFIG_FILE, ...TOKENIZER_FILES].reduce((n, f) => n + fileBytes(path.join(report.dir, f)), 0);
  return {
    modelType: report.modelType,
    layers: report.layers,
    hidden: report.hidden,
    heads: report.heads,
    vocabSize: report.vocabSize,
    maxPositions: report.maxPositions,
    cased: !report.lowerCase,
    tokenizer: report.tokenizer,
    parameters: report.parameters,
    bytes: report.weightBytes + other,
    dtypes: report.dtypes,
  };
}

export function formatParameters(n: number): string {
  const millions = n / 1e6;
  return millions >= 1 ? `${millions.toFixed(millions >= 10 ? 0 : 1)}M` : `${Math.round(n / 1e3)}k`;
}

function describe(s: PretrainedSummary): string {
  const tokenizer = s.tokenizer ? `, ${s.tokenizer} tokenizer` : '';
  return `${s.modelType}, ${s.layers} layers, hidden ${s.hidden}, ${formatParameters(s.parameters)} parameters, ${s.cased ? 'cased' : 'uncased'}${tokenizer}`;
}

/** Checks a folder like "Add pretrained encoder…" does; a file that cannot be read at all is named too. */
export function check(dir: string): EncoderFolderReport {
  try {
    return validateEncoderFolder(dir);
  } catch (err) {
    if (err instanceof CoreError) throw err;
    throw new CoreError('BAD_REQUEST', `${dir}: cannot read the checkpoint folder: ${err instanceof Error ? err.message : String(err)}`, {
      file: dir,
    });
  }
}

export function refuseHash(dir: string): void {
  // Encoder names put options after the last `#` (xlm-roberta:<dir>#freeze=2), so such a folder could not be named.
  if (dir.includes('#'))
    throw new CoreError(
      'BAD_REQUEST',
      `${dir}: the folder's path contains '#', which encoder names use for options; rename or move the folder and add it again`,
      { file: dir },
    );
}

/** The encoder kind of a stored summary (`bert` for a model type no longer supported, so the name stays readable). */
function kindOf(summary: PretrainedSummary): string {
  try {
    return architectureFor(summary.modelType, 'config.json').kind;
  } catch {
    return 'bert';
  }
}

export function infoOf(store: Store, rec: EncoderRecord, problem: string | null): EncoderInfo {
  const dir = resolveModelDir(store.path, rec.dir);
  return {
    kind: 'pretrained',
    id: rec.id,
    value: `${kindOf(rec.summary)}:${dir}`,
    name: rec.name,
    description: describe(rec.summary),
    dir,
    repo: rec.repo,
    summary: rec.summary,
    problem,
    createdAt: rec.createdAt,
  };
}

/** The registration seen afresh: the folder checked again, and a changed summary kept. */
export function recheck(store: Store, rec: EncoderRecord): EncoderInfo {
  const dir = resolveModelDir(store.path, rec.dir);
  let report: EncoderFolderReport;
  try {
    report = check(dir);
  } catch (err) {
    return infoOf(store, rec, err instanceof Error ? err.message : String(err));
  }
  const summary = summaryOf(report);
  const same = JSON.stringify(summary) === JSON.stringify(rec.summary);
  return infoOf(store, same ? rec : store.encoders.setSummary(rec.id, summary), null);
}
