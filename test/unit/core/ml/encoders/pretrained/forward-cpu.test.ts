import { beforeAll, describe, expect } from 'vitest';
import { backendReport, initBackend } from '../../../../../../src-main/core/ml/index.js';
import { forwardCases } from './forward-cases.js';

beforeAll(async () => {
  await initBackend({ force: 'cpu' });
  expect(backendReport()?.chosen).toBe('cpu');
});

describe('BERT forward pass on cpu', () => forwardCases());
