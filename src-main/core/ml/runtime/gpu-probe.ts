// Asks Dawn which GPU adapter it would use, in a short-lived child process, for two reasons: Dawn
// and the drivers under it print warnings on stderr (Mesa's llvmpipe: "maxDynamicUniformBuffers
// PerPipelineLayout artificially reduced ..."), which in a worker would end up in its crash
// reports; and a broken driver that crashes while being asked takes down only the probe, which
// the report then names. Dawn is loaded in the engine's own process only once webgpu is chosen.

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { GpuAdapterInfo } from '../../../contract/entities.js';
import type { GpuProbe } from './choose-backend.js';

const requireHere = createRequire(import.meta.url);
// Loading Dawn and enumerating adapters takes well under a second; a hung driver must not hang training.
const PROBE_TIMEOUT_MS = 30_000;

/** What GPUAdapterInfo says about an adapter (isFallbackAdapter is Dawn's addition). */
export interface RawAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter?: boolean | undefined;
}

const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader|basic render|\bwarp\b/i;

export function describeAdapter(info: RawAdapterInfo): GpuAdapterInfo {
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    description: info.description !== '' ? info.description : info.device,
    software: info.isFallbackAdapter === true || info.architecture === 'software' || SOFTWARE.test(text),
  };
}

function probeScript(webgpuEntry: string): string {
  return [
    `import { create, globals } from ${JSON.stringify(pathToFileURL(webgpuEntry).href)};`,
    `Object.assign(globalThis, globals);`,
    `const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });`,
    `const i = adapter && adapter.info;`,
    `process.stdout.write(JSON.stringify(i ? { vendor: i.vendor, architecture: i.architecture, device: i.device,`,
    `  description: i.description, isFallbackAdapter: i.isFallbackAdapter === true } : null));`,
  ].join('\n');
}

function firstLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((l) => !/^Warning: /.test(l))[0]
      ?.slice(0, 300) ?? ''
  );
}

async function runProbe(): Promise<GpuProbe> {
  let entry: string;
  try {
    entry = requireHere.resolve('webgpu');
  } catch (err) {
    return { ok: false, error: firstLine(err instanceof Error ? err.message : String(err)) };
  }
  return new Promise((resolve) => {
    // In Electron's utility process execPath is Electron itself, which then runs as plain Node.
    const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
    execFile(
      process.execPath,
      ['--input-type=module', '-e', probeScript(entry)],
      { env, timeout: PROBE_TIMEOUT_MS, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) {
          const how = err.killed ? `was stopped after ${PROBE_TIMEOUT_MS / 1000} s` : err.signal ? `crashed (${err.signal})` : 'failed';
          const why = firstLine(stderr) || firstLine(err.message);
          resolve({ ok: false, error: `asking for an adapter ${how}${why ? `: ${why}` : ''}` });
          return;
        }
        try {
          const info = JSON.parse(stdout) as RawAdapterInfo | null;
          resolve({ ok: true, adapter: info === null ? null : describeAdapter(info) });
        } catch {
          resolve({ ok: false, error: `unreadable adapter description: ${stdout.slice(0, 200)}` });
        }
      },
    );
  });
}

let probed: Promise<GpuProbe> | null = null;

/** Dawn's high-performance adapter, asked once per process. */
export function probeGpu(): Promise<GpuProbe> {
  probed ??= runProbe();
  return probed;
}
