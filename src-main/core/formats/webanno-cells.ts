// The escaping rules of WebAnno TSV 3.2 and later, and the reading of one annotation cell:
// stacked values separated by `|`, each with an optional disambiguation id `[N]`.

/** Sentence text (`#Text=` lines): control characters and the backslash are escaped. */
export function escapeText(text: string): string {
  return text.replace(/[\x00-\x07\x08\x09\x0c\x0d\x0e-\x1f\\]/g, (c) => {
    switch (c) {
      case '\t':
        return '\\t';
      case '\f':
        return '\\f';
      case '\r':
        return '\\r';
      case '\b':
        return '\\b';
      case '\\':
        return '\\\\';
      default:
        return `\\${c}`;
    }
  });
}

const TEXT_ESCAPES: Record<string, string> = { t: '\t', n: '\n', f: '\f', r: '\r', b: '\b', '\\': '\\' };

export function unescapeText(text: string): string {
  return text.replace(/\\([tnfrb\\]|[\x00-\x07\x0e-\x1f])/g, (_, c: string) => TEXT_ESCAPES[c] ?? c);
}

/** Feature values: the format's reserved characters get a backslash (`->` as one unit). */
export function escapeValue(value: string): string {
  return value.replace(/->|[\\[\]|_;*\t\n]/g, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : `\\${c}`));
}

/** One stacked value of a cell: null for `*` (an annotation without a value). */
export interface CellValue {
  value: string | null;
  /** The disambiguation id that ties the tokens of one multi-token annotation, or null. */
  id: number | null;
}

/**
 * The values of one annotation cell; `_` (no annotation) gives none. Escapes are honoured, so
 * `PER\|X[2]` is one value `PER|X` with id 2.
 */
export function parseCell(cell: string): CellValue[] {
  if (cell === '_' || cell === '') return [];
  // Most cells hold no escapes: read them without the escape bookkeeping.
  if (!cell.includes('\\')) return cell.split('|').map(plainValue);
  const items: { text: string; escapedAt: Set<number> }[] = [{ text: '', escapedAt: new Set() }];
  for (let i = 0; i < cell.length; i++) {
    const item = items[items.length - 1] as { text: string; escapedAt: Set<number> };
    const c = cell[i] as string;
    if (c === '\\' && i + 1 < cell.length) {
      const unit = cell.startsWith('->', i + 1) ? '->' : (cell[i + 1] as string);
      const plain = unit === 't' ? '\t' : unit === 'n' ? '\n' : unit;
      for (let k = 0; k < plain.length; k++) item.escapedAt.add(item.text.length + k);
      item.text += plain;
      i += unit.length;
    } else if (c === '|') {
      items.push({ text: '', escapedAt: new Set() });
    } else {
      item.text += c;
    }
  }
  return items.map(({ text, escapedAt }) => {
    let value = text;
    let id: number | null = null;
    const m = ID_SUFFIX.exec(text);
    // Only an unescaped `[` opens an id.
    if (m !== null && !escapedAt.has(m.index) && !escapedAt.has(text.length - 1)) {
      id = Number(m[1]);
      value = text.slice(0, m.index);
    }
    const star = value === '*' && !escapedAt.has(0);
    return { value: star ? null : value, id };
  });
}

const ID_SUFFIX = /\[(\d+)\]$/;

function plainValue(item: string): CellValue {
  const m = ID_SUFFIX.exec(item);
  const value = m === null ? item : item.slice(0, m.index);
  return { value: value === '*' ? null : value, id: m === null ? null : Number(m[1]) };
}
