"""Adam with global-norm clipping and the learning-rate schedule of Crosstag's engine
(core/ml/train/optimizer.ts, loop.ts): the bias correction folded into the step size, eps added
to sqrt(v) uncorrected, and the rate warmed up linearly then decayed linearly to lr * final."""

import math

import torch

ADAM_DEFAULTS = {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "clipNorm": 5.0}


class Adam:
    def __init__(self, named, config):
        self.named = [(n, p) for n, p in named if p.requires_grad]
        self.config = config
        self.step = 0
        self.m = {n: torch.zeros_like(p) for n, p in self.named}
        self.v = {n: torch.zeros_like(p) for n, p in self.named}

    @torch.no_grad()
    def apply(self, lr):
        c = self.config
        self.step += 1
        t = self.step
        pairs = [(n, p, p.grad) for n, p in self.named if p.grad is not None]
        scale = None
        if c["clipNorm"] > 0 and pairs:
            norm = torch.sqrt(sum((g * g).sum() for _, _, g in pairs))
            scale = c["clipNorm"] / torch.clamp(norm, min=c["clipNorm"])
        step_size = lr * math.sqrt(1 - c["beta2"] ** t) / (1 - c["beta1"] ** t)
        for n, p, g in pairs:
            if scale is not None:
                g = g * scale
            m, v = self.m[n], self.v[n]
            m.mul_(c["beta1"]).add_(g * (1 - c["beta1"]))
            v.mul_(c["beta2"]).add_(g * g * (1 - c["beta2"]))
            p.sub_(m / (torch.sqrt(v) + c["eps"]) * step_size)

    def state(self):
        return {"step": self.step, "m": {n: t.detach().cpu() for n, t in self.m.items()}, "v": {n: t.detach().cpu() for n, t in self.v.items()}}

    def load(self, state):
        self.step = state["step"]
        for n, p in self.named:
            if n not in state["m"] or state["m"][n].shape != p.shape:
                raise ValueError(f"optimizer state for {n} is missing or has the wrong shape")
            self.m[n].copy_(state["m"][n])
            self.v[n].copy_(state["v"][n])


def lr_at(step, total, lr, warmup, final):
    warm = min(1.0, (step + 1) / warmup) if warmup > 0 else 1.0
    decay = 1 - (1 - final) * min(1.0, step / max(1, total))
    return lr * warm * decay
