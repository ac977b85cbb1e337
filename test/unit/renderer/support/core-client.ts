// A renderer client wired to a real core (real SQLite file in a temp folder) in this process.
// Calls go through the core's validating dispatch and a JSON round trip, as over HTTP.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeSpawner } from '../../../../src-main/core/jobs/index.js';
import { createCore, dispatch, tuningPreset, type Core, type HubOptions } from '../../../../src-main/core/service/index.js';
import { createClient, type Client, type Transport } from '../../../../src-renderer/lib/api/client.js';

export interface TestCore {
  client: Client;
  core: Core;
  dir: string;
  /** Every method called, in order. */
  calls: string[];
  close(): Promise<void>;
}

/**
 * With `ml`, the core runs the real ML service: worker processes (core/jobs' nodeSpawner) with
 * the tiny engine sizes, so a training run takes seconds. `hub` points encoders.download elsewhere.
 */
export async function openTestCore(name = 'renderer', opts: { ml?: boolean; hub?: HubOptions } = {}): Promise<TestCore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `crosstag-${name}-`));
  const ml = opts.ml === true ? { spawner: nodeSpawner(), tuning: tuningPreset('tiny') } : {};
  const core = createCore({ shell: 'web', recentFile: path.join(dir, 'recent.json'), baseDir: dir, hub: opts.hub, ...ml });
  const calls: string[] = [];
  const transport: Transport = {
    shell: 'web',
    async call(method, params) {
      calls.push(method);
      const reply = await dispatch(core, method, JSON.parse(JSON.stringify(params ?? {})));
      return JSON.parse(JSON.stringify(reply));
    },
    on: (event, cb) => core.on(event as 'sentences.changed', cb as never),
  };
  const client = createClient(transport);
  return {
    client,
    core,
    dir,
    calls,
    async close() {
      await core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A CoNLL file of `n` two-sentence documents, for list and navigation tests. */
export function conll(sentences: string[][], docEvery = 0): string {
  const out: string[] = [];
  sentences.forEach((words, i) => {
    if (docEvery > 0 && i % docEvery === 0) out.push('-DOCSTART- O', '');
    for (const w of words) out.push(`${w} O`);
    out.push('');
  });
  return out.join('\n');
}

export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
