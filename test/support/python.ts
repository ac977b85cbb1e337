// The Python with PyTorch that trainer tests run (resources/trainer): CROSSTAG_PYTHON when set,
// else /usr/bin/python3 (Debian's python3-torch), else python3 on PATH. Where none can import torch,
// the tests that need it are skipped with the reason printed, never silently (with-torch.ts for
// vitest; browser specs skip with SKIP_REASON). No test runner is imported here.

import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const TRAINER_DIR = path.resolve(import.meta.dirname, '..', '..', 'resources', 'trainer');

function probe(): { python: string } | { reason: string } {
  // A Python named in CROSSTAG_PYTHON is the only one tried: the tests never fall back to another silently.
  const chosen = process.env['CROSSTAG_PYTHON'];
  const candidates = chosen ? [chosen] : ['/usr/bin/python3', 'python3'];
  const tried: string[] = [];
  for (const python of candidates) {
    if (python.startsWith('/') && !existsSync(python)) {
      tried.push(`${python}: not installed`);
      continue;
    }
    const r = spawnSync(python, ['-c', 'import torch, torch.distributed as d; assert d.is_gloo_available(); print(torch.__version__)'], {
      encoding: 'utf8',
    });
    if (r.status === 0) return { python };
    tried.push(`${python}: ${(r.stderr || String(r.error ?? 'failed')).trim().split('\n').at(-1)}`);
  }
  return { reason: `no Python with PyTorch and gloo (apt-get install python3-torch, or set CROSSTAG_PYTHON): ${tried.join('; ')}` };
}

const found = probe();
export const PYTHON: string | null = 'python' in found ? found.python : null;
export const SKIP_REASON: string | null = 'reason' in found ? found.reason : null;

/**
 * torchrun with N local processes. --redirects/--tee are given because torch 1.13's launcher cannot
 * parse its own default ("0") under Python 3.11 (Debian 12), and are harmless elsewhere.
 */
export function torchrunArgs(processes: number): string[] {
  return ['-m', 'torch.distributed.run', '--standalone', `--nproc_per_node=${processes}`, '--redirects', '1', '--tee', '1'];
}

const ENV = { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' };

export function runPython(args: readonly string[], cwd?: string, input?: string): SpawnSyncReturns<string> {
  return spawnSync(PYTHON!, [...args], {
    encoding: 'utf8',
    cwd,
    input,
    env: ENV,
  });
}

/** Runs Python until a line of its output matches `until`, then kills its whole process group. */
export function runPythonUntil(args: readonly string[], until: RegExp): Promise<{ killedAfter: string; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON!, [...args], {
      detached: true,
      env: ENV,
    });
    let output = '';
    let killedAfter: string | null = null;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => until.test(l));
      if (line !== undefined && killedAfter === null) {
        killedAfter = line;
        process.kill(-child.pid!, 'SIGKILL');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', () =>
      killedAfter === null ? reject(new Error(`ended before ${until}: ${output.slice(-2000)}`)) : resolve({ killedAfter, output }),
    );
  });
}
