// The layer rules of docs/ARCHITECTURE.md are enforced by lint; prove that a wrong-layer import fails.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries', () => {
  it('rejects electron inside core', async () => {
    const errors = await restrictedImportErrors('src-main/core/probe.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(errors.join()).toMatch(/core is pure Node/);
  });

  it('rejects core inside the renderer, but allows contract types', async () => {
    const bad = await restrictedImportErrors(
      'src-renderer/probe.ts',
      "import { CoreError } from '../src-main/core/errors.js';\nexport const e = CoreError;\n",
    );
    expect(bad.join()).toMatch(/contract client/);
    const good = await restrictedImportErrors(
      'src-renderer/probe.ts',
      "import type { Api } from '../src-main/contract/api.js';\nexport type A = Api;\n",
    );
    expect(good).toEqual([]);
  });

  it('rejects runtime imports of the contract in the renderer', async () => {
    const errors = await restrictedImportErrors(
      'src-renderer/probe.ts',
      "import { Api } from '../src-main/contract/api.js';\nexport const a: Api | null = null;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('rejects imports from outside the contract folder inside the contract', async () => {
    const errors = await restrictedImportErrors(
      'src-main/contract/probe.ts',
      "import type { CoreError } from '../core/errors.js';\nexport type E = CoreError;\n",
    );
    expect(errors.join()).toMatch(/types only/);
  });

  it('rejects electron in the web shell but allows it in the electron shell', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect((await restrictedImportErrors('src-main/web/probe.ts', code)).length).toBe(1);
    expect(await restrictedImportErrors('src-main/electron/probe.ts', code)).toEqual([]);
  });

  it("lets a shell reach the core only through a folder's index.js", async () => {
    const inner = "import { runStage } from '../../core/ml/train/loop.js';\nexport const r = runStage;\n";
    const entry = "import { runPipeline } from '../../core/pipeline/index.js';\nexport const r = runPipeline;\n";
    for (const shell of ['cli/commands', 'web/x', 'electron/x']) {
      expect((await restrictedImportErrors(`src-main/${shell}/probe.ts`, inner)).join()).toMatch(/public entry point/);
      expect(await restrictedImportErrors(`src-main/${shell}/probe.ts`, entry)).toEqual([]);
    }
  });
});
