// The README of a training bundle: what it holds and the exact commands, run from the bundle's
// folder, for a CPU, one GPU, several GPUs, several machines and accelerate, then how the models
// come back into the project.

export interface BundleCommands {
  cpu: string;
  gpu: string;
  gpus: string;
  nodes: string;
  accelerate: string;
  importBack: string;
}

export function bundleCommands(projectPath: string | null): BundleCommands {
  const run = 'train.py . --out run';
  const project = projectPath ?? 'PROJECT.sqlite';
  return {
    cpu: `python ${run} --device cpu`,
    gpu: `python ${run}`,
    gpus: `torchrun --standalone --nproc_per_node=NUM_GPUS ${run}`,
    nodes: `torchrun --nnodes=NUM_NODES --nproc_per_node=NUM_GPUS --node_rank=NODE_RANK --master_addr=FIRST_NODE_HOST --master_port=29500 ${run}`,
    accelerate: `accelerate launch --num_processes NUM_GPUS ${run}`,
    importBack: `crosstag import-model run/student --db ${JSON.stringify(project)}`,
  };
}

export interface ReadmeFacts {
  title: string;
  createdAt: string;
  counts: { source: number; target: number; dev: number; links: number };
  devUsed: string;
  labels: string[];
  encoder: { name: string; copied: boolean; repo: string | null };
  mode: 'teacher' | 'pipeline';
  batchSize: number;
}

export function bundleReadme(f: ReadmeFacts, c: BundleCommands): string {
  const encoder = f.encoder.copied
    ? '`encoder/` holds a copy of the checkpoint folder.'
    : `The checkpoint folder was not copied: put it in \`encoder/\`${f.encoder.repo ? ` (\`huggingface-cli download ${f.encoder.repo} --local-dir encoder\`)` : ''} or pass \`--encoder DIR\`.`;
  const tokens =
    "Every word's pieces, from the checkpoint's own tokenizer, are in `data/word_pieces.jsonl`, so PyTorch is all the trainer needs.";
  return `# ${f.title}

A training bundle written by Crosstag on ${f.createdAt}: everything a machine with PyTorch needs
to train this project's MTMT teacher${f.mode === 'pipeline' ? ' and student' : ''} with the app's losses, defaults and seed.

| file | what it holds |
|---|---|
| \`run.json\` | every training option (encoder, epochs and learning rate per stage, α/β/γ, code-switching, seed, batch size) |
| \`data/source.jsonl\` | ${f.counts.source} labelled source sentences (\`tokens\`, \`ner_tags\`) |
| \`data/target.jsonl\` | ${f.counts.target} unlabelled target sentences (\`tokens\`) |
| \`data/dev.jsonl\` | ${f.counts.dev} labelled sentences that select each stage's best epoch (${f.devUsed}) |
| \`data/links.jsonl\` | ${f.counts.links} sentence pairs with your token links (\`a\`, \`b\`, \`links\`) |
| \`data/dataset_info.json\` | the label list (${f.labels.join(', ')}) the \`ner_tags\` ids index, as Hugging Face datasets features |
| \`data/dictionaries/\` | code-switching dictionaries, one \`["word", ["translation", ...]]\` per line |
| \`train.py\`, \`crosstag_trainer/\` | the trainer (Python 3.9+, PyTorch 1.13+) |

${encoder} ${tokens}

## Train

Run these from this folder. The global batch is ${f.batchSize} sentences whatever the number of
processes (each takes a share of every batch), and dropout is keyed to each sentence, so any
number of processes ends with the weights one process reaches.

\`\`\`bash
${c.cpu}                  # CPU
${c.gpu}                               # one GPU (cuda:0 when there is one)
${c.gpus}   # several GPUs on one machine (DDP, nccl)
# several machines: on each, with NODE_RANK 0 on FIRST_NODE_HOST
${c.nodes}
${c.accelerate}   # accelerate reads the same RANK/WORLD_SIZE settings
\`\`\`

Checkpoints go to \`run/checkpoints/\` every \`--checkpoint-every\` steps (100 by default) and at each
epoch end; if the job stops or is killed, run the same command again and it resumes where the
checkpoint left off. Only the first process writes; it must see \`run/\` when it resumes.

## What comes out

- \`run/teacher/\`: a Hugging Face token-classification folder (config.json with id2label,
  model.safetensors, tokenizer files) plus \`evaluator/\`, the similarity evaluator as a base model,
- \`run/student/\`: the student, in the same layout,
- \`crosstag.json\` in each (kind, labels, window settings, training summary), \`run/summary.json\`
  (the final model's stages, epochs and dev scores) and \`run/progress.jsonl\` (every step's loss;
  a resumed run records the steps it replays again).

## Bring the models back

\`\`\`bash
${c.importBack}
\`\`\`

or Models ▸ Import in the app; \`crosstag predict --model run/student --in FILE --out FILE.conll\`
tags a file with it directly.
`;
}
