// Several labelled --source files for one teacher (concatenated, each with its own dictionary) or
// for one teacher each (pipeline --teacher-per-source).

import { entityTypes, labelList } from '../../core/ml/index.js';
import type { PipelineSource } from '../../core/pipeline/index.js';
import { CliError, type CliIo } from '../io.js';
import { codeSwitchOptions, type TeacherDictionaryFlags } from './dictionary-options.js';
import { loadDataset } from './ml-common.js';

/** A --source file read, named by the file as given, with its --dictionary file (or null). */
export interface LoadedSource extends PipelineSource {
  name: string;
  dictionary: string | null;
}

/** Reads every --source with the code-switching of its --dictionary. */
export function loadSources(io: CliIo, files: readonly string[], flags: TeacherDictionaryFlags): LoadedSource[] {
  const switches = codeSwitchOptions(io, flags, files.length);
  return files.map((file, k) => ({
    name: file,
    sentences: loadDataset(io, file, { labelled: true, flag: '--source' }).data,
    dictionary: switches[k] ? flags.dictionary![k]! : null,
    codeSwitch: switches[k],
  }));
}

/** One teacher per source must give every teacher the same labels, or the student cannot use them. */
export function checkSameLabels(sources: readonly LoadedSource[]): void {
  const first = labelList(entityTypes(sources[0]!.sentences)).join(' ');
  for (const s of sources.slice(1)) {
    const labels = labelList(entityTypes(s.sentences)).join(' ');
    if (labels !== first) {
      throw new CliError(
        `--teacher-per-source: ${s.name} has labels ${labels} but ${sources[0]!.name} has ${first}; the teachers must share one label list`,
      );
    }
  }
}

/** What the JSON results say about the sources. */
export function sourcesReport(sources: readonly LoadedSource[]): { file: string; sentences: number; dictionary: string | null }[] {
  return sources.map((s) => ({ file: s.name, sentences: s.sentences.length, dictionary: s.dictionary }));
}
