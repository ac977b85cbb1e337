import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../src-main/cli/index.js';
import type { CliIo } from '../../../../src-main/cli/index.js';
import { createDemoProject } from '../../../../src-main/cli/commands/demo.js';
import { createCore } from '../../../../src-main/core/service/create-core.js';

const dir = mkdtempSync(join(tmpdir(), 'crosstag-cli-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd: dir };
}

describe('crosstag demo', () => {
  it('builds the bundled demo: en train labelled, es unlabelled, es dev, labels PER/ORG/LOC', async () => {
    const t = io();
    expect(await runCli(['demo', 'demo.sqlite'], t)).toBe(0);
    expect(t.out.join('')).toMatch(/demo project created: .*demo\.sqlite/);
    const core = createCore({ shell: 'web', recentFile: join(dir, 'recent.json') });
    try {
      const info = await core['projects.open']({ path: join(dir, 'demo.sqlite') });
      expect(info.labels.map((l) => l.name)).toEqual(['PER', 'ORG', 'LOC']);
      expect(info.languages.map((l) => l.code).sort()).toEqual(['en', 'es']);
      const splits = await core['stats.splits']({});
      const count = (lang: string, split: string) => splits.find((s) => s.lang === lang && s.split === split);
      expect(count('en', 'train')).toMatchObject({ total: 2000, gold: 2000 });
      expect(count('es', 'unlabelled')).toMatchObject({ total: 2000, unlabelled: 2000, gold: 0 });
      expect(count('es', 'dev')).toMatchObject({ total: 500, gold: 500 });
    } finally {
      await core.close();
    }
  });

  it('keeps an existing file unless told to replace it', async () => {
    const before = statSync(join(dir, 'demo.sqlite')).mtimeMs;
    const refused = io();
    expect(await runCli(['demo', 'demo.sqlite'], refused)).toBe(1);
    expect(refused.err.join('')).toMatch(/^crosstag: demo\.sqlite already exists \(pass --force/);
    const kept = io();
    expect(await runCli(['demo', 'demo.sqlite', '--if-missing'], kept)).toBe(0);
    expect(kept.out.join('')).toMatch(/already exists/);
    expect(statSync(join(dir, 'demo.sqlite')).mtimeMs).toBe(before);
  });

  it('leaves nothing behind when a demo file is malformed', async () => {
    const source = join(dir, 'bad-source');
    mkdirSync(source);
    writeFileSync(join(source, 'en.train.conll'), 'Ana\tB-PER\n\n');
    writeFileSync(join(source, 'es.unlabelled.conll'), 'Lima\n\n');
    writeFileSync(join(source, 'es.dev.conll'), 'Lima\tX-LOC\n\n');
    const out = join(dir, 'out');
    await expect(createDemoProject(join(out, 'broken.sqlite'), { sourceDir: source })).rejects.toThrow(/es\.dev\.conll:1/);
    expect(existsSync(join(out, 'broken.sqlite'))).toBe(false);
    expect(readdirSync(out)).toEqual([]);
  });
});
