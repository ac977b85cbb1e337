// What the crash child and its parent say to each other: the child's arguments, and one JSON
// object per stdout line from the child.

import type { Reply } from '../../../src-main/contract/errors.js';
import type { ScriptPlan } from './script.js';

export type CrashMode = 'core' | 'web';

export interface ChildArgs {
  mode: CrashMode;
  project: string;
  recentFile: string;
  baseDir: string;
  /** The script to run (core mode); the web mode serves and the parent runs the script. */
  plan: ScriptPlan | null;
  /** Web mode: the session token, fixed so the parent knows it. */
  token: string;
  staticDir: string;
}

export type ChildLine =
  | { t: 'ready'; port: number | null }
  | { t: 'begin'; seq: number; method: string }
  | { t: 'ack'; seq: number; method: string; params: unknown; reply: Reply<unknown> }
  | { t: 'done' }
  | { t: 'fatal'; message: string };
