"""Distilling the MTMT student on unlabelled target sentences (core/ml/train/student.ts): the
sentences of each batch are paired (first half with second half), and for every token pair the
student is pulled towards the teacher's label probabilities and similarity with the α, β, γ
confidence weights of losses.mtmt_sum. The student starts from the teacher recognizer."""

import hashlib
import json

import torch

from .data import pair_up
from .decode import TypeVotes, swap_type_columns
from .losses import cosine, kd_sum, mtmt_sum
from .common import SentenceStage, dummy_loss


def target_retypes(run, teacher, votes_options):
    """Per target sentence, the teacher's entities whose harmonised type differs (type-votes.ts),
    each process predicting its share of the target text."""
    target = run.target
    indices = run.dist.share(list(range(len(target))))
    mine = {}
    for start in range(0, len(indices), 2048):
        for i, (_, entities) in run.decoded(teacher, target, indices[start : start + 2048]).items():
            if entities:
                mine[i] = [{k: e[k] for k in ("start", "end", "label")} for e in entities]
    found = {}
    for part in run.dist.gather(mine):
        found.update(part)
    entities = [found.get(i, []) for i in range(len(target))]
    votes = TypeVotes(votes_options).add_predictions(target, entities).add_gazetteer(run.source)
    return votes.retypes(target, entities, teacher.labels)


class StudentStage(SentenceStage):
    name = "student"
    metric = "f1"

    def __init__(self, run, student, teacher, evaluator, options, retypes):
        self.run, self.module = run, student
        self.teacher, self.evaluator = teacher, evaluator
        self.options = options
        self.retypes = retypes
        self.lengths = [len(t) for t in run.target]
        digest = hashlib.sha256(json.dumps(retypes).encode()).hexdigest()[:16] if retypes else ""
        flags = {k: options[k] for k in ("alpha", "beta", "gamma", "kd", "fromScratch")}
        self.settings = json.dumps([flags, digest])

    @torch.no_grad()
    def _teacher_outputs(self, words, items):
        """Teacher probabilities [B, T, K] (retyped spans swapped) and evaluator vectors [B, T, D]."""
        inputs = self.run.inputs(words)
        _, logits = self.teacher(*inputs)
        B, T = len(words), max(len(w) for w in words)
        probs = torch.softmax(logits, -1).view(B, T, -1)
        if self.retypes:
            for b, i in enumerate(items):
                if self.retypes[i]:
                    swap_type_columns(probs[b], self.retypes[i], self.teacher.labels)
        return probs, self.evaluator(*inputs).view(B, T, -1)

    def step(self, items, rng):
        run, ctx = self.run, self.ctx
        if self.options["kd"]:
            return self._kd_step(items)
        pairs = pair_up(len(items))
        total_pairs = max(1, sum(self.lengths[items[a]] * self.lengths[items[b]] for a, b in pairs))
        local = ctx.dist.share(pairs)
        if not local:
            return dummy_loss(ctx.model, run), 0.0
        positions = sorted({p for pair in local for p in pair})
        slot = {p: n for n, p in enumerate(positions)}
        chosen = [items[p] for p in positions]
        words = [run.target[i] for i in chosen]
        pT, hT = self._teacher_outputs(words, chosen)
        batch = run.encode(words, [ctx.key("s", i) for i in chosen])
        h, logits = ctx.model(*run.inputs_of(batch))
        B, T = len(words), batch.length
        pS = torch.softmax(logits, -1).view(B, T, -1)
        h = h.view(B, T, -1)
        A = torch.tensor([slot[a] for a, _ in local], device=h.device)
        Bi = torch.tensor([slot[b] for _, b in local], device=h.device)
        lengths = torch.tensor([len(w) for w in words], device=h.device)
        valid = torch.arange(T, device=h.device).view(1, T) < lengths.view(-1, 1)
        mask = (valid[A].unsqueeze(2) & valid[Bi].unsqueeze(1)).to(h.dtype)
        sT = torch.sigmoid(cosine(hT[A], hT[Bi]))
        o = self.options
        total = mtmt_sum(pS[A], pS[Bi], pT[A], pT[Bi], h[A], h[Bi], sT, mask, o["alpha"], o["beta"], o["gamma"])
        return total * ctx.dist.world / total_pairs, float(total.detach()) / total_pairs

    def _kd_step(self, items):
        run, ctx = self.run, self.ctx
        count = max(1, self.tokens(items))
        local = ctx.dist.share(items)
        if not local:
            return dummy_loss(ctx.model, run), 0.0
        words = [run.target[i] for i in local]
        pT, _ = self._teacher_outputs(words, local)
        batch = run.encode(words, [ctx.key("s", i) for i in local])
        _, logits = ctx.model(*run.inputs_of(batch))
        rows = batch.mask.nonzero().view(-1).to(logits.device)
        total = kd_sum(logits.index_select(0, rows), pT.reshape(-1, pT.shape[-1]).index_select(0, rows), self.options["kd"])
        return total * ctx.dist.world / count, float(total.detach()) / count

    def score(self):
        return self.run.dev_f1(self.module, self.run.dev) if self.run.dev else None
