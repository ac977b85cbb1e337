// The trainer's ports of the engine's host-side logic give the engine's results: constrained
// Viterbi decoding and its entities (ties included), seqeval chunking, type-vote retyping, batch
// plans, balanced pair sampling and code-switching with casing, on the same inputs and seeds.

import path from 'node:path';
import { expect, it } from 'vitest';
import { entitiesOf } from '../../../src-main/core/eval/entities.js';
import { bucketBatches } from '../../../src-main/core/ml/data/batching.js';
import { samplePairs } from '../../../src-main/core/ml/data/pairs.js';
import { groupCodeSwitch } from '../../../src-main/core/ml/data/source-groups.js';
import { codeSwitchSentences, matchCase, TypeVotes } from '../../../src-main/core/ml/index.js';
import { decodeSentence, iob2Transitions } from '../../../src-main/core/ml/model/decode.js';
import { Rng } from '../../../src-main/core/ml/runtime/rng.js';
import { bertCorpus } from '../../support/bert-corpus.js';
import { describeWithTorch } from '../../support/with-torch.js';
import { runPython, TRAINER_DIR } from '../../support/python.js';

const LABELS = ['O', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'B-PER', 'I-PER'];
const rng = new Rng(42);

function probabilities(T: number, uniform: boolean): number[][] {
  return Array.from({ length: T }, () => {
    const raw = LABELS.map(() => (uniform ? 1 : rng.next() ** 3));
    const sum = raw.reduce((a, b) => a + b, 0);
    // float32 values, which is what both engines' probabilities are.
    return raw.map((x) => Math.fround(x / sum));
  });
}

const randomTags = (T: number) => Array.from({ length: T }, () => LABELS[rng.int(LABELS.length)]!);

