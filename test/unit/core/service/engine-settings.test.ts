import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineSettingsFile } from '../../../../src-main/core/service/engine-settings.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosstag-engine-settings-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('engine settings', () => {
  it('default to every core, persist a thread count and hand it to worker environments', () => {
    const file = path.join(dir, 'engine-settings.json');
    const settings = new EngineSettingsFile(file);
    expect(settings.get()).toEqual({ threads: null, cores: os.availableParallelism() });
    const env: Record<string, string> = { CROSSTAG_THREADS: '7', OTHER: 'kept' };
    settings.applyTo(env);
    expect(env).toEqual({ OTHER: 'kept' });
    settings.set(3);
    expect(new EngineSettingsFile(file).get().threads).toBe(3);
    settings.applyTo(env);
    expect(env).toEqual({ OTHER: 'kept', CROSSTAG_THREADS: '3' });
  });

  it('read a damaged or foreign file as the defaults', () => {
    for (const text of ['{', '{"threads": "many"}', '{"threads": 0}', '[]']) {
      const file = path.join(dir, 'bad.json');
      fs.writeFileSync(file, text);
      expect(new EngineSettingsFile(file).get().threads, text).toBeNull();
    }
    expect(new EngineSettingsFile(path.join(dir, 'missing.json')).get().threads).toBeNull();
  });
});
