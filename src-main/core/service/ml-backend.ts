// The ML service's backend methods: the engine's backend report (asked of the inference worker,
// so the UI never loads TensorFlow.js itself), and the engine settings that every worker the
// service starts reads from its environment.

import type { BackendReport } from '../../contract/entities.js';
import type { InferenceClient } from '../jobs/index.js';
import type { EngineSettingsFile } from './engine-settings.js';
import type { MlService } from './ml.js';

const GPU_HINT =
  'No GPU is in use: GPU training needs a GPU with a Vulkan (Linux), Metal (macOS) or Direct3D 12 (Windows) driver for webgpu, or an NVIDIA GPU with CUDA 11.x and cuDNN 8 and the package @tensorflow/tfjs-node-gpu (npm install @tensorflow/tfjs-node-gpu)';
const CPU_HINT = 'without a GPU, @tensorflow/tfjs-node (npm install @tensorflow/tfjs-node) is the fastest CPU backend';

/** The engine's report, with what to install when it is not on a GPU. */
export function withInstallHints(r: BackendReport): BackendReport {
  if (r.chosen === 'tfjs-node-gpu' || r.chosen === 'webgpu') return r;
  return { ...r, reason: `${r.reason}. ${GPU_HINT}${r.chosen === 'tfjs-node' ? '' : `; ${CPU_HINT}`}` };
}

type BackendMethods = 'backend.info' | 'backend.settings' | 'backend.configure';

/** `workerEnv` is the environment every worker starts with; a changed setting is written into it. */
export function backendHandlers(
  inference: InferenceClient,
  settings: EngineSettingsFile,
  workerEnv: Record<string, string>,
): Pick<MlService, BackendMethods> {
  let backend: Promise<BackendReport> | null = null;
  return {
    'backend.info': async () => {
      if (backend === null) {
        const probe = inference.request<BackendReport>({ kind: 'probe' }).then(withInstallHints);
        backend = probe;
        probe.catch(() => {
          if (backend === probe) backend = null;
        });
      }
      return backend;
    },

    'backend.settings': async () => settings.get(),

    'backend.configure': async ({ threads }) => {
      const saved = settings.set(threads);
      settings.applyTo(workerEnv);
      // The inference worker chose its backend at start; the next request starts one that reads the new settings.
      backend = null;
      await inference.restart();
      return saved;
    },
  };
}
