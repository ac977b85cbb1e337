"""The teacher's two stages, as core/ml/train/teacher.ts trains them: the recognizer (cross-
entropy at each word's first piece against the source tags), then the similarity evaluator (BCE
of sigmoid(cos) on balanced same-type / different-type token pairs, plus the user's links)."""

import torch

from .data import bucket_batches, sample_pairs
from .losses import cross_entropy_sum, normalize_rows, pair_bce_sum
from .common import SentenceStage, dummy_loss
from .rng import Rng


class RecognizerStage(SentenceStage):
    name = "teacher-recognizer"
    metric = "f1"

    def __init__(self, run, model):
        self.run, self.module = run, model
        self.lengths = [len(t) for t, _ in run.source]
        self.settings = run.switch_digest
        self.index = {l: k for k, l in enumerate(model.labels)}

    def step(self, items, rng):
        run, ctx = self.run, self.ctx
        count = max(1, self.tokens(items))
        local = ctx.dist.share(items)
        if not local:
            return dummy_loss(ctx.model, run), 0.0
        sents = run.switcher.sentences(self.name, ctx.epoch)
        batch = run.encode([sents[i][0] for i in local], [ctx.key("s", i) for i in local])
        _, logits = ctx.model(*run.inputs_of(batch))
        targets = torch.zeros(batch.size * batch.length, dtype=torch.long)
        for b, i in enumerate(local):
            for t, tag in enumerate(run.source[i][1]):
                # A type absent from training cannot be predicted; it is trained as O.
                targets[b * batch.length + t] = self.index.get(tag, 0)
        rows = batch.mask.nonzero().view(-1).to(logits.device)
        total = cross_entropy_sum(logits.index_select(0, rows), targets.to(logits.device).index_select(0, rows))
        return total * ctx.dist.world / count, float(total.detach()) / count

    def score(self):
        return self.run.dev_f1(self.module, self.run.dev) if self.run.dev else None


def dev_pairs(dev, cap, seed):
    """Balanced token pairs between consecutive dev sentences, fixed for the run (k, k+1, i, j, same)."""
    rng = Rng.derive(seed, "dev-pairs")
    limit = min(len(dev), 400)
    out = []
    for k in range(0, limit - 1, 2):
        i, j, same = sample_pairs(dev[k][1], dev[k + 1][1], cap, rng)
        out.append((k, i, j, same))
    return out


class EvaluatorStage(SentenceStage):
    name = "teacher-evaluator"
    metric = "pair-accuracy"

    def __init__(self, run, model):
        self.run, self.module = run, model
        self.lengths = [len(t) for t, _ in run.source]
        self.settings = run.switch_digest
        self.cap = run.pairs_per_sentence
        self.dev_set = dev_pairs(run.dev, self.cap, run.seed) if run.dev else None

    def plan(self, epoch):
        run = self.run
        rng = Rng.derive(run.seed, self.name, "plan", epoch)
        out = [["labelled", items] for items in bucket_batches(self.lengths, run.batch_size, rng)]
        order = rng.shuffle(list(range(len(run.links))))
        half = run.batch_size / 2
        k = 0.0
        while k < len(order):
            out.append(["links", order[int(k) : int(k + half)]])
            k += max(1.0, half)
        return rng.shuffle(out)

    def tokens(self, batch):
        kind, items = batch
        if kind == "labelled":
            return sum(self.lengths[i] for i in items)
        return sum(len(self.run.links[i]["a"]) + len(self.run.links[i]["b"]) for i in items)

    def _units(self, batch, rng):
        """Sentence pairs of the global batch: (sentence A key, tokens A, key B, tokens B, i, j, same)."""
        kind, items = batch
        run, units = self.run, []
        if kind == "labelled":
            n = len(items)
            shift = max(1, n // 2)
            sampled = []
            for k, item in enumerate(items):
                partner = 0 if n == 1 else (k + shift) % n
                sampled.append((item, items[partner], sample_pairs(run.source[item][1], run.source[items[partner]][1], self.cap, rng)))
            sents = run.switcher.sentences(self.name, self.ctx.epoch)
            for a, b, (i, j, same) in sampled:
                units.append((("s", a), sents[a][0], ("s", b), sents[b][0], i, j, same))
            return units
        for idx in items:
            link = run.links[idx]
            ok = [l for l in link["links"] if 0 <= l["i"] < len(link["a"]) and 0 <= l["j"] < len(link["b"])]
            units.append(
                (("a", idx), link["a"], ("b", idx), link["b"], [l["i"] for l in ok], [l["j"] for l in ok], [1 if l["same"] else 0 for l in ok])
            )
        return units

    def step(self, batch, rng):
        run, ctx = self.run, self.ctx
        units = self._units(batch, rng)
        pairs = sum(len(u[4]) for u in units)
        local = ctx.dist.share(units)
        if pairs == 0 or not local:
            return dummy_loss(ctx.model, run), 0.0
        slots, words = {}, []
        for key_a, tok_a, key_b, tok_b, *_ in local:
            for key, tokens in ((key_a, tok_a), (key_b, tok_b)):
                if key not in slots:
                    slots[key] = len(words)
                    words.append((key, tokens))
        batch_ = run.encode([w for _, w in words], [ctx.key(*key) for key, _ in words])
        h = ctx.model(*run.inputs_of(batch_))
        T = batch_.length
        ia, ib, y = [], [], []
        for key_a, _, key_b, _, i, j, same in local:
            ia += [slots[key_a] * T + x for x in i]
            ib += [slots[key_b] * T + x for x in j]
            y += same
        dev = h.device
        total = pair_bce_sum(h.index_select(0, torch.tensor(ia, device=dev)), h.index_select(0, torch.tensor(ib, device=dev)), torch.tensor(y, dtype=h.dtype, device=dev))
        if not ia:
            total = h.sum() * 0.0
        return total * ctx.dist.world / pairs, float(total.detach()) / pairs

    def score(self):
        """Mean of the same-type and different-type accuracies of cos > 0 on the dev pairs."""
        if not self.dev_set:
            return None
        run = self.run
        hits, totals = [0, 0], [0, 0]
        local = run.dist.share(self.dev_set)
        for start in range(0, len(local), 8):
            chunk = local[start : start + 8]
            words = [run.dev[k + d][0] for k, *_ in chunk for d in (0, 1)]
            batch = run.encode(words)
            h = normalize_rows(self.module(*run.inputs_of(batch))).view(len(words), batch.length, -1)
            for n, (_, i, j, same) in enumerate(chunk):
                for a, b, y in zip(i, j, same):
                    cos = float((h[2 * n, a] * h[2 * n + 1, b]).sum())
                    totals[y] += 1
                    hits[y] += 1 if (1 if cos > 0 else 0) == y else 0
        hits0, hits1, tot0, tot1 = run.dist.sum([hits[0], hits[1], totals[0], totals[1]])
        return 0 if tot0 == 0 or tot1 == 0 else (hits0 / tot0 + hits1 / tot1) / 2
