"""The epoch loop every stage shares (as core/ml/train/loop.ts): Adam steps over a deterministic
global batch plan, dev-set epoch selection, progress lines, and checkpoints from which a stopped
or killed run resumes to the weights an uninterrupted run reaches.

Each process computes its share of every global batch; DistributedDataParallel averages the
gradients, so the local loss is scaled by the number of processes. Checkpoints are written by
process 0 (to a temporary file, then renamed; the one replaced is kept as .prev) and read by
process 0, which sends them to the others, so only its machine needs the run folder."""

import hashlib
import json
import os
import signal
import time

import torch

from .optim import ADAM_DEFAULTS, Adam, lr_at
from .rng import Rng, derive_hash

STOP = {"requested": False}


class Stopped(Exception):
    pass


def install_stop_handlers():
    def handler(signum, _frame):
        STOP["requested"] = True

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, handler)


class StageContext:
    """What a stage's step needs: the (wrapped) model, the processes, the step's noise keys."""

    def __init__(self, dist, model, seed, stage):
        self.dist = dist
        self.model = model
        self.seed = seed
        self.stage = stage
        self.epoch = 0
        self.step = 0

    def key(self, *slot):
        """The 32-bit dropout key of one sentence slot of this step's global batch."""
        return derive_hash(self.seed, self.stage, "noise", self.epoch, self.step, *slot)


def _fingerprint(stage, opts, params):
    shapes = ",".join(f"{n}:{'x'.join(map(str, p.shape))}" for n, p in params)
    plan = hashlib.sha256(json.dumps(stage.plan(0)).encode()).hexdigest()[:16]
    fields = [stage.name, opts["epochs"], opts["seed"], opts["lr"], opts["warmupSteps"], opts["finalLrFactor"], opts["clipNorm"]]
    return json.dumps(fields + [shapes, plan, stage.settings])


def _read_checkpoint(path, log):
    prev = path + ".prev"
    failure = None
    for f in (path, prev):
        if not os.path.exists(f):
            continue
        try:
            state = torch.load(f, map_location="cpu")
            if f == prev:
                why = "is missing" if failure is None else f"cannot be read ({failure})"
                log(f"{state['stage']}: the newest checkpoint {why}; resuming from the previous one")
            return state
        except Exception as err:  # a torn or damaged file: fall back to the previous one
            failure = failure or f"{f}: {err}"
    if failure:
        raise RuntimeError(f"cannot resume: {failure}")
    return None


def _write_checkpoint(path, state):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        torch.save(state, f)
        f.flush()
        os.fsync(f.fileno())
    if os.path.exists(path):
        os.replace(path, path + ".prev")
    os.replace(tmp, path)


def _sync_state(dist, state, params, adam):
    """Process 0's checkpoint (or None) on every process: metadata, then tensor by tensor."""
    meta = None
    if dist.main and state is not None:
        meta = {k: v for k, v in state.items() if k not in ("params", "m", "v", "best_values")}
        meta["has_best"] = state["best_values"] is not None
    meta = dist.broadcast(meta)
    if meta is None:
        return None
    values = {}
    for group in ("params", "m", "v") + (("best_values",) if meta["has_best"] else ()):
        values[group] = {}
        for n, p in params:
            if group in ("m", "v") and not p.requires_grad:
                continue
            t = state[group][n].clone() if dist.main else torch.empty(p.shape, dtype=torch.float32)
            values[group][n] = dist.broadcast_tensor(t)
    return {**meta, **values}


