"""What the stages share: the run's data and encoder settings, turning sentences into batches,
and sharded inference (label probabilities, dev F1) whose counts are summed over processes."""

import torch

from .data import bucket_batches, token_batches
from .decode import decode_batch, f1_counts, f1_score, iob2_allowed
from .model import device_batch
from .rng import Rng
from .windows import build_batch


class Run:
    """The bundle as read by bundle.py, the encoder, the processes and the output folder."""

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def encode(self, sentences, keys=None):
        return build_batch(sentences, self.pieces, self.pieces.specials, self.max_length, self.stride, keys)

    def inputs_of(self, batch):
        return device_batch(batch, self.dist.device)

    def inputs(self, sentences, keys=None):
        return self.inputs_of(self.encode(sentences, keys))

    @torch.no_grad()
    def decoded(self, recognizer, sentences, indices):
        """(tags, entities) of sentences[i] for i in indices, decoded as the app decodes, in
        length-sorted batches (larger ones on a GPU)."""
        out = {}
        allowed = iob2_allowed(recognizer.labels)
        tokens = 8192 if self.dist.device.type == "cuda" else 512
        for batch in token_batches([len(sentences[i]) for i in indices], tokens):
            chosen = [indices[b] for b in batch]
            words = [sentences[i] for i in chosen]
            _, logits = recognizer(*self.inputs(words))
            probs = torch.softmax(logits.float(), -1).view(len(words), max(len(w) for w in words), -1).cpu()
            for i, result in zip(chosen, decode_batch(probs, [len(w) for w in words], recognizer.labels, allowed)):
                out[i] = result
        return out

    def dev_f1(self, recognizer, dev):
        """Entity F1 of constrained decoding on dev, each process scoring its share."""
        indices = self.dist.share(list(range(len(dev))))
        decoded = self.decoded(recognizer, [s[0] for s in dev], indices)
        gold = [dev[i][1] for i in indices]
        pred = [decoded[i][0] for i in indices]
        tp, n_pred, n_gold = self.dist.sum(list(f1_counts(gold, pred)))
        return f1_score(tp, n_pred, n_gold)


class SentenceStage:
    """A stage over sentences batched by length (the recognizer, the student): its plan is the
    app's bucketBatches from the stage's own generator, per epoch."""

    name = ""
    lengths = []

    def bind(self, ctx):
        self.ctx = ctx

    def plan(self, epoch):
        return bucket_batches(self.lengths, self.run.batch_size, Rng.derive(self.run.seed, self.name, "plan", epoch))

    def tokens(self, items):
        return sum(self.lengths[i] for i in items)


def dummy_loss(model, run):
    """A rank without work in a step still runs the model (DistributedDataParallel needs every
    process to take part in each gradient reduction) and contributes zero."""
    batch = build_batch([["-"]], lambda _: [run.pieces.unk], run.pieces.specials, run.max_length, run.stride)
    out = model(*run.inputs_of(batch))
    first = out[1] if isinstance(out, tuple) else out
    return first.sum() * 0.0
