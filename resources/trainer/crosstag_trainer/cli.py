"""python train.py BUNDLE --out RUN: the teacher (recognizer, then similarity evaluator), then in
pipeline mode the student, each stage checkpointed in RUN/checkpoints; rerunning the same command
resumes. Under torchrun or accelerate launch every process runs this same code on its share of
each global batch."""

import argparse
import datetime
import hashlib
import json
import os
import sys
import time

import torch

from .bundle import BundleError, read_bundle, read_run
from .common import Run
from .data import Switcher
from .dist import Dist
from .hub import FolderError, read_encoder_config
from .loop import Stopped, install_stop_handlers, run_stage
from .model import Evaluator, Recognizer, freeze, pretrained_evaluator, pretrained_recognizer
from .output import complete, read_model, write_model, write_summary
from .pieces import PieceError, load_pieces
from .student import StudentStage, target_retypes
from .teacher import EvaluatorStage, RecognizerStage


def switch_digest(code_switch, sources):
    """What code-switching a checkpoint was trained with (settings and dictionaries), or None."""
    def one(cs):
        return None if not cs else [cs["p"], cs["mode"], cs["keepNames"], sorted(cs["dictionary"].items())]

    parts = [one(code_switch)] + [[g["start"], g["end"], one(g["codeSwitch"])] for g in sources or []]
    if not any(parts):
        return None
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:16]


def parse_args(argv):
    p = argparse.ArgumentParser(prog="train.py", description="Crosstag's MTMT trainer (teacher, then student) on a training bundle.")
    p.add_argument("bundle", help="the folder crosstag export-run wrote")
    p.add_argument("--out", required=True, help="run folder: checkpoints/, teacher/, student/, summary.json (rerun to resume)")
    p.add_argument("--encoder", help="the encoder's checkpoint folder, when it is not in BUNDLE/encoder")
    p.add_argument("--device", default="auto", help="auto (cuda:LOCAL_RANK when a GPU is there), cpu or cuda")
    p.add_argument("--backend", choices=["gloo", "nccl"], help="distributed backend (default: nccl on GPUs, gloo on CPUs)")
    p.add_argument("--checkpoint-every", type=int, default=100, help="also checkpoint every N steps within an epoch (0: epoch ends only)")
    p.add_argument("--log-every", type=int, default=0, help="print a progress line every N steps (default: every 15 s)")
    return p.parse_args(argv)


def entity_labels(source):
    types = sorted({t[2:] for _, tags in source for t in tags if t != "O"})
    return ["O"] + [f"{p}-{t}" for t in types for p in ("B", "I")]


def encoder_folder(args, bundle_dir, run):
    e = run["encoder"]
    candidates = [args.encoder] if args.encoder else []
    if e.get("path"):
        candidates.append(os.path.join(bundle_dir, e["path"]))
    if e.get("source"):
        candidates.append(e["source"])
    for c in candidates:
        if c and os.path.isfile(os.path.join(c, "config.json")):
            return c
    hint = f"huggingface-cli download {e['repo']} --local-dir {os.path.join(bundle_dir, 'encoder')}" if e.get("repo") else "copy the folder there"
    raise FolderError(f"no encoder checkpoint folder found (looked in {', '.join(c for c in candidates if c) or 'nothing'}); {hint}, or pass --encoder DIR")


