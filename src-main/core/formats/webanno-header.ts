// The header of a WebAnno TSV 3 file: the format line, then one line per layer (`#T_SP=` span,
// `#T_CH=` chain, `#T_RL=` relation) listing its features, each feature one column of the body.

import { formatError } from '../errors.js';

/** The DKPro named-entity layer INCEpTION annotates entities on. */
export const NAMED_ENTITY = 'de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity';

export interface WebAnnoHeader {
  /** Annotation columns after the id, offsets and token columns. */
  columns: number;
  /** Column of the NamedEntity `value` feature, or null when the file has none. */
  entityColumn: number | null;
  /** Column of the NamedEntity `identifier` feature (entity links), or null. */
  identifierColumn: number | null;
  /** The other layers, as short names, for the warning that they were left out. */
  otherLayers: string[];
  /** Index of the first line after the header. */
  bodyStart: number;
}

const KIND: Record<string, string> = { SP: 'span', CH: 'chain', RL: 'relation' };

export function readWebAnnoHeader(lines: readonly string[], file: string): WebAnnoHeader {
  const format = /^#FORMAT=WebAnno TSV (\d+)(?:\.(\d+))?\s*$/.exec(lines[0] ?? '');
  if (format === null) throw formatError(file, 1, 'not WebAnno TSV: the first line must be "#FORMAT=WebAnno TSV 3.3"');
  if (format[1] !== '3') {
    throw formatError(
      file,
      1,
      `WebAnno TSV ${format[1]} is not supported; export the document as WebAnno TSV 3 (INCEpTION: "WebAnno TSV v3.3")`,
    );
  }
  const header: WebAnnoHeader = { columns: 0, entityColumn: null, identifierColumn: null, otherLayers: [], bodyStart: 1 };
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    if (line.startsWith('#Text=') || line.startsWith('#Sentence.id=') || !line.startsWith('#')) break;
    const layer = /^#T_(SP|CH|RL)=([^|]+)(\|.*)?$/.exec(line);
    if (layer === null) throw formatError(file, i + 1, `"${line.slice(0, 60)}" is not a layer line such as #T_SP=type|feature`);
    const [, kind, type, rest] = layer as unknown as [string, string, string, string | undefined];
    const features = rest === undefined ? [] : rest.slice(1).split('|');
    if (kind === 'SP' && type === NAMED_ENTITY && features.includes('value')) {
      header.entityColumn = header.columns + features.indexOf('value');
      if (features.includes('identifier')) header.identifierColumn = header.columns + features.indexOf('identifier');
    } else {
      const short = type.split('.').pop() as string;
      header.otherLayers.push(kind === 'SP' ? short : `${short} (${KIND[kind]})`);
    }
    header.columns += features.length;
  }
  header.bodyStart = i;
  return header;
}
