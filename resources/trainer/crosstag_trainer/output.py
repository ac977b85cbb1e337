"""Writing the run's models as Hugging Face token-classification folders (config.json with
architectures, id2label and label2id; model.safetensors with the encoder under its usual prefix
plus classifier.weight [labels x hidden] and classifier.bias; the tokenizer files), the teacher's
similarity evaluator as a base-model folder in teacher/evaluator/, crosstag.json beside them
(kind, labels, window settings and the training summary) and RUN/summary.json."""

import json
import os
import shutil

import torch

from .hub import encoder_state, load_encoder_weights, tokenizer_files
from .safetensors import write_safetensors

CROSSTAG_FILE = "crosstag.json"
EVALUATOR_DIR = "evaluator"


def _write_json(path, value):
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, path)


def _config(encoder, architecture, labels=None):
    config = {k: v for k, v in encoder.raw.items() if k not in ("architectures", "id2label", "label2id", "_name_or_path")}
    config["architectures"] = [architecture]
    config["model_type"] = encoder.model_type
    if labels is not None:
        config["id2label"] = {str(i): l for i, l in enumerate(labels)}
        config["label2id"] = {l: i for i, l in enumerate(labels)}
    return config


def _copy_tokenizer(encoder, folder):
    for name in tokenizer_files(encoder.dir):
        shutil.copyfile(os.path.join(encoder.dir, name), os.path.join(folder, name))


def write_model(out, name, run, recognizer, evaluator, kind, summary):
    """Writes RUN/<name> whole or not at all: built in a temporary folder, then renamed."""
    final = os.path.join(out, name)
    tmp = os.path.join(out, f".{name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    enc = run.encoder
    weights = encoder_state(recognizer.encoder, enc.prefix)
    weights["classifier.weight"] = recognizer.classifier.weight.detach().cpu().float()
    weights["classifier.bias"] = recognizer.classifier.bias.detach().cpu().float()
    write_safetensors(os.path.join(tmp, "model.safetensors"), weights, {"format": "pt"})
    _copy_tokenizer(enc, tmp)
    if evaluator is not None:
        ev = os.path.join(tmp, EVALUATOR_DIR)
        os.makedirs(ev)
        write_safetensors(os.path.join(ev, "model.safetensors"), encoder_state(evaluator.encoder), {"format": "pt"})
        _copy_tokenizer(enc, ev)
        _write_json(os.path.join(ev, "config.json"), _config(enc, enc.base_architecture))
    info = {
        "format": "crosstag-hf-model",
        "version": 1,
        "kind": kind,
        "labels": recognizer.labels,
        "headDropout": recognizer.head_dropout,
        "evaluator": EVALUATOR_DIR if evaluator is not None else None,
        "windows": {"maxLength": run.max_length, "stride": run.stride},
        "summary": summary,
    }
    _write_json(os.path.join(tmp, CROSSTAG_FILE), info)
    _write_json(os.path.join(tmp, "config.json"), _config(enc, enc.token_architecture, recognizer.labels))
    if os.path.exists(final):
        shutil.rmtree(final)
    os.replace(tmp, final)


def read_model(folder, recognizer, evaluator=None):
    """Fills the networks from a folder write_model wrote; returns its crosstag.json."""
    with open(os.path.join(folder, CROSSTAG_FILE), encoding="utf-8") as f:
        info = json.load(f)
    path = os.path.join(folder, "model.safetensors")
    st = load_encoder_weights(recognizer.encoder, recognizer.encoder.config, path)
    with torch.no_grad():
        recognizer.classifier.weight.copy_(st.read("classifier.weight"))
        recognizer.classifier.bias.copy_(st.read("classifier.bias"))
    if evaluator is not None:
        load_encoder_weights(evaluator.encoder, evaluator.encoder.config, os.path.join(folder, EVALUATOR_DIR, "model.safetensors"))
    return info


def complete(folder):
    return os.path.isfile(os.path.join(folder, "config.json")) and os.path.isfile(os.path.join(folder, CROSSTAG_FILE))


def write_summary(out, summary):
    _write_json(os.path.join(out, "summary.json"), summary)

