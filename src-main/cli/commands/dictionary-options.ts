// The dictionary options of the model commands: --dictionary with --code-switch, --keep-names and
// --translate-train for the teacher, --init-from-dictionary for the student.

import type { Command } from 'commander';
import { dictionaryMap, readDictionary } from '../../core/formats/index.js';
import type { CodeSwitchOptions } from '../../core/ml/index.js';
import { CliError, readInput, type CliIo } from '../io.js';

export interface TeacherDictionaryFlags {
  dictionary?: string;
  codeSwitch?: string;
  keepNames?: boolean;
  translateTrain?: boolean;
}

export interface StudentDictionaryFlags {
  initFromDictionary?: string;
}

/** FINDINGS.md: p = 0.6 gave es 51-52 and nl 54 F1 with the small BiLSTM (from 45 without). */
export const DEFAULT_CODE_SWITCH_P = 0.6;

export function addTeacherDictionaryOptions(cmd: Command): Command {
  return cmd
    .option('--dictionary <file>', 'source-to-target word pairs (MUSE "word translation" lines, or two-column TSV) for code-switching')
    .option('--code-switch <p>', `chance that a source word with a translation is swapped for one, each epoch (default ${DEFAULT_CODE_SWITCH_P})`)
    .option('--keep-names', 'never swap words tagged as entities')
    .option('--translate-train', 'translate every word with a translation once (its first one) instead of swapping at random each epoch');
}

export function addStudentDictionaryOptions(cmd: Command): Command {
  return cmd.option(
    '--init-from-dictionary <file>',
    "target-to-source word pairs (e.g. MUSE es-en): a target word the student adds starts as the mean of its translations' teacher embeddings",
  );
}

/** A dictionary file as source word -> translations; bad lines fail naming the file and line. */
export function loadDictionary(io: CliIo, file: string): Map<string, string[]> {
  return dictionaryMap(readDictionary(readInput(io, file), { file }));
}

export function codeSwitchOption(io: CliIo, flags: TeacherDictionaryFlags): CodeSwitchOptions | undefined {
  if (flags.dictionary === undefined) {
    const stray = flags.codeSwitch !== undefined ? '--code-switch' : flags.keepNames ? '--keep-names' : flags.translateTrain ? '--translate-train' : null;
    if (stray) throw new CliError(`${stray} needs --dictionary <file>`);
    return undefined;
  }
  let p = DEFAULT_CODE_SWITCH_P;
  if (flags.codeSwitch !== undefined) {
    p = Number(flags.codeSwitch);
    if (flags.codeSwitch.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1) {
      throw new CliError(`--code-switch must be a number between 0 and 1, not "${flags.codeSwitch}"`);
    }
  }
  if (flags.translateTrain && flags.codeSwitch !== undefined) throw new CliError('--translate-train translates every word; it takes no --code-switch probability');
  return {
    dictionary: loadDictionary(io, flags.dictionary),
    p,
    keepNames: flags.keepNames === true,
    mode: flags.translateTrain ? 'translate' : 'dynamic',
  };
}

export function studentDictionaryOption(io: CliIo, flags: StudentDictionaryFlags): Map<string, string[]> | undefined {
  return flags.initFromDictionary === undefined ? undefined : loadDictionary(io, flags.initFromDictionary);
}