class StageRun:
    """One stage's training: its optimiser, generator and best epoch, restored from and saved to
    its checkpoint, and the steps and epoch ends of the loop."""

    def __init__(self, stage, opts, dist, out, log):
        self.stage, self.opts, self.dist, self.log = stage, opts, dist, log
        self.params = list(stage.module.named_parameters())
        self.adam = Adam(self.params, {**ADAM_DEFAULTS, "clipNorm": opts["clipNorm"]})
        self.ctx = StageContext(dist, dist.wrap(stage.module), opts["seed"], stage.name)
        stage.bind(self.ctx)
        self.fingerprint = _fingerprint(stage, opts, self.params)
        self.file = os.path.join(out, "checkpoints", f"{stage.name}.ckpt")
        self.rng = Rng.derive(opts["seed"], stage.name, "steps")
        self.epoch0 = self.step0 = 0
        self.best = {"epoch": 0, "score": None, "values": None}
        self.history = []
        self.steps = len(stage.plan(0))
        self.progress = Progress(stage.name, opts, self.steps, dist, out, log)

    def restore(self):
        state = _sync_state(self.dist, _read_checkpoint(self.file, self.log) if self.dist.main else None, self.params, self.adam)
        if state is None:
            return
        if state["fingerprint"] != self.fingerprint:
            raise RuntimeError(f"{self.file}: written with other settings or data; use another --out folder or delete its checkpoints")
        with torch.no_grad():
            for n, p in self.params:
                p.copy_(state["params"][n])
        self.adam.load({"step": state["adam_step"], "m": state["m"], "v": state["v"]})
        self.rng = Rng(state["rng"])
        self.epoch0, self.step0, self.history = state["epoch"], state["step"], state["history"]
        self.best = {"epoch": state["best_epoch"], "score": state["best_score"], "values": state.get("best_values")}
        if self.epoch0 < self.opts["epochs"]:
            self.log(f"{self.stage.name}: resuming at epoch {self.epoch0 + 1}, step {self.step0 + 1}")

    def save(self, epoch, step):
        if self.dist.main:
            state = self.adam.state()
            _write_checkpoint(self.file, {
                "format": "crosstag-trainer-checkpoint", "stage": self.stage.name, "fingerprint": self.fingerprint,
                "epoch": epoch, "step": step, "rng": self.rng.state(), "adam_step": self.adam.step,
                "params": {n: p.detach().cpu().clone() for n, p in self.params}, "m": state["m"], "v": state["v"],
                "best_epoch": self.best["epoch"], "best_score": self.best["score"], "best_values": self.best["values"],
                "history": self.history,
            })
        self.dist.barrier()

    def step(self, epoch, step, batches):
        o = self.opts
        if self.dist.any(STOP["requested"]):
            self.save(epoch, step)
            raise Stopped(f"stopped during {self.stage.name}, epoch {epoch + 1}, before step {step + 1}")
        self.ctx.epoch, self.ctx.step = epoch, step
        lr = lr_at(epoch * self.steps + step, self.steps * o["epochs"], o["lr"], o["warmupSteps"], o["finalLrFactor"])
        self.stage.module.zero_grad(set_to_none=True)
        loss, value = self.stage.step(batches[step], self.rng)
        loss.backward()
        self.adam.apply(lr)
        value = self.dist.sum([float(value)])[0]
        if value != value or value in (float("inf"), float("-inf")):
            raise RuntimeError(f"{self.stage.name} diverged: loss is {value} at epoch {epoch + 1}, step {step + 1}")
        self.progress.step(epoch, step, len(batches), value, self.stage.tokens(batches[step]), lr)
        every = o["checkpointEvery"]
        if every > 0 and (step + 1) % every == 0 and step + 1 < len(batches):
            self.save(epoch, step + 1)

    def end_epoch(self, epoch):
        with torch.no_grad():
            score = self.stage.score()
        self.history.append(self.progress.end_epoch(epoch, score))
        if score is None or self.best["score"] is None or score > self.best["score"]:
            values = None if score is None else {n: p.detach().cpu().clone() for n, p in self.params}
            self.best = {"epoch": epoch + 1, "score": score, "values": values}
        self.save(epoch + 1, 0)

    def run(self):
        self.restore()
        for epoch in range(self.epoch0, self.opts["epochs"]):
            batches = self.stage.plan(epoch)
            self.progress.start_epoch(epoch)
            for step in range(self.step0 if epoch == self.epoch0 else 0, len(batches)):
                self.step(epoch, step, batches)
            self.end_epoch(epoch)
        if self.best["values"] is not None:
            with torch.no_grad():
                for n, p in self.params:
                    p.copy_(self.best["values"][n])
        return {"epochs": self.opts["epochs"], "bestEpoch": self.best["epoch"], "bestScore": self.best["score"], "history": self.history}


def run_stage(stage, opts, dist, out, log):
    """Trains stage.module (from its checkpoint when there is one); returns its summary."""
    return StageRun(stage, opts, dist, out, log).run()


class Progress:
    """Progress lines on stdout (every log_every steps, at most every 15 s otherwise, and each
    epoch end) and every step in RUN/progress.jsonl, from process 0."""

    def __init__(self, stage, opts, steps, dist, out, log):
        self.stage, self.opts, self.steps, self.dist, self.log = stage, opts, steps, dist, log
        self.file = os.path.join(out, "progress.jsonl")
        self.last_line = 0.0

    def start_epoch(self, epoch):
        self.started = time.time()
        self.tokens = 0
        self.losses = []

    def _record(self, entry):
        if self.dist.main:
            with open(self.file, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")

    def step(self, epoch, step, steps, loss, tokens, lr):
        self.losses.append(loss)
        self.tokens += tokens
        elapsed = max(1e-6, time.time() - self.started)
        tps = self.tokens / elapsed
        self._record({"stage": self.stage, "epoch": epoch + 1, "step": step + 1, "steps": steps, "loss": loss, "lr": lr, "tokensPerSec": tps})
        every = self.opts["logEvery"]
        now = time.time()
        if (every > 0 and (step + 1) % every == 0) or now - self.last_line > 15:
            self.last_line = now
            remaining = (steps - step - 1 + (self.opts["epochs"] - epoch - 1) * self.steps) * elapsed / len(self.losses)
            self.log(f"{self.stage} epoch {epoch + 1}/{self.opts['epochs']} step {step + 1}/{steps} loss {loss:.4f} {tps:.0f} tok/s eta {remaining:.0f}s")

    def end_epoch(self, epoch, score):
        seconds = time.time() - self.started
        loss = sum(self.losses) / len(self.losses) if self.losses else 0.0
        entry = {"stage": self.stage, "epoch": epoch + 1, "loss": loss, "devF1": score, "tokensPerSec": self.tokens / max(1e-6, seconds), "seconds": seconds}
        self._record({**entry, "end": True})
        dev = "" if score is None else f" dev {score:.4f}"
        self.log(f"{self.stage} epoch {epoch + 1}/{self.opts['epochs']} done loss {loss:.4f}{dev} ({seconds:.1f} s)")
        return entry
