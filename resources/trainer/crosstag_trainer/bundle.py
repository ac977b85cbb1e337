"""Reading a training bundle: run.json, the JSONL data in the Hugging Face datasets layout
(`tokens`, `ner_tags` as ids into data/dataset_info.json's `labels`), the links and the
code-switching dictionaries. Every error names the file and line."""

import json
import os
import re

from . import FORMAT, FORMAT_VERSION

TAG = re.compile(r"^(O|[BI]-\S+)$")


class BundleError(ValueError):
    pass


def _json_lines(path):
    if not os.path.isfile(path):
        raise BundleError(f"{path}: no such file")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as err:
                raise BundleError(f"{path}:{n}: not valid JSON ({err.msg})") from None


def _tokens(value, where):
    if not isinstance(value, list) or not value:
        raise BundleError(f"{where}: `tokens` must be a non-empty list of words")
    for k, t in enumerate(value):
        if not isinstance(t, str) or not t.strip():
            raise BundleError(f"{where}: token {k + 1} is empty")
    return value


def read_sentences(path, labels=None):
    """[(tokens, tags or None)]; with labels, every line needs `ner_tags` ids into them."""
    out = []
    for n, row in _json_lines(path):
        where = f"{path}:{n}"
        if not isinstance(row, dict):
            raise BundleError(f"{where}: expected an object with `tokens`")
        tokens = _tokens(row.get("tokens"), where)
        tags = None
        if labels is not None:
            ids = row.get("ner_tags")
            if not isinstance(ids, list) or len(ids) != len(tokens):
                raise BundleError(f"{where}: `ner_tags` must give one label id per token ({len(tokens)})")
            for k, i in enumerate(ids):
                if not isinstance(i, int) or not 0 <= i < len(labels):
                    raise BundleError(f"{where}: ner_tags[{k}] = {i!r} is not a label id (0 to {len(labels) - 1})")
            tags = [labels[i] for i in ids]
        out.append((tokens, tags))
    return out


def read_links(path):
    out = []
    for n, row in _json_lines(path):
        where = f"{path}:{n}"
        links = row.get("links") if isinstance(row, dict) else None
        if not isinstance(links, list):
            raise BundleError(f"{where}: expected an object with `a`, `b` and `links`")
        a, b = _tokens(row.get("a"), where), _tokens(row.get("b"), where)
        for link in links:
            if not isinstance(link, dict) or not all(isinstance(link.get(k), int) for k in ("i", "j")) or not isinstance(link.get("same"), bool):
                raise BundleError(f"{where}: each link needs integer `i`, `j` and a boolean `same`")
        out.append({"a": a, "b": b, "links": links})
    return out


def read_dictionary(path):
    words = {}
    for n, row in _json_lines(path):
        if not (isinstance(row, list) and len(row) == 2 and isinstance(row[0], str) and isinstance(row[1], list)):
            raise BundleError(f"{path}:{n}: expected [\"word\", [\"translation\", ...]]")
        words[row[0]] = [t for t in row[1] if isinstance(t, str)]
    if not words:
        raise BundleError(f"{path}: the dictionary has no words")
    return words


def _code_switch(bundle_dir, cs, where):
    if not cs:
        return None
    p = cs.get("p")
    if not isinstance(p, (int, float)) or not 0 <= p <= 1:
        raise BundleError(f"{where}: codeSwitch.p must be between 0 and 1")
    mode = cs.get("mode", "dynamic")
    if mode not in ("dynamic", "translate"):
        raise BundleError(f"{where}: codeSwitch.mode must be dynamic or translate")
    dictionary = read_dictionary(os.path.join(bundle_dir, cs["dictionary"]))
    return {"dictionary": dictionary, "p": float(p), "keepNames": bool(cs.get("keepNames")), "mode": mode, "file": cs["dictionary"]}


def read_run(bundle_dir):
    path = os.path.join(bundle_dir, "run.json")
    try:
        with open(path, encoding="utf-8") as f:
            run = json.load(f)
    except FileNotFoundError:
        raise BundleError(f"{path}: no such file (is {bundle_dir} a bundle from crosstag export-run?)") from None
    except json.JSONDecodeError as err:
        raise BundleError(f"{path}: not valid JSON ({err})") from None
    if run.get("format") != FORMAT:
        raise BundleError(f"{path}: not a Crosstag training bundle (format {run.get('format')!r})")
    if run.get("version") != FORMAT_VERSION:
        raise BundleError(f"{path}: bundle version {run.get('version')} needs another trainer (this one reads {FORMAT_VERSION})")
    return run


def read_bundle(bundle_dir, run):
    """The data of a bundle: source, target, dev, links, labels, code-switching."""
    files = run["data"]
    path = lambda key: os.path.join(bundle_dir, files[key])  # noqa: E731
    with open(path("info"), encoding="utf-8") as f:
        labels = json.load(f)["labels"]
    bad = [l for l in labels if not isinstance(l, str) or not TAG.match(l)]
    if bad:
        raise BundleError(f"{path('info')}: label {bad[0]!r} is not O, B-X or I-X")
    source = read_sentences(path("source"), labels)
    if not source:
        raise BundleError(f"{path('source')}: no labelled sentences")
    target = [t for t, _ in read_sentences(path("target"))] if files.get("target") else []
    dev = read_sentences(path("dev"), labels) if files.get("dev") else []
    links = read_links(path("links")) if files.get("links") else []
    where = os.path.join(bundle_dir, "run.json")
    code_switch = _code_switch(bundle_dir, run.get("codeSwitch"), where)
    sources = None
    if run.get("sources"):
        sources = []
        expected = 0
        for k, g in enumerate(run["sources"]):
            if g.get("start") != expected or not g.get("end", 0) > g["start"]:
                raise BundleError(f"{where}: sources[{k}] must start at sentence {expected} and hold at least one")
            sources.append({"name": g.get("name"), "start": g["start"], "end": g["end"], "codeSwitch": _code_switch(bundle_dir, g.get("codeSwitch"), where)})
            expected = g["end"]
        if expected != len(source):
            raise BundleError(f"{where}: sources cover {expected} sentences but {files['source']} has {len(source)}")
    return {"labels": labels, "source": source, "target": target, "dev": dev, "links": links, "codeSwitch": code_switch, "sources": sources}
