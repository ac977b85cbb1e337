"""Prints, per fixture model, the largest difference between the trainer's encoder forward pass
and the reference last hidden states of test/fixtures/bert/expected.json (one JSON object)."""

import json
import os
import sys

import torch

sys.path.insert(0, sys.argv[1])  # resources/trainer
from crosstag_trainer.hub import load_encoder_weights, read_encoder_config  # noqa: E402
from crosstag_trainer.networks import build_encoder  # noqa: E402

fixtures = sys.argv[2]
expected = json.load(open(os.path.join(fixtures, "expected.json"), encoding="utf-8"))
out = {}
for name, model in expected["models"].items():
    config = read_encoder_config(os.path.join(fixtures, name))
    encoder = build_encoder(config)
    load_encoder_weights(encoder, config)
    worst = 0.0
    with torch.no_grad():
        for s in model["sentences"]:
            ids = torch.tensor([s["ids"]])
            hidden = encoder(ids, torch.tensor([len(s["ids"])]))[0]
            worst = max(worst, float((hidden - torch.tensor(s["hidden"])).abs().max()))
    out[name] = {"sentences": len(model["sentences"]), "diff": worst}
print(json.dumps(out))
