// Grouping sentences into documents while a reader walks a file.

import type { CorpusDocument, CorpusSentence } from './types.js';

/** The last path segment, for document names. */
export function baseName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}

/**
 * Collects sentences into documents. `startDocument` begins a new document with the next
 * sentence, so markers with nothing after them leave no empty document behind.
 */
export class DocumentCollector {
  readonly documents: CorpusDocument[] = [];
  private current: CorpusDocument | null = null;
  private nextName: string | null = null;

  constructor(private readonly fallbackName: string) {}

  startDocument(name?: string): void {
    this.current = null;
    this.nextName = name ?? null;
  }

  add(sentence: CorpusSentence, docName?: string): void {
    if (docName !== undefined && this.current !== null && this.current.name !== docName) this.current = null;
    if (this.current === null) {
      const name = docName ?? this.nextName ?? `${this.fallbackName}#${this.documents.length + 1}`;
      this.current = { name, sentences: [] };
      this.documents.push(this.current);
      this.nextName = null;
    }
    this.current.sentences.push(sentence);
  }

  get sentenceCount(): number {
    let n = 0;
    for (const d of this.documents) n += d.sentences.length;
    return n;
  }

  /** A file that makes a single document is named after the file alone. */
  finish(): CorpusDocument[] {
    const only = this.documents[0];
    if (this.documents.length === 1 && only !== undefined && only.name === `${this.fallbackName}#1`) only.name = this.fallbackName;
    return this.documents;
  }
}
