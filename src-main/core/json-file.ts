// Reading a JSON file that a schema checks, with errors that name the file and the field.

import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { CoreError } from './errors.js';

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CoreError('NOT_FOUND', `${file}: cannot read (${code === 'ENOENT' ? 'no such file' : String(err)})`, { file });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CoreError('BAD_REQUEST', `${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, { file });
  }
}

/** The value checked by `schema`; a mismatch is refused with the file, the field's path and the reason. */
export function parseJson<S extends z.ZodType>(file: string, value: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CoreError('BAD_REQUEST', `${file}: ${issue.path.join('.') || 'root'}: ${issue.message}`, { file });
  }
  return parsed.data;
}

export function readJsonWith<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  return parseJson(file, readJsonFile(file), schema);
}
