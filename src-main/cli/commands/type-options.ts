// The type-harmonisation flags that predict, distill and pipeline share. Training commands
// harmonise the student's targets by default (--no-consistent-types turns it off), as the app's
// runs do; predict harmonises only when asked (--consistent-types). --gazetteer FILE (repeatable,
// labelled CoNLL) adds a gazetteer's votes.

import type { Command } from 'commander';
import { TYPE_VOTE_DEFAULTS, type HarmonizeOptions, type TaggedSentence } from '../../core/ml/index.js';
import { CliError, type CliIo } from '../io.js';
import { collect } from './dictionary-options.js';
import { loadDataset } from './ml-common.js';

export interface TypeFlags {
  consistentTypes?: boolean;
  gazetteer?: string[];
}

const RULE = `each name gets the type most of its predicted occurrences (and the gazetteer's, ${TYPE_VOTE_DEFAULTS.gazetteerWeight} votes each) were given, when it has ${TYPE_VOTE_DEFAULTS.minVotes}+ votes and that type ${Math.round(TYPE_VOTE_DEFAULTS.minShare * 100)}%+ of them`;

/** `over` says what is harmonised; `on` makes it the default, with --no-consistent-types to switch it off. */
export function addTypeOptions(cmd: Command, over: string, opts: { on?: boolean; gazetteerDefault?: string } = {}): Command {
  const flag = opts.on
    ? cmd.option('--no-consistent-types', `do not harmonise entity types over ${over} (done by default: ${RULE})`)
    : cmd.option('--consistent-types', `harmonise entity types over ${over}: ${RULE}`);
  return flag.option(
    '--gazetteer <file>',
    `labelled CoNLL whose entities vote as a gazetteer in type harmonisation; repeatable${opts.gazetteerDefault ?? ''}`,
    collect,
  );
}

/** HarmonizeOptions from the flags, or undefined when types are not harmonised. */
export function typeOptions(io: CliIo, flags: TypeFlags, defaultGazetteer: readonly TaggedSentence[] = []): HarmonizeOptions | undefined {
  if (!flags.consistentTypes) {
    if (flags.gazetteer && flags.gazetteer.length > 0) throw new CliError('--gazetteer needs type harmonisation, which is off');
    return undefined;
  }
  const files = flags.gazetteer ?? [];
  const gazetteer =
    files.length > 0 ? files.flatMap((f) => loadDataset(io, f, { labelled: true, flag: '--gazetteer' }).data) : defaultGazetteer;
  return { gazetteer };
}
