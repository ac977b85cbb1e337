// Writing WebAnno TSV 3.3 with INCEpTION's NamedEntity layer (`identifier` and `value`), as
// INCEpTION itself writes it: offsets in UTF-16 units over the whole document, one character
// between sentences, `[N]` on the tokens of multi-token entities, a tab after every field.
// A TSV file is one document: several documents are written one after the other.

import { CoreError } from '../errors.js';
import { utf16Index } from '../text/index.js';
import { checkSpans } from './scheme.js';
import type { CorpusDocument } from './types.js';
import { escapeText, escapeValue } from './webanno-cells.js';
import { NAMED_ENTITY } from './webanno-header.js';

export function writeWebAnno(docs: readonly CorpusDocument[]): string {
  const all = docs.flatMap((d) => d.sentences.map((s, k) => ({ s, where: `document "${d.name}", sentence ${k + 1}` })));
  // Without any annotation the layer is left out, and the file reads back as unlabelled.
  const labelled = all.some(({ s }) => s.spans !== null);
  const out = ['#FORMAT=WebAnno TSV 3.3'];
  if (labelled) out.push(`#T_SP=${NAMED_ENTITY}|identifier|value`);
  out.push('');
  let offset = 0;
  let nextId = 1;
  all.forEach(({ s, where }, n) => {
    if (s.tokens.length === 0) throw new CoreError('BAD_REQUEST', `${where} has no tokens; WebAnno TSV cannot hold it`);
    const units = utf16Index(s.text);
    // The first token starts the sentence: text before it has no place in the format.
    const from = units[(s.tokens[0] as { start: number }).start] as number;
    const text = s.text.slice(from);
    out.push('');
    for (const line of text.split('\n')) out.push(`#Text=${escapeText(line)}`);
    const ident = new Array<string>(s.tokens.length).fill('_');
    const value = new Array<string>(s.tokens.length).fill('_');
    for (const sp of checkSpans(s.spans ?? [], s.tokens.length)) {
      const id = sp.end - sp.start > 1 ? `[${nextId++}]` : '';
      for (let k = sp.start; k < sp.end; k++) {
        ident[k] = `*${id}`;
        value[k] = `${escapeValue(sp.label)}${id}`;
      }
    }
    s.tokens.forEach((t, k) => {
      const begin = (units[t.start] as number) - from;
      const end = (units[t.end] as number) - from;
      const word = text.slice(begin, end);
      if (/[\t\n\r]/.test(word))
        throw new CoreError('BAD_REQUEST', `${where}: token ${k + 1} holds a tab or line break; WebAnno TSV cannot hold it`);
      const cells = labelled ? `${ident[k]}\t${value[k]}\t` : '';
      out.push(`${n + 1}-${k + 1}\t${offset + begin}-${offset + end}\t${word}\t${cells}`);
    });
    offset += text.length + 1;
  });
  return `${out.join('\n')}\n`;
}