def load_run(args, dist, log):
    bundle_dir = os.path.abspath(args.bundle)
    run = read_run(bundle_dir)
    data = read_bundle(bundle_dir, run)
    e = run["encoder"]
    encoder = read_encoder_config(encoder_folder(args, bundle_dir, run), e.get("dropout"))
    pieces = load_pieces(bundle_dir, run, encoder)
    pieces.check(encoder.vocab_size)
    limit = encoder.max_positions
    max_length = e.get("maxLength") or min(512, limit)
    if not 3 <= max_length <= limit:
        raise FolderError(f"maxLength {max_length} must be from 3 to {limit} for {encoder.dir}")
    stride = e.get("stride")
    capacity = max_length - len(pieces.specials.prefix) - len(pieces.specials.suffix)
    stride = min(128, capacity // 2) if stride is None else stride
    seed = run["seed"]
    switcher = Switcher(data["source"], seed, data["codeSwitch"], data["sources"])
    digest = switch_digest(data["codeSwitch"], data["sources"])
    log(f"bundle {bundle_dir}: {len(data['source'])} labelled, {len(data['target'])} target, {len(data['dev'])} dev sentences, {len(data['links'])} linked pairs")
    log(f"encoder {encoder.dir} ({encoder.model_type}, {encoder.layers} layers, hidden {encoder.hidden}); {dist.describe()}")
    return Run(
        run=run, dist=dist, out=os.path.abspath(args.out), seed=seed, batch_size=run["batchSize"], encoder=encoder, pieces=pieces,
        max_length=max_length, stride=stride, freeze=e.get("freezeLayers") or 0, source=data["source"], target=data["target"],
        dev=data["dev"] or None, links=data["links"], switcher=switcher, switch_digest=digest,
        pairs_per_sentence=run["teacher"]["pairsPerSentence"], labels=entity_labels(data["source"]),
    )


def stage_options(r, stage, section, args):
    o = r.run[section]
    return {
        "epochs": o["epochs"] if stage != "teacher-evaluator" else o["evaluatorEpochs"],
        "seed": r.seed, "lr": o["lr"], "warmupSteps": o["warmupSteps"], "finalLrFactor": o["finalLrFactor"],
        "clipNorm": r.run["optimizer"]["clipNorm"], "checkpointEvery": args.checkpoint_every, "logEvery": args.log_every,
    }


def stage_summary(name, result, metric, r):
    selected = r.run.get("selectOn", "dev") if r.dev else "none"
    scored = result["bestScore"] is not None
    return {"stage": name, "epochs": result["epochs"], "bestEpoch": result["bestEpoch"], "bestScore": result["bestScore"],
            "metric": metric if scored else "last-epoch", "selectedOn": selected if scored else "none", "history": result["history"]}


def training_summary(r, stages, sentences, options):
    return {"seed": r.seed, "backend": r.dist.describe(), "createdAt": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "trainSentences": sentences, "stages": stages, "options": options}


def teacher(r, args, log):
    folder = os.path.join(r.out, "teacher")
    t = r.run["teacher"]
    device = r.dist.device
    # Only the first process needs to see the run folder: it decides, reads and sends.
    if r.dist.broadcast(complete(folder) if r.dist.main else None):
        rec = Recognizer(r.encoder, r.labels, t["headDropout"]).to(device)
        ev = Evaluator(r.encoder).to(device)
        summary = read_model(folder, rec, ev)["summary"] if r.dist.main else None
        for module in (rec, ev):
            r.dist.broadcast_module(module)
        log(f"teacher: kept from {folder}")
        return rec, ev, r.dist.broadcast(summary)
    rec = pretrained_recognizer(r.encoder, r.labels, t["headDropout"], r.seed, r.freeze).to(device)
    res_rec = run_stage(RecognizerStage(r, rec), stage_options(r, "teacher-recognizer", "teacher", args), r.dist, r.out, log)
    ev = pretrained_evaluator(r.encoder, r.freeze).to(device)
    res_ev = run_stage(EvaluatorStage(r, ev), stage_options(r, "teacher-evaluator", "teacher", args), r.dist, r.out, log)
    stages = [stage_summary("teacher-recognizer", res_rec, "f1", r), stage_summary("teacher-evaluator", res_ev, "pair-accuracy", r)]
    summary = training_summary(r, stages, len(r.source), {**t, "batchSize": r.batch_size, "encoder": r.run["encoder"]["name"]})
    if r.dist.main:
        write_model(r.out, "teacher", r, rec, ev, "teacher", summary)
    r.dist.barrier()
    return rec, ev, summary


def student(r, args, rec, ev, teacher_summary, log):
    folder = os.path.join(r.out, "student")
    s = r.run["student"]
    if r.dist.broadcast(complete(folder) if r.dist.main else None):
        log(f"student: kept from {folder}")
        return read_json_summary(folder) if r.dist.main else None
    for p in list(rec.parameters()) + list(ev.parameters()):
        p.requires_grad_(False)
    retypes = target_retypes(r, rec, s.get("typeVotes")) if s["consistentTypes"] else None
    if retypes is not None:
        log(f"student: {sum(len(x) for x in retypes)} teacher entities retyped for consistent types")
    dropout = r.run["teacher"]["headDropout"]
    if s["fromScratch"]:
        model = pretrained_recognizer(r.encoder, r.labels, dropout, r.seed, 0).to(r.dist.device)
    else:
        model = Recognizer(r.encoder, r.labels, dropout).to(r.dist.device)
        model.load_state_dict(rec.state_dict())
    freeze(model.encoder, r.freeze)
    options = {**s, "kd": "mse" if s["kd"] is True else s["kd"]}
    result = run_stage(StudentStage(r, model, rec, ev, options, retypes), stage_options(r, "student", "student", args), r.dist, r.out, log)
    stages = teacher_summary["stages"] + [stage_summary("student", result, "f1", r)]
    retyped = None if retypes is None else sum(len(x) for x in retypes)
    summary = training_summary(r, stages, len(r.target), {**s, "batchSize": r.batch_size, "retypedSpans": retyped, "encoder": r.run["encoder"]["name"]})
    if r.dist.main:
        write_model(r.out, "student", r, model, None, "student", summary)
    r.dist.barrier()
    return summary


def read_json_summary(folder):
    with open(os.path.join(folder, "crosstag.json"), encoding="utf-8") as f:
        return json.load(f)["summary"]


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    install_stop_handlers()
    started = time.time()
    dist = Dist(args.device, args.backend)

    def log(message):
        if dist.main:
            print(f"crosstag-trainer: {message}", flush=True)

    try:
        r = load_run(args, dist, log)
        torch.manual_seed(r.seed)
        if dist.main:
            os.makedirs(r.out, exist_ok=True)
        dist.barrier()
        rec, ev, summary = teacher(r, args, log)
        if r.run["mode"] == "pipeline" and r.run["student"]["epochs"] > 0 and r.target:
            summary = student(r, args, rec, ev, summary, log)
        if dist.main:
            write_summary(r.out, summary)
        log(f"done in {time.time() - started:.0f} s: models in {r.out}")
        return 0
    except Stopped as err:
        log(f"{err}; run the same command again to resume from {os.path.join(args.out, 'checkpoints')}")
        return 143
    except (BundleError, FolderError, PieceError) as err:
        print(f"crosstag-trainer: {err}", file=sys.stderr, flush=True)
        return 2
    finally:
        dist.close()
