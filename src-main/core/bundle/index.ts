// Training bundles for the PyTorch trainer shipped in resources/trainer: a project's run (its data,
// code-switching, every option with the engine's defaults, the encoder's checkpoint and word pieces,
// and the trainer itself) written to a folder that a GPU machine or a cluster trains with python,
// torchrun or accelerate launch. The trainer's output comes back as model folders (core/ml/io's
// Hugging Face loading; core/jobs' openProjectModel adds the trainer's summary).
//
//   exportProjectBundle(store, TrainingConfig, { dir, tuning?, overrides?, copyEncoder? })  Train ▸ Run elsewhere…, crosstag export-run
//   writeRunBundle(dir, BundleInput)     the same from data in hand (tests, other front ends)
//   runSettings(TrainingConfig, tuning?, overrides?)   the options a run of the app trains with
//   trainerSourceDir()                   resources/trainer of this installation

export { exportProjectBundle, type ProjectBundleOptions } from './export-project.js';
export { writeRunBundle, type BundleInput, type BundleReport } from './write-bundle.js';
export { runSettings, BUNDLE_FORMAT, type RunSettings, type SettingOverrides } from './run-json.js';
export { trainerSourceDir } from './trainer-files.js';
