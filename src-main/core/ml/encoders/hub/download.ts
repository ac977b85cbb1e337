// "Download from hub": a checkpoint folder from a Hugging Face hub repository, with the files the
// repo has: config.json first (so an architecture Crosstag cannot run is refused before gigabytes
// arrive), then the tokenizer files it ships (tokenizer.json, vocab.txt, sentencepiece.bpe.model,
// tokenizer_config.json, special_tokens_map.json; tokenizer.json or vocab.txt must be among them),
// then model.safetensors. The folder is validated like an added one at the end.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../../errors.js';
import { TOKENIZER_FILE, TOKENIZER_FILES, VOCAB_FILE } from '../../../text/subword/index.js';
import { CONFIG_FILE, readCheckpointConfig, WEIGHTS_FILE } from '../pretrained/config.js';
import type { EncoderFolderReport } from '../pretrained/folder.js';
import { architectureFor, validateEncoderFolder } from '../registry.js';
import { hubSession, type DownloadedFile, type DownloadOptions, type HubSession, type Remote } from './transfer.js';

export interface DownloadReport {
  dir: string;
  files: DownloadedFile[];
  encoder: EncoderFolderReport;
}

async function required(hub: HubSession, repo: string, file: string, why: string): Promise<Remote> {
  const remote = await hub.locate(file);
  if (!remote) throw new CoreError('NOT_FOUND', `${repo} has no ${file} on the hub: ${why}`);
  return remote;
}

/** Downloads a checkpoint folder from the hub (resumable, verified), then validates it. */
export async function downloadEncoder(opts: DownloadOptions): Promise<DownloadReport> {
  const hub = hubSession(opts);
  const files: DownloadedFile[] = [];
  try {
    mkdirSync(opts.dir, { recursive: true });
    const target = (file: string) => path.join(opts.dir, file);
    const config = await required(hub, opts.repo, CONFIG_FILE, 'it is not a model repository');
    files.push(await hub.fetch(CONFIG_FILE, config, target(CONFIG_FILE)));
    const checkpoint = readCheckpointConfig(opts.dir);
    architectureFor(checkpoint.modelType, checkpoint.file);
    const tokenizer: [string, Remote][] = [];
    for (const file of TOKENIZER_FILES) {
      const remote = await hub.locate(file);
      if (remote) tokenizer.push([file, remote]);
    }
    if (!tokenizer.some(([file]) => file === TOKENIZER_FILE || file === VOCAB_FILE)) {
      throw new CoreError(
        'NOT_FOUND',
        `${opts.repo} has neither ${TOKENIZER_FILE} nor ${VOCAB_FILE} on the hub, so its tokenizer cannot be read`,
      );
    }
    for (const [file, remote] of tokenizer) files.push(await hub.fetch(file, remote, target(file)));
    const weights = await required(
      hub,
      opts.repo,
      WEIGHTS_FILE,
      'Crosstag reads safetensors weights only (a repo with pytorch_model.bin alone can be converted with transformers first)',
    );
    files.push(await hub.fetch(WEIGHTS_FILE, weights, target(WEIGHTS_FILE)));
  } finally {
    hub.close();
  }
  return { dir: path.resolve(opts.dir), files, encoder: validateEncoderFolder(opts.dir) };
}
