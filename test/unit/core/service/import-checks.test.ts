// The import preview's proposals and guards through the core: language and split guessed from the
// file, entity types the project lacks added only when agreed, errors that quote their line, and
// a file that is not text told so.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../../../../src-main/contract/errors.js';
import { dispatch } from '../../../../src-main/core/service/index.js';
import type { Harness } from './fixtures.js';
import { b64, harness } from './fixtures.js';

let h: Harness;
beforeEach(async () => {
  h = harness();
  await h.core['projects.create']({ path: 'p.sqlite', name: 'Demo', labels: ['PER', 'ORG', 'LOC'] });
});
afterEach(async () => {
  await h.cleanup();
});

const bytes = (name: string, text: string | Buffer) => ({
  kind: 'bytes' as const,
  name,
  base64: typeof text === 'string' ? b64(text) : text.toString('base64'),
});

const ES_TAGGED = [
  'El O',
  'presidente O',
  'de O',
  'Telefónica B-ORG',
  'y O',
  'los O',
  'clientes O',
  'de O',
  'Madrid B-LOC',
  '',
  'Juan B-PER',
  'vive O',
  'en O',
  'la O',
  'ciudad O',
  'de O',
  'Sevilla B-LOC',
  'con O',
  'el O',
  'Real B-MISC',
  'Madrid I-MISC',
  '',
  ...'La empresa dijo que el año fue bueno para el banco y que las cifras del próximo trimestre se publicarán en la primavera , cuando los accionistas esperan un dividendo más alto que el del año pasado .'
    .split(' ')
    .map((w) => `${w} O`),
  '',
].join('\n');

async function fails(method: string, params: unknown): Promise<ApiError> {
  const reply = await dispatch(h.core, method, params);
  if (reply.ok) throw new Error(`${method} succeeded`);
  return reply.error;
}

describe('import preview', () => {
  it('proposes the language from the text and the split from the tags, and lists the types the project lacks', async () => {
    const p = await h.core['imports.preview']({ source: bytes('noticias.conll', ES_TAGGED), lang: 'en', split: 'train' });
    expect(p.guess).toEqual({
      lang: 'es',
      langName: 'Spanish',
      langReason: expect.stringMatching(
        /^Spanish \(es\) from the text \(its letter trigrams \(franc\), 0\.\d\d ahead of \w+\)$/,
      ) as unknown as string,
      split: 'train',
      splitReason: 'the file has tags',
    });
    expect(p.newLabels).toEqual(['MISC']);
    const text = await h.core['imports.preview']({
      source: bytes(
        'es.dev.txt',
        'El presidente de la empresa dijo que fue un buen año para el banco y para los clientes de Madrid.\nLas cifras del próximo trimestre se publicarán en la primavera, y los accionistas esperan un dividendo más alto que el del año pasado, como es habitual.\n',
      ),
      lang: 'en',
      split: 'train',
    });
    expect(text.guess).toMatchObject({ lang: 'es', split: 'unlabelled', splitReason: 'the file has no tags' });
    expect(text.guess.langReason).toMatch(/the file name and the text .* agree/);
    const testa = await h.core['imports.preview']({ source: bytes('ned.testa', 'Jan B-PER\nwoont O\n'), lang: 'en', split: 'train' });
    expect(testa.guess).toMatchObject({ lang: 'nl', split: 'dev', splitReason: 'the file has tags and its name says dev' });
    // Tags read as unlabelled add nothing.
    expect(
      (await h.core['imports.preview']({ source: bytes('x.conll', ES_TAGGED), lang: 'es', split: 'unlabelled', unlabelled: true }))
        .newLabels,
    ).toEqual([]);
  });

  it('adds a type the project lacks only when agreed, and otherwise writes nothing', async () => {
    const opts = { source: bytes('noticias.conll', ES_TAGGED), lang: 'es', split: 'train' as const };
    const refused = await fails('imports.run', { ...opts, addLabels: [] });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe(
      "noticias.conll uses the entity type MISC, which the project's label set lacks; confirm adding it, or import the file as unlabelled",
    );
    expect((await h.core['projects.current']({}))!.sentences).toBe(0);
    const summary = await h.core['imports.run']({ ...opts, addLabels: ['MISC'] });
    expect(summary.warnings).toContain('added label MISC to the label set');
    expect((await h.core['projects.current']({}))!.labels.map((l) => l.name)).toEqual(['PER', 'ORG', 'LOC', 'MISC']);
    // Unlabelled, the tags do not matter.
    await h.core['imports.run']({ ...opts, source: bytes('b.conll', 'Ana B-ART\n'), unlabelled: true, split: 'unlabelled', addLabels: [] });
  });

  it('quotes the line an error is about, and says a binary file is not a text corpus', async () => {
    const broken = 'Juan B-PER\nvive O\n\nen O Madrid\nla O\n';
    const err = await fails('imports.preview', { source: bytes('roto.conll', broken), lang: 'es', split: 'train' });
    expect(err).toMatchObject({ code: 'IMPORT_ERROR', file: 'roto.conll', line: 4, lineText: 'en O Madrid' });
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const notText = await fails('imports.preview', { source: bytes('foto.png', binary), lang: 'es', split: 'train' });
    expect(notText).toMatchObject({ code: 'IMPORT_ERROR', file: 'foto.png', line: 3 });
    expect(notText.lineText).toBeUndefined();
    expect(notText.message).toBe(
      'foto.png:3: this is not a text corpus: it looks like a binary file (it contains a NUL byte). Import a CoNLL, JSONL or plain-text file (UTF-8 or latin-1)',
    );
  });
});
