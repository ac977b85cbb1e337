// The type-harmonisation flags that predict, distill and pipeline share: --consistent-types turns
// it on, --gazetteer FILE (repeatable, labelled CoNLL) adds a gazetteer's votes.

import type { Command } from 'commander';
import { TYPE_VOTE_DEFAULTS, type HarmonizeOptions, type TaggedSentence } from '../../core/ml/index.js';
import { CliError, type CliIo } from '../io.js';
import { collect } from './dictionary-options.js';
import { loadDataset } from './ml-common.js';

export interface TypeFlags {
  consistentTypes?: boolean;
  gazetteer?: string[];
}

export function addTypeOptions(cmd: Command, what: string, gazetteerDefault = ''): Command {
  return cmd
    .option(
      '--consistent-types',
      `harmonise entity types over ${what}: each name gets the type most of its predicted occurrences (and the gazetteer's, ${TYPE_VOTE_DEFAULTS.gazetteerWeight} votes each) were given, when it has ${TYPE_VOTE_DEFAULTS.minVotes}+ votes and that type ${Math.round(TYPE_VOTE_DEFAULTS.minShare * 100)}%+ of them`,
    )
    .option('--gazetteer <file>', `labelled CoNLL whose entities vote as a gazetteer with --consistent-types; repeatable${gazetteerDefault}`, collect);
}

/** HarmonizeOptions from the flags, or undefined without --consistent-types. */
export function typeOptions(io: CliIo, flags: TypeFlags, defaultGazetteer: readonly TaggedSentence[] = []): HarmonizeOptions | undefined {
  if (!flags.consistentTypes) {
    if (flags.gazetteer && flags.gazetteer.length > 0) throw new CliError('--gazetteer needs --consistent-types');
    return undefined;
  }
  const files = flags.gazetteer ?? [];
  const gazetteer = files.length > 0 ? files.flatMap((f) => loadDataset(io, f, { labelled: true, flag: '--gazetteer' }).data) : defaultGazetteer;
  return { gazetteer };
}
