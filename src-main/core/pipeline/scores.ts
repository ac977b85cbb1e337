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

export async function testScores(
  run: Pick<PipelineResult, 'teachers' | 'student'>,
  test: readonly TaggedSentence[],
  types?: HarmonizeOptions,
): Promise<TestScores> {
  const student = run.student;
  const teachers: EvalReport[] = [];
  for (const t of run.teachers) teachers.push(await evaluateModel(t, test));
  const first = run.teachers[0];
  return {
    teachers,
    student: student ? await evaluateModel(student, test) : null,
    consistent:
      types && first
        ? { teacher: await evaluateModel(first, test, { types }), student: student ? await evaluateModel(student, test, { types }) : null }
        : null,
  };
}
