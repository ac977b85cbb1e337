"""Prints, per fixture model, the largest difference between the trainer's encoder and the
reference last hidden states (argv[2]: test/fixtures/bert/expected.json and
test/fixtures/pretrained/expected.json), and for the pretrained fixtures' word lists the largest
difference of each word's vector (its first piece, in windows as the trainer cuts them), as JSON."""

import json
import os
import sys

import torch

sys.path.insert(0, sys.argv[1])  # resources/trainer
from crosstag_trainer.hub import load_encoder_weights, read_encoder_config  # noqa: E402
from crosstag_trainer.model import word_vectors  # noqa: E402
from crosstag_trainer.networks import build_encoder  # noqa: E402
from crosstag_trainer.windows import Specials, build_batch  # noqa: E402


def pieces_of(case, folder):
    """Each word's piece ids, cut from the reference ids (or tokens, through vocab.txt) at the words' first pieces."""
    ids = case.get("ids")
    if ids is None:
        with open(os.path.join(folder, "vocab.txt"), encoding="utf-8") as f:
            vocab = {piece.rstrip("\n"): i for i, piece in enumerate(f)}
        ids = [vocab[t] for t in case["tokens"]]
    first = case["first"]
    ends = first[1:] + [len(ids) - 1]
    return {w: ids[s:e] for w, s, e in zip(case["words"], first, ends)}, Specials(prefix=ids[: first[0]], suffix=ids[-1:], pad=0)


def check(folder, model):
    config = read_encoder_config(folder)
    encoder = build_encoder(config)
    load_encoder_weights(encoder, config)
    hidden = vectors = 0.0
    with torch.no_grad():
        for s in model["sentences"]:
            h = encoder(torch.tensor([s["ids"]]), torch.tensor([len(s["ids"])]))[0]
            hidden = max(hidden, float((h - torch.tensor(s["hidden"])).abs().max()))
        for case in model.get("words", []):
            table, specials = pieces_of(case, folder)
            # The engine's default windows: min(512, positions) pieces, overlapping by half their room.
            max_length = min(512, config.max_positions)
            stride = min(128, (max_length - len(specials.prefix) - len(specials.suffix)) // 2)
            batch = build_batch([case["words"]], table.__getitem__, specials, max_length, stride)
            v = word_vectors(encoder, batch.ids, batch.window_lengths, batch.rows, None)
            vectors = max(vectors, float((v - torch.tensor(case["vectors"])).abs().max()))
    return {"sentences": len(model["sentences"]), "words": len(model.get("words", [])), "diff": hidden, "vectorDiff": vectors}


out = {}
for fixtures in sys.argv[2:]:
    expected = json.load(open(os.path.join(fixtures, "expected.json"), encoding="utf-8"))
    models = expected["models"] if "models" in expected else expected
    for name, model in models.items():
        out[name] = check(os.path.join(fixtures, name), model)
print(json.dumps(out))