describeWithTorch('trainer ports of the engine', () => {
  it('decode, chunk, retype, batch, sample pairs and code-switch exactly as the engine does', () => {
    const decodeCases = [...Array.from({ length: 40 }, (_, k) => probabilities(1 + (k % 9), false)), probabilities(5, true)];
    const chunkCases = Array.from({ length: 40 }, (_, k) => randomTags(1 + (k % 8)));
    const matchCases: [string, string][] = [
      ['Paris', 'parís'],
      ['NASA', 'nasa'],
      ['nasa', 'X'],
      ['Ñu', 'ñandú'],
      ['ÉCOLE', 'école'],
      ['A', 'b'],
      ['3M', 'tres'],
      ['ǅemal', 'x'],
      ['İstanbul', 'istanbul'],
      ['ΣΟΦΙΑ', 'sofia'],
      ['McDonald', 'mcdonald'],
      ['Über', 'über'],
    ];
    const lengths = Array.from({ length: 300 }, () => 1 + rng.int(40));
    const batchCases: [number[], number, number][] = [
      [lengths, 32, 1],
      [lengths.slice(0, 17), 4, 7],
      [Array.from({ length: 200 }, () => 300), 32, 3],
    ];
    const pairCases = Array.from({ length: 20 }, (_, k) => [randomTags(3 + (k % 6)), randomTags(2 + (k % 5)), 1 + (k % 16), k] as const);
    const train = bertCorpus(30, 11);
    const dictionary = new Map([
      ['lives', ['vive']],
      ['in', ['en', 'dentro']],
      ['the', ['el', 'la']],
      ['John', ['Juan']],
      ['paris', ['parís']],
      ['New', ['nueva']],
      ['of', ['de multi', 'de']],
    ]);
    // Two sources in one training set, each with its own dictionary (and a third without), as the app groups them.
    const other = new Map([
      ['lives', ['woont']],
      ['the', ['de', 'het']],
    ]);
    const groups = [
      { start: 0, end: 10, codeSwitch: { dictionary, p: 0.6 } },
      { start: 10, end: 20, codeSwitch: { dictionary: other, p: 0.3, keepNames: true } },
      { start: 20, end: 30 },
    ];
    const groupsJson = groups.map((g) => ({
      ...g,
      codeSwitch: g.codeSwitch ? { mode: 'dynamic', keepNames: false, ...g.codeSwitch, dictionary: [...g.codeSwitch.dictionary] } : null,
    }));
    const draws: [string, number][] = [
      ['teacher-recognizer', 0],
      ['teacher-recognizer', 3],
      ['teacher-evaluator', 1],
    ];
    const grouped = groupCodeSwitch(train, groups, 3);
    const sentences = bertCorpus(40, 13).map((s) => s.tokens);
    const entities = sentences.map((tokens) => {
      const out: { start: number; end: number; label: string }[] = [];
      for (let t = 0; t < tokens.length; t++)
        if (/^[A-Z]/.test(tokens[t]!) && rng.next() < 0.7) out.push({ start: t, end: t + 1, label: ['LOC', 'ORG', 'PER'][rng.int(3)]! });
      return out;
    });
    const cases = {
      labels: LABELS,
      decode: decodeCases,
      chunks: chunkCases,
      matchCase: matchCases,
      batches: batchCases,
      pairs: pairCases,
      switch: { train, dictionary: [...dictionary], p: 0.6, keepNames: true, seed: 5 },
      votes: { sentences, entities, gazetteer: bertCorpus(10, 17) },
      groups: { sources: groupsJson, seed: 3, draws },
    };

    const allowed = iob2Transitions(LABELS);
    const expected = {
      decode: decodeCases.map((p) => {
        const d = decodeSentence(p.flat(), p.length, LABELS, allowed);
        return { tags: d.tags, entities: d.entities.map((e) => [e.start, e.end, e.label]) };
      }),
      chunks: chunkCases.map((tags) => entitiesOf(tags).map((e) => [e.start, e.end, e.label])),
      matchCase: matchCases.map(([s, t]) => matchCase(s, t)),
      batches: batchCases.map(([l, size, seed]) => bucketBatches(l, size, Rng.derive(seed, 'plan', 0))),
      pairs: pairCases.map(([a, b, cap, seed]) => {
        const p = samplePairs(a, b, cap, Rng.derive(seed, 'pairs'));
        return [p.i, p.j, p.same];
      }),
      grouped: draws.map(([stage, epoch]) =>
        grouped.switcher!.sentences(stage, grouped.switcher!.tag([{}], epoch)[0]!).map((s) => s.tokens),
      ),
      translated: codeSwitchSentences(train, { dictionary, p: 0.6, keepNames: true, mode: 'translate' }, null).map((s) => s.tokens),
      switched: codeSwitchSentences(train, { dictionary, p: 0.6, keepNames: true }, Rng.derive(5, 'cs')).map((s) => s.tokens),
      retypes: new TypeVotes()
        .addPredictions(
          sentences,
          entities.map((e) => ({ entities: e.map((x) => ({ ...x, confidence: 1 })) })),
        )
        .addGazetteer(cases.votes.gazetteer)
        .retypes(
          sentences,
          entities.map((e) => ({ entities: e.map((x) => ({ ...x, confidence: 1 })) })),
          LABELS,
        )
        .map((spans) => spans.map((r) => [r.start, r.end, r.from, r.to])),
    };
    const r = runPython([path.join(import.meta.dirname, 'python', 'ports_check.py'), TRAINER_DIR], undefined, JSON.stringify(cases));
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as Record<string, unknown>;
    // decodeBatch: the same sentences decoded together, padded to the longest.
    for (const [key, value] of Object.entries({ ...expected, decodeBatch: expected.decode })) expect(got[key], key).toEqual(value);
    // The cases exercise what they are meant to: some retypes, some switched words, a tie.
    expect(expected.retypes.flat().length).toBeGreaterThan(0);
    expect(expected.switched.some((tokens, i) => tokens.join(' ') !== train[i]!.tokens.join(' '))).toBe(true);
  });
});
