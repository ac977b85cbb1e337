"""Runs the trainer's ports of the engine's decoding, type votes, batch plans, pair sampling and
code-switching on the cases read as JSON from stdin, and prints the results as JSON."""

import json
import sys

import torch

sys.path.insert(0, sys.argv[1])  # resources/trainer
from crosstag_trainer.data import Switcher, Translator, bucket_batches, code_switch_sentences, match_case, sample_pairs  # noqa: E402
from crosstag_trainer.decode import TypeVotes, chunks, decode, decode_batch, iob2_allowed  # noqa: E402
from crosstag_trainer.rng import Rng  # noqa: E402

cases = json.load(sys.stdin)
labels = cases["labels"]
allowed = iob2_allowed(labels)
out = {"decode": [], "chunks": [], "matchCase": [], "batches": [], "pairs": [], "switched": None, "grouped": None, "retypes": None}
for probs in cases["decode"]:
    tags, entities = decode(torch.tensor(probs, dtype=torch.float32), labels, allowed)
    out["decode"].append({"tags": tags, "entities": [[e["start"], e["end"], e["label"]] for e in entities]})
# The same sentences decoded together, padded to the longest (as the trainer decodes dev and target text).
T = max(len(p) for p in cases["decode"])
padded = torch.zeros(len(cases["decode"]), T, len(labels))
for b, p in enumerate(cases["decode"]):
    padded[b, : len(p)] = torch.tensor(p)
out["decodeBatch"] = [
    {"tags": tags, "entities": [[e["start"], e["end"], e["label"]] for e in entities]}
    for tags, entities in decode_batch(padded, [len(p) for p in cases["decode"]], labels, allowed)
]
out["chunks"] = [[list(c) for c in chunks(tags)] for tags in cases["chunks"]]
out["matchCase"] = [match_case(s, t) for s, t in cases["matchCase"]]
for lengths, size, seed in cases["batches"]:
    out["batches"].append(bucket_batches(lengths, size, Rng.derive(seed, "plan", 0)))
for a, b, cap, seed in cases["pairs"]:
    i, j, same = sample_pairs(a, b, cap, Rng.derive(seed, "pairs"))
    out["pairs"].append([i, j, same])
cs = cases["switch"]
switch = {"p": cs["p"], "keepNames": cs["keepNames"], "mode": "dynamic"}
train = [(s["tokens"], s["tags"]) for s in cs["train"]]
switched = code_switch_sentences(train, switch, Rng.derive(cs["seed"], "cs"), Translator(dict(cs["dictionary"])))
out["switched"] = [tokens for tokens, _ in switched]
g = cases["groups"]
groups = [{**x, "codeSwitch": x["codeSwitch"] and {**x["codeSwitch"], "dictionary": dict(x["codeSwitch"]["dictionary"])}} for x in g["sources"]]
switcher = Switcher(train, g["seed"], None, groups)
translate = Switcher(train, 1, {**switch, "mode": "translate", "dictionary": dict(cs["dictionary"])})
out["translated"] = [tokens for tokens, _ in translate.sentences("teacher-recognizer", 0)]
out["grouped"] = [[tokens for tokens, _ in switcher.sentences(stage, epoch)] for stage, epoch in g["draws"]]
v = cases["votes"]
votes = TypeVotes().add_predictions(v["sentences"], v["entities"]).add_gazetteer([(s["tokens"], s["tags"]) for s in v["gazetteer"]])
out["retypes"] = [[list(r) for r in spans] for spans in votes.retypes(v["sentences"], v["entities"], labels)]
print(json.dumps(out))
