"""What the stages share: the run's data and encoder settings, turning sentences into batches,
and sharded inference (label probabilities, dev F1) whose counts are summed over processes."""

import torch

from .data import token_batches
from .decode import decode, f1_counts, f1_score, iob2_allowed
from .model import device_batch
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
    def probabilities(self, recognizer, sentences, indices):
        """Softmax probabilities [len, K] (on the CPU) of sentences[i] for i in indices."""
        out = {}
        lengths = [len(sentences[i]) for i in indices]
        for batch in token_batches(lengths):
            chosen = [indices[b] for b in batch]
            words = [sentences[i] for i in chosen]
            _, logits = recognizer(*self.inputs(words))
            T = max(len(w) for w in words)
            probs = torch.softmax(logits.float(), -1).view(len(words), T, -1).cpu()
            for b, i in enumerate(chosen):
                out[i] = probs[b, : len(sentences[i])]
        return out

    def dev_f1(self, recognizer, dev):
        """Entity F1 of constrained decoding on dev, each process scoring its share."""
        indices = self.dist.share(list(range(len(dev))))
        tokens = [s[0] for s in dev]
        probs = self.probabilities(recognizer, tokens, indices)
        allowed = iob2_allowed(recognizer.labels)
        gold, pred = [], []
        for i in indices:
            gold.append(dev[i][1])
            pred.append(decode(probs[i], recognizer.labels, allowed)[0])
        tp, n_pred, n_gold = self.dist.sum(list(f1_counts(gold, pred)))
        return f1_score(tp, n_pred, n_gold)


def dummy_loss(model, run):
    """A rank without work in a step still runs the model (DistributedDataParallel needs every
    process to take part in each gradient reduction) and contributes zero."""
    out = model(*run.inputs([["."]]))
    first = out[1] if isinstance(out, tuple) else out
    return first.sum() * 0.0
