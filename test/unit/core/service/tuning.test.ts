import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../src-main/core/errors.js';
import { tuningPreset } from '../../../../src-main/core/service/index.js';

describe('engine size presets', () => {
  it('leaves the engine defaults when unset, and gives tiny sizes (a fresh copy each time) for tiny', () => {
    expect(tuningPreset(undefined)).toBeUndefined();
    expect(tuningPreset('')).toBeUndefined();
    const tiny = tuningPreset('tiny')!;
    expect(tiny.encoderOverrides?.sequence).toEqual({ type: 'bilstm', hidden: 8, layers: 1, dropout: 0.1 });
    expect(tiny.checkpointEvery).toBeGreaterThan(0);
    tiny.batchSize = 999;
    expect(tuningPreset('tiny')!.batchSize).toBe(4);
  });

  it('refuses an unknown name, naming the variable and the choices', () => {
    for (const name of ['huge', 'constructor', '__proto__']) {
      let err: unknown = null;
      try {
        tuningPreset(name);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CoreError);
      expect((err as CoreError).message).toBe(`CROSSTAG_TUNING must be one of tiny (or unset for the default sizes), not "${name}"`);
    }
  });
});
