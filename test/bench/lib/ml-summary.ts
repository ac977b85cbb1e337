// The summary `npm run bench -- ml` prints: one table row per backend run and encoder, then the
// ratios the targets are stated in (wasm on every core against one thread; the fastest backend
// against PyTorch, per step of the default encoder).

import { STAGES, type BackendFigures, type Stage } from './ml-measure.js';

export interface Run {
  backend: string;
  threads: number | null;
  result: BackendFigures | { error: string };
}

type Torch = Record<string, number | string> | { error: string };

const num = (x: number): string => Math.round(x).toLocaleString('en-US');

function label(run: Run, r: BackendFigures): string {
  if (r.threads !== null) return `${run.backend} (${r.threads} thread${r.threads === 1 ? '' : 's'})`;
  if (r.adapter) return `${run.backend} (${r.software_adapter ? 'software: ' : ''}${r.adapter.split(':')[0]})`;
  return run.backend;
}

function stageCell(r: BackendFigures, enc: string, stage: Stage): string {
  const s = r.encoders[enc]!.stages[stage];
  const share =
    s.gflop_s === null || r.peak_gflop_s === 0 ? '' : ` ${s.gflop_s.toFixed(1)} (${Math.round((100 * s.gflop_s) / r.peak_gflop_s)}%)`;
  return `${num(s.tok_s)}${share}`;
}

function measured(runs: Run[]): { run: Run; r: BackendFigures }[] {
  return runs.flatMap((run) => ('error' in run.result ? [] : [{ run, r: run.result }]));
}

const pct = (x: number): string => `${Math.round(100 * x)}%`;

/** Where each synchronous backend's recognizer steps spend their time: what more threads can speed up. */
function profileLines(runs: Run[]): string[] {
  const out: string[] = [];
  for (const { run, r } of measured(runs)) {
    for (const [enc, e] of Object.entries(r.encoders)) {
      const p = e.stages.recognizer.profile;
      if (!p) continue;
      const top = Object.entries(p.top)
        .map(([k, v]) => `${k} ${pct(v)}`)
        .join(', ');
      out.push(
        `${label(run, r)} ${enc} recognizer step time: matMul ${pct(p.matmul)}, other kernels ${pct(p.other_kernels)}, outside kernels ${pct(p.outside_kernels)} (top: ${top})`,
      );
    }
  }
  return out;
}

function ratioLines(runs: Run[], torch: Torch): string[] {
  const out: string[] = [];
  const ok = measured(runs);
  const wasm = ok.filter((x) => x.run.backend === 'wasm').sort((a, b) => (a.r.threads ?? 1) - (b.r.threads ?? 1));
  if (wasm.length >= 2) {
    const [one, many] = [wasm[0]!.r, wasm[wasm.length - 1]!.r];
    for (const enc of Object.keys(one.encoders)) {
      const parts = STAGES.map((s) => `${s} ${(many.encoders[enc]!.stages[s].tok_s / one.encoders[enc]!.stages[s].tok_s).toFixed(2)}×`);
      out.push(`wasm on ${many.threads} threads against 1 thread, ${enc}: ${parts.join(', ')} (target ≥ 1.7× for the recognizer)`);
    }
  }
  if ('error' in torch) {
    out.push(`PyTorch reference not measured: ${torch.error}`);
    return out;
  }
  out.push(
    `PyTorch ${torch['torch']} on ${torch['threads']} threads, default small encoder, ${torch['sentences']} sentences: ` +
      STAGES.map((s) => `${s} ${num(Number(torch[`${s}_tok_s`]))} tok/s`).join(', '),
  );
  for (const stage of STAGES) {
    const full = ok.filter((x) => x.r.sentences === Number(torch['sentences']));
    const best = full.sort((a, b) => b.r.encoders['small']!.stages[stage].tok_s - a.r.encoders['small']!.stages[stage].tok_s)[0];
    if (!best) continue;
    const ours = best.r.encoders['small']!.stages[stage].tok_s;
    const goal = stage === 'recognizer' ? ' (goal ≥ 0.5×)' : '';
    out.push(
      `${stage}: best here ${label(best.run, best.r)} ${num(ours)} tok/s = ${(ours / Number(torch[`${stage}_tok_s`])).toFixed(2)}× PyTorch${goal}`,
    );
  }
  return out;
}

/** The table and the ratio lines. */
export function summaryLines(runs: Run[], torch: Torch): string[] {
  const header = [
    'backend',
    'encoder',
    'sentences',
    ...STAGES.map((s) => `${s} tok/s, GFLOP/s (% of peak)`),
    'predict sent/s',
    'matMul peak',
  ];
  const rows: string[][] = [];
  for (const { run, r } of measured(runs)) {
    for (const enc of Object.keys(r.encoders)) {
      rows.push([
        label(run, r),
        enc,
        String(r.sentences),
        ...STAGES.map((s) => stageCell(r, enc, s)),
        num(r.encoders[enc]!.predict_sent_s),
        `${r.peak_gflop_s.toFixed(1)} GFLOP/s (${r.peak_size}²)`,
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const missing = runs.flatMap((run) => ('error' in run.result ? [`${run.backend} not measured: ${run.result.error}`] : []));
  return ['', line(header), ...rows.map(line), ...missing, '', ...profileLines(runs), '', ...ratioLines(runs, torch)];
}
