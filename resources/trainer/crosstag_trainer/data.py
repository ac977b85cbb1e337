"""Batch plans, token pairs and dictionary code-switching, as Crosstag's engine makes them
(core/ml/data/batching.ts, pairs.ts, code-switch.ts, source-groups.ts): same generators, same
order of draws, so the same seed gives the same batches, pairs and switched words."""

import unicodedata

from .rng import Rng

MAX_BATCH_TOKENS = 4096


def bucket_batches(lengths, size, rng, max_tokens=MAX_BATCH_TOKENS):
    order = rng.shuffle(list(range(len(lengths))))
    pool = size * 50
    batches = []
    for start in range(0, len(order), pool):
        part = sorted(order[start : start + pool], key=lambda i: lengths[i])
        current = []
        for i in part:
            if current and (len(current) >= size or (len(current) + 1) * lengths[i] > max_tokens):
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
    return rng.shuffle(batches)


def token_batches(lengths, max_tokens=512):
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    batches, current = [], []
    for i in order:
        longest = max(lengths[i], 1)
        if current and (len(current) + 1) * longest > max_tokens:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def type_of(tag):
    return "O" if tag == "O" else tag[2:]


def _pick_distinct(total, n, rng):
    if n <= 0:
        return []
    idx = list(range(total))
    for k in range(n):
        r = k + rng.int(total - k)
        idx[k], idx[r] = idx[r], idx[k]
    return idx[:n]


def sample_pairs(tags_a, tags_b, cap, rng):
    """Up to cap same-type and as many different-type token pairs: (i list, j list, same list)."""
    pos, neg = [], []
    types_b = [type_of(t) for t in tags_b]
    for i, ta in enumerate(tags_a):
        ta = type_of(ta)
        for j, tb in enumerate(types_b):
            (pos if tb == ta else neg).append((i, j))
    n = min(len(pos), len(neg), cap)
    out_i, out_j, same = [], [], []
    for items, label in ((pos, 1), (neg, 0)):
        for k in _pick_distinct(len(items), n, rng):
            out_i.append(items[k][0])
            out_j.append(items[k][1])
            same.append(label)
    return out_i, out_j, same


def pair_up(count):
    half = count // 2
    out = [(k, half + k) for k in range(half)]
    if count % 2 == 1:
        out.append((count - 1, 0))
    return out


def _is_upper_letter(c):
    return unicodedata.category(c) == "Lu"


def match_case(source, translation):
    """translation cased like source: all capitals (two letters or more) or a capital first letter."""
    if not any(_is_upper_letter(c) for c in source):
        return translation
    letters = "".join(c for c in source if unicodedata.category(c).startswith("L"))
    if len(letters) > 1 and letters == letters.upper():
        return translation.upper()
    first = source[0]
    if first != first.upper() or first == first.lower():
        return translation
    head = translation[:1]
    return head.upper() + translation[len(head) :]


class Translator:
    def __init__(self, dictionary):
        self.dictionary = dictionary
        self.cache = {}

    def candidates(self, token):
        hit = self.cache.get(token)
        if hit is not None:
            return hit

        def single(values):
            return [t for t in (values or []) if t != "" and not any(c.isspace() for c in t)]

        out = single(self.dictionary.get(token))
        if not out:
            lower = token.lower()
            if lower != token:
                out = single(self.dictionary.get(lower))
        self.cache[token] = out
        return out


def _eligible(cs, tag):
    return not (cs["keepNames"] and tag is not None and tag != "O")


def code_switch_sentences(train, cs, rng, translator):
    """The sentences (tokens, tags) with words replaced by translations; tags unchanged."""
    translate = cs["mode"] == "translate"
    out = []
    for tokens, tags in train:
        switched = None
        for t, token in enumerate(tokens):
            if not _eligible(cs, tags[t] if tags else None):
                continue
            options = translator.candidates(token)
            if not options:
                continue
            if translate:
                pick = options[0]
            elif rng.next() < cs["p"]:
                pick = options[0] if len(options) == 1 else options[rng.int(len(options))]
            else:
                continue
            if switched is None:
                switched = list(tokens)
            switched[t] = match_case(token, pick)
        out.append((switched, tags) if switched is not None else (tokens, tags))
    return out


class Switcher:
    """Each (stage, epoch)'s code-switched sentences; None when nothing is switched dynamically."""

    def __init__(self, train, seed, code_switch=None, sources=None):
        self.seed = seed
        self.cached = None
        self.train = list(train)
        self.groups = []
        if code_switch:
            translator = Translator(code_switch["dictionary"])
            if code_switch["mode"] == "translate":
                self.train = code_switch_sentences(self.train, code_switch, None, translator)
            else:
                self.groups.append((None, 0, len(self.train), code_switch, translator))
        for index, g in enumerate(sources or []):
            cs = g.get("codeSwitch")
            if not cs:
                continue
            translator = Translator(cs["dictionary"])
            if cs["mode"] == "translate":
                part = code_switch_sentences(self.train[g["start"] : g["end"]], cs, None, translator)
                self.train[g["start"] : g["end"]] = part
            else:
                self.groups.append((index, g["start"], g["end"], cs, translator))

    @property
    def dynamic(self):
        return bool(self.groups)

    def sentences(self, stage, epoch):
        if not self.groups:
            return self.train
        if self.cached and self.cached[0] == (stage, epoch):
            return self.cached[1]
        data = list(self.train)
        for index, start, end, cs, translator in self.groups:
            if index is None:
                rng = Rng.derive(self.seed, stage, "code-switch", epoch)
            else:
                rng = Rng.derive(self.seed, stage, "code-switch", epoch, "source", index)
            data[start:end] = code_switch_sentences(self.train[start:end], cs, rng, translator)
        self.cached = ((stage, epoch), data)
        return data
