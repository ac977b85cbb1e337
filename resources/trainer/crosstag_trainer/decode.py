"""From label probabilities to tags and entities, and entity F1, as Crosstag decodes and scores
(core/ml/model/decode.ts, core/eval): Viterbi restricted to valid IOB2 sequences, and
seqeval's default-mode chunking and arithmetic. Type harmonisation (type-votes.ts) is here too."""

import torch


def iob2_allowed(labels):
    """allowed[prev][next] as a [K+1, K] bool tensor; row K is the sentence start."""
    K = len(labels)
    allowed = torch.zeros(K + 1, K, dtype=torch.bool)
    for prev in range(K + 1):
        p = "O" if prev == K else labels[prev]
        for nxt, n in enumerate(labels):
            allowed[prev, nxt] = not n.startswith("I-") or (p != "O" and p[2:] == n[2:])
    return allowed


def viterbi_batch(probs, lengths, allowed):
    """Best label paths of B sentences from probabilities [B, T, K] padded to T (float64 log
    scores); the argmax keeps the first of equal scores, as the app's strict > comparison does."""
    B, T, K = probs.shape
    logp = torch.log(probs.double().clamp(min=1e-30))
    trans = torch.where(allowed, torch.zeros(()), torch.tensor(float("-inf"))).double()
    score = trans[K].view(1, K) + logp[:, 0]
    ends = torch.tensor(lengths).view(B, 1)
    backs = []
    for t in range(1, T):
        cand = score.unsqueeze(2) + trans[:K].unsqueeze(0)
        arg = cand.argmax(1)
        best = cand.gather(1, arg.unsqueeze(1)).squeeze(1)
        backs.append(arg)
        # A sentence that has ended keeps the scores of its last word.
        score = torch.where(t < ends, best + logp[:, t], score)
    last = score.argmax(1).tolist()
    back = torch.stack(backs).tolist() if backs else []
    paths = []
    for b, n in enumerate(lengths):
        path = [last[b]]
        for t in range(n - 1, 0, -1):
            path.append(back[t - 1][b][path[-1]])
        paths.append(path[::-1] if n > 0 else [])
    return paths


def entities_of_path(tags, rows, path):
    """Entities of decoded tags with their mean probability (an I-X continues only its own type)."""
    out = []
    T = len(tags)
    for t, tag in enumerate(tags):
        if tag == "O":
            continue
        typ = tag[2:]
        if tag.startswith("I-") and t > 0 and tags[t - 1] != "O" and tags[t - 1][2:] == typ:
            continue
        end = t + 1
        while end < T and tags[end] == f"I-{typ}":
            end += 1
        conf = sum(rows[u][path[u]] for u in range(t, end)) / (end - t)
        out.append({"start": t, "end": end, "label": typ, "confidence": conf})
    return out


def decode_batch(probs, lengths, labels, allowed):
    """(tags, entities) of each of B sentences from probabilities [B, T, K]."""
    out = []
    for b, path in enumerate(viterbi_batch(probs, lengths, allowed)):
        tags = [labels[k] for k in path]
        out.append((tags, entities_of_path(tags, probs[b, : lengths[b]].tolist(), path)))
    return out


def decode(probs, labels, allowed):
    """Tags and entities of one sentence from probabilities [T, K]."""
    return decode_batch(probs.unsqueeze(0), [probs.shape[0]], labels, allowed)[0]


def chunks(tags):
    """Entities (start, end, type) as seqeval's default mode (conlleval) reads any scheme."""
    out = []
    prev_tag, prev_type, begin = "O", "", 0
    for i in range(len(tags) + 1):
        tag, typ = "O", ""
        if i < len(tags) and tags[i] != "O":
            tag, typ = tags[i][0], tags[i][2:]
        ends = prev_tag in ("E", "S") or (prev_tag in ("B", "I") and tag in ("B", "S", "O")) or (prev_tag != "O" and prev_type != typ)
        if ends:
            out.append((begin, i, prev_type))
        starts = tag in ("B", "S") or (prev_tag in ("E", "S", "O") and tag in ("E", "I")) or (tag != "O" and prev_type != typ)
        if starts:
            begin = i
        prev_tag, prev_type = tag, typ
    return out


def f1_counts(gold, pred):
    """(true positives, predicted, gold) entity counts of tag sequences."""
    tp = n_pred = n_gold = 0
    for g, p in zip(gold, pred):
        gs = set(chunks(g))
        ps = chunks(p)
        n_gold += len(gs)
        n_pred += len(ps)
        tp += sum(1 for e in ps if e in gs)
    return tp, n_pred, n_gold


def f1_score(tp, n_pred, n_gold):
    precision = 0 if n_pred == 0 else tp / n_pred
    recall = 0 if n_gold == 0 else tp / n_gold
    denom = precision + recall
    return 0 if denom == 0 else 2 * precision * recall / denom


TYPE_VOTE_DEFAULTS = {"minVotes": 2, "minShare": 0.4, "gazetteerWeight": 2}


class TypeVotes:
    """Type votes per surface string (tokens joined by one space); see type-votes.ts."""

    def __init__(self, opts=None):
        o = {**TYPE_VOTE_DEFAULTS, **(opts or {})}
        self.min_votes, self.min_share, self.weight = o["minVotes"], o["minShare"], o["gazetteerWeight"]
        self.table = {}

    def _vote(self, key, typ, weight):
        row = self.table.setdefault(key, {})
        row[typ] = row.get(typ, 0) + weight

    def add_predictions(self, sentences, entities):
        for tokens, ents in zip(sentences, entities):
            for e in ents:
                self._vote(" ".join(tokens[e["start"] : e["end"]]), e["label"], 1)
        return self

    def add_gazetteer(self, labelled):
        if self.weight == 0:
            return self
        for tokens, tags in labelled:
            if tags:
                for start, end, typ in chunks(tags):
                    self._vote(" ".join(tokens[start:end]), typ, self.weight)
        return self

    def type_of(self, tokens, start, end):
        row = self.table.get(" ".join(tokens[start:end]))
        if not row:
            return None
        total, best, best_votes = 0, None, 0
        for typ, n in row.items():
            total += n
            if n > best_votes:
                best, best_votes = typ, n
        return best if total >= self.min_votes and best_votes / total >= self.min_share else None

    def retypes(self, sentences, entities, labels):
        out = []
        for tokens, ents in zip(sentences, entities):
            spans = []
            for e in ents:
                to = self.type_of(tokens, e["start"], e["end"])
                if to is not None and to != e["label"] and f"B-{to}" in labels:
                    spans.append((e["start"], e["end"], e["label"], to))
            out.append(spans)
        return out


def swap_type_columns(probs, retypes, labels):
    """Swaps the B-/I- columns of from and to over each retyped span of probs [T, K], in place."""
    index = {l: k for k, l in enumerate(labels)}
    for start, end, frm, to in retypes:
        for a, b in ((f"B-{frm}", f"B-{to}"), (f"I-{frm}", f"I-{to}")):
            if a in index and b in index:
                ia, ib = index[a], index[b]
                col = probs[start:end, ia].clone()
                probs[start:end, ia] = probs[start:end, ib]
                probs[start:end, ib] = col

