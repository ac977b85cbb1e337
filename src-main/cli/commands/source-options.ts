// Several labelled --source files for one teacher (concatenated, each with its own dictionary) or
// for one teacher each (pipeline --teacher-per-source).

import { entityTypes, labelList, type CodeSwitchOptions, type TaggedSentence, type TeacherOptions } from '../../core/ml/index.js';
import { CliError, type CliIo } from '../io.js';
import { codeSwitchOptions, type TeacherDictionaryFlags } from './dictionary-options.js';
import { loadDataset } from './ml-common.js';

export interface LoadedSource {
  file: string;
  data: TaggedSentence[];
  dictionary: string | null;
  codeSwitch: CodeSwitchOptions | undefined;
}

export const SOURCE_HELP = 'labelled training corpus (CoNLL, JSONL, HF); repeatable: several sources are concatenated';

/** Reads every --source with the code-switching of its --dictionary. */
export function loadSources(io: CliIo, files: readonly string[], flags: TeacherDictionaryFlags): LoadedSource[] {
  const switches = codeSwitchOptions(io, flags, files.length);
  return files.map((file, k) => ({
    file,
    data: loadDataset(io, file, { labelled: true, flag: '--source' }).data,
    dictionary: switches[k] ? flags.dictionary![k]! : null,
    codeSwitch: switches[k],
  }));
}

/**
 * The teacher options of the sources trained together. One source gives exactly the options it
 * always did ({ train, codeSwitch }); several give the concatenation and each one's sentence range.
 */
export function teacherData(sources: readonly LoadedSource[]): Pick<TeacherOptions, 'train' | 'codeSwitch' | 'sources'> {
  if (sources.length === 1) return { train: sources[0]!.data, codeSwitch: sources[0]!.codeSwitch };
  const train: TaggedSentence[] = [];
  const groups = sources.map((s) => {
    const start = train.length;
    train.push(...s.data);
    return { name: s.file, start, end: train.length, codeSwitch: s.codeSwitch };
  });
  return { train, sources: groups };
}

/** One teacher per source must give every teacher the same labels, or the student cannot use them. */
export function checkSameLabels(sources: readonly LoadedSource[]): void {
  const first = labelList(entityTypes(sources[0]!.data)).join(' ');
  for (const s of sources.slice(1)) {
    const labels = labelList(entityTypes(s.data)).join(' ');
    if (labels !== first) {
      throw new CliError(
        `--teacher-per-source: ${s.file} has labels ${labels} but ${sources[0]!.file} has ${first}; the teachers must share one label list`,
      );
    }
  }
}

/** What the JSON results say about the sources. */
export function sourcesReport(sources: readonly LoadedSource[]): { file: string; sentences: number; dictionary: string | null }[] {
  return sources.map((s) => ({ file: s.file, sentences: s.data.length, dictionary: s.dictionary }));
}
