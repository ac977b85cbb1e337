import { beforeAll, describe, expect } from 'vitest';
import { backendReport, initBackend } from '../../../../../../src-main/core/ml/index.js';
import { forwardCases } from './forward-cases.js';

beforeAll(async () => {
  await initBackend({ force: 'wasm' });
  expect(backendReport()?.chosen).toBe('wasm');
});

describe('BERT forward pass on wasm', () => forwardCases());
