// A finished run scored on labelled test sentences: every teacher and the student, and, when the
// student learnt from harmonised types, the first teacher and the student with the same
// harmonisation over the test sentences.

import type { EvalReport } from '../../contract/entities.js';
import { evaluateModel, type HarmonizeOptions, type TaggedSentence } from '../ml/index.js';
import type { PipelineResult } from './types.js';

export interface TestScores {
  teachers: EvalReport[];
  student: EvalReport | null;
  /** With `types`: the first teacher and the student, types harmonised over the test set. */
  consistent: { teacher: EvalReport; student: EvalReport | null } | null;
}

export function testScores(
  run: Pick<PipelineResult, 'teachers' | 'student'>,
  test: readonly TaggedSentence[],
  types?: HarmonizeOptions,
): TestScores {
  const student = run.student;
  return {
    teachers: run.teachers.map((t) => evaluateModel(t, test)),
    student: student ? evaluateModel(student, test) : null,
    consistent:
      types && run.teachers.length > 0
        ? { teacher: evaluateModel(run.teachers[0]!, test, { types }), student: student ? evaluateModel(student, test, { types }) : null }
        : null,
  };
}
