// A child process of `npm run bench -- ml`: measures the backend its environment selects
// (CROSSTAG_BACKEND, CROSSTAG_THREADS) and prints its figures as the last stdout line, or
// {"error": ...} when that backend does not work here.

import { readFileSync } from 'node:fs';
import { measureBackend, type BenchData, type ChildRequest } from './ml-measure.js';

const req = JSON.parse(process.argv[2] ?? '{}') as ChildRequest;
try {
  const data = JSON.parse(readFileSync(req.dataFile, 'utf8')) as BenchData;
  console.log(JSON.stringify(await measureBackend(req, data)));
} catch (err) {
  console.log(JSON.stringify({ error: (err instanceof Error ? err.message : String(err)).split('\n')[0] }));
}
