// What the Train screen tells a person about accuracy: what a dictionary and a pretrained encoder
// each do, and, after a run whose student ended below its teacher, what to try next. Every figure
// here is measured (README: small encoder, English CoNLL-2003 to CoNLL-2002 Spanish and Dutch) or
// published with its source.

import type { TrainingConfig } from '../../src-main/contract/api.js';
import type { RunInfo } from '../../src-main/contract/entities.js';
import { score } from './format.js';
import { devName } from './training.js';

export const DICTIONARY_EFFECT =
  'A bilingual dictionary is what carries word knowledge across languages when the encoder is trained from scratch: ' +
  'with the small encoder, English to CoNLL-2002 Spanish and Dutch reached about 35 F1 without one and 52–56 with ' +
  "MUSE's word lists (code-switching: each epoch, words with a translation are swapped for it with probability 0.6).";

export const ENCODER_EFFECT =
  'A pretrained multilingual encoder brings that word knowledge by itself: fine-tuned on English, mBERT reaches ' +
  '75.0 F1 on CoNLL-2002 Spanish and 77.6 on Dutch (Wu & Dredze, 2019), XLM-R large 78.6 and 80.8 (Conneau et al., ' +
  '2020); these are published figures, not runs of Crosstag. Settings ▸ Encoders downloads them; a full-size one ' +
  'trains on tfjs-node or tfjs-node-gpu (it does not fit in wasm).';

function best(run: RunInfo, stage: 'teacher-recognizer' | 'student'): number | null {
  const scores = run.metrics.filter((m) => m.stage === stage && m.devF1 !== null).map((m) => m.devF1!);
  return scores.length === 0 ? null : Math.max(...scores);
}

export interface StudentBelowTeacher {
  teacher: number;
  student: number;
  /** One sentence: the two scores and the dev set they are on. */
  summary: string;
  /** What to try next, most promising first, for what this run did not already have. */
  tips: string[];
}

/** Set when a finished run's student ended below its teacher on the dev set both were scored on. */
export function studentBelowTeacher(run: RunInfo): StudentBelowTeacher | null {
  if (run.status !== 'completed') return null;
  const teacher = best(run, 'teacher-recognizer');
  const student = best(run, 'student');
  if (teacher === null || student === null || student >= teacher) return null;
  const c = run.config as Partial<TrainingConfig>;
  const tips: string[] = [];
  const dictionaries = c.dictionaryIds?.length ?? (c.dictionaryId != null ? 1 : 0);
  if (dictionaries === 0) {
    tips.push(
      `Add a bilingual dictionary (Projects ▸ Dictionaries, or the download on this form where MUSE publishes one for the pair): with the small encoder it moved the same kind of setup from about 35 to 52–56 F1.`,
    );
  }
  tips.push(
    `Give the student more epochs (this run: ${c.studentEpochs ?? '?'}) and compare the two on ${devName(c)}; seeds alone move these scores by 2–4 F1.`,
  );
  if (typeof c.encoder === 'string' && c.encoder.startsWith('small')) {
    tips.push('Train with a pretrained multilingual encoder (Settings ▸ Encoders): the published mBERT figures are around 75 F1.');
  }
  return {
    teacher,
    student,
    summary: `The student ended below its teacher: ${score(student)} against ${score(teacher)} dev F1 on ${devName(c)}. Annotate shows the student's predictions; the teacher is the better model of this run.`,
    tips,
  };
}
