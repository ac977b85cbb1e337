// A core over temp folders, and tiny CoNLL files the tests write themselves.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core, CoreOptions } from '../../../../src-main/core/service/index.js';
import { createCore } from '../../../../src-main/core/service/index.js';

export const EN_CONLL = [
  '-DOCSTART- -X- O',
  '',
  'John B-PER',
  'Smith I-PER',
  'lives O',
  'in O',
  'Paris B-LOC',
  '. O',
  '',
  'Acme B-ORG',
  'hired O',
  'Mary B-PER',
  '. O',
  '',
].join('\n');

export const ES_TEXT = 'Juan vive en Madrid .\nTrabaja para Telefónica en Madrid .\nHola mundo\n';

export interface Harness {
  dir: string;
  core: Core;
  cleanup(): Promise<void>;
}

export function harness(extra: Partial<CoreOptions> = {}): Harness {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosstag-core-'));
  const core = createCore({ shell: 'web', recentFile: path.join(dir, 'state', 'recent.json'), baseDir: dir, ...extra });
  return {
    dir,
    core,
    cleanup: async () => {
      await core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates p.sqlite (PER, ORG, LOC) with EN_CONLL as English train and ES_TEXT as unlabelled Spanish. */
export async function createEnEsProject(core: Core): Promise<void> {
  await core['projects.create']({ path: 'p.sqlite', name: 'Demo', labels: ['PER', 'ORG', 'LOC'] });
  await core['imports.run']({ source: { kind: 'bytes', name: 'en.conll', base64: b64(EN_CONLL) }, lang: 'en', split: 'train' });
  await core['imports.run']({
    source: { kind: 'bytes', name: 'es.txt', base64: b64(ES_TEXT) },
    lang: 'es',
    split: 'unlabelled',
    unlabelled: true,
  });
}

export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
