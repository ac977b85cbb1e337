// The dictionary options of the model commands: --dictionary with --code-switch, --keep-names and
// --translate-train for the teacher (one dictionary per --source), --init-from-dictionary for the student.

import type { Command } from 'commander';
import type { CodeSwitchOptions } from '../../core/ml/index.js';
import { DEFAULT_CODE_SWITCH, readDictionaryFile } from '../../core/pipeline/index.js';
import { CliError, type CliIo } from '../io.js';
import { cliFiles } from './ml-common.js';

export interface TeacherDictionaryFlags {
  dictionary?: string[];
  codeSwitch?: string;
  keepNames?: boolean;
  translateTrain?: boolean;
}

export interface StudentDictionaryFlags {
  initFromDictionary?: string;
}

/** The --dictionary value that gives its --source no dictionary. */
export const NO_DICTIONARY = 'none';

export function addTeacherDictionaryOptions(cmd: Command): Command {
  return cmd
    .option(
      '--dictionary <file>',
      'source-to-target word pairs (MUSE "word translation" lines, or two-column TSV) for code-switching; ' +
        `repeatable: the i-th --dictionary belongs to the i-th --source, one per --source or none at all ("${NO_DICTIONARY}" for a source without)`,
      collect,
    )
    .option(
      '--code-switch <p>',
      `chance that a source word with a translation is swapped for one, each epoch (default ${DEFAULT_CODE_SWITCH})`,
    )
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
  return readDictionaryFile(cliFiles(io), file);
}

/** Commander's collector for an option that may be given several times. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The code-switching of each of `sources` --source files: the i-th --dictionary belongs to the
 * i-th --source (`none` for a source without), so there are none or exactly one per source.
 * --code-switch, --keep-names and --translate-train apply to every dictionary.
 */
export function codeSwitchOptions(io: CliIo, flags: TeacherDictionaryFlags, sources: number): (CodeSwitchOptions | undefined)[] {
  const files = flags.dictionary ?? [];
  if (files.length > 0 && files.length !== sources) {
    throw new CliError(
      `--dictionary was given ${files.length} times for ${sources} --source files; give one per --source, in the same order (none for a source without)`,
    );
  }
  if (files.every((f) => f === NO_DICTIONARY)) {
    const stray =
      flags.codeSwitch !== undefined
        ? '--code-switch'
        : flags.keepNames
          ? '--keep-names'
          : flags.translateTrain
            ? '--translate-train'
            : null;
    if (stray) throw new CliError(`${stray} needs --dictionary <file>`);
    return Array.from({ length: sources }, () => undefined);
  }
  let p = DEFAULT_CODE_SWITCH;
  if (flags.codeSwitch !== undefined) {
    p = Number(flags.codeSwitch);
    if (flags.codeSwitch.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1) {
      throw new CliError(`--code-switch must be a number between 0 and 1, not "${flags.codeSwitch}"`);
    }
  }
  if (flags.translateTrain && flags.codeSwitch !== undefined)
    throw new CliError('--translate-train translates every word; it takes no --code-switch probability');
  return files.map((file) =>
    file === NO_DICTIONARY
      ? undefined
      : {
          dictionary: loadDictionary(io, file),
          p,
          keepNames: flags.keepNames === true,
          mode: flags.translateTrain ? ('translate' as const) : ('dynamic' as const),
        },
  );
}

export function studentDictionaryOption(io: CliIo, flags: StudentDictionaryFlags): Map<string, string[]> | undefined {
  return flags.initFromDictionary === undefined ? undefined : loadDictionary(io, flags.initFromDictionary);
}
