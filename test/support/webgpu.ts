// Whether the webgpu tests can run here. They need Dawn and a WebGPU adapter; CI installs Mesa's
// software Vulkan driver (lavapipe) for one. Where there is none they are skipped LOUDLY: the
// reason is printed and named in the skipped suite's title. CROSSTAG_REQUIRE_WEBGPU=1 (set by CI)
// turns a missing adapter into a failure, so the suite can never pass there by skipping.

import { probeGpu } from '../../src-main/core/ml/runtime/gpu-probe.js';

export type WebgpuAvailability = { ok: true; adapter: string } | { ok: false; reason: string };

export async function webgpuAvailability(): Promise<WebgpuAvailability> {
  const probe = await probeGpu();
  const reason = !probe.ok ? `Dawn did not load: ${probe.error}` : probe.adapter === null ? 'Dawn found no WebGPU adapter' : null;
  if (reason === null && probe.ok && probe.adapter) return { ok: true, adapter: probe.adapter.description };
  const why = `${reason} (on Linux, Mesa 24 or newer provides a software adapter: apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1)`;
  if (process.env['CROSSTAG_REQUIRE_WEBGPU'] === '1') throw new Error(`CROSSTAG_REQUIRE_WEBGPU=1 but ${why}`);
  console.warn(`\n*** webgpu tests SKIPPED: ${why}\n`);
  return { ok: false, reason: why };
}
