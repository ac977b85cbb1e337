"""PyTorch CPU reference for `npm run bench -- ml`: the default `small` encoder's three training
steps, written the plain PyTorch way, on the sentences the bench hands over, so that the ratio of
TensorFlow.js to PyTorch is measured in one run on one machine.

Same shapes as the engine's default (src-main/core/ml/encoders/small.ts): 100-d word embeddings
(words seen twice or more), a character CNN (30-d characters, 50 filters of width 3, max over the
word), 6 one-hot casing features, a BiLSTM of 128 units per direction, dropout 0.5 on the features
and before the label layer; batches of 32 sentences bucketed by length; Adam with the gradient norm
clipped at 5. The steps:
  recognizer  cross-entropy of the label logits;
  evaluator   a second encoder, 16 same-type and 16 different-type token pairs per sentence pair,
              binary cross-entropy of sigmoid(cos);
  student     MTMT: the teacher's probabilities and similarities (no gradient) against the
              student's, over every token pair of sentence pairs (k, k + n/2), with the α, β, γ
              weights of the paper.
Usage: python3 torch_reference.py DATA.json SENTENCES THREADS; prints one JSON line of tokens/s.
A bench script, not a test: run it with Debian's python3-torch (/usr/bin/python3).
"""

import json
import random
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

CASINGS = 6
PAD, UNK = 0, 1


def casing(word):
    if word.isdigit():
        return 3
    if all(not c.isalnum() for c in word):
        return 4
    if word.islower():
        return 0
    if word.isupper():
        return 1
    if word[:1].isupper():
        return 2
    return 5


class Vocab:
    def __init__(self, sentences):
        counts = {}
        chars = set()
        for s in sentences:
            for w in s:
                counts[w.lower()] = counts.get(w.lower(), 0) + 1
                chars.update(w.lower())
        self.words = {w: i + 2 for i, w in enumerate(sorted(w for w, n in counts.items() if n >= 2))}
        self.chars = {c: i + 2 for i, c in enumerate(sorted(chars))}

    def batch(self, sentences):
        T = max(len(s) for s in sentences)
        L = min(20, max(len(w) for s in sentences for w in s))
        words = torch.zeros(len(sentences), T, dtype=torch.long)
        chars = torch.zeros(len(sentences), T, L, dtype=torch.long)
        case = torch.zeros(len(sentences), T, CASINGS)
        for b, s in enumerate(sentences):
            for t, w in enumerate(s):
                words[b, t] = self.words.get(w.lower(), UNK)
                case[b, t, casing(w)] = 1
                for p, c in enumerate(w.lower()[:L]):
                    chars[b, t, p] = self.chars.get(c, UNK)
        lengths = torch.tensor([len(s) for s in sentences])
        mask = (torch.arange(T)[None, :] < lengths[:, None]).float()
        return words, chars, case, lengths, mask


class Encoder(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.word = nn.Embedding(len(vocab.words) + 2, 100)
        self.char = nn.Embedding(len(vocab.chars) + 2, 30)
        self.conv = nn.Conv1d(30, 50, 3, padding=1)
        self.lstm = nn.LSTM(100 + 50 + CASINGS, 128, batch_first=True, bidirectional=True)
        self.dim = 256

    def forward(self, words, chars, case, lengths):
        B, T, L = chars.shape
        c = self.char(chars.view(B * T, L)).transpose(1, 2)
        c = self.conv(c).max(dim=2).values.view(B, T, 50)
        x = F.dropout(torch.cat([self.word(words), c, case], dim=2), 0.5, self.training)
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=T)
        return h


class Recognizer(nn.Module):
    def __init__(self, vocab, labels):
        super().__init__()
        self.encoder = Encoder(vocab)
        self.head = nn.Linear(self.encoder.dim, labels)

    def forward(self, batch):
        words, chars, case, lengths, _ = batch
        return self.head(F.dropout(self.encoder(words, chars, case, lengths), 0.5, self.training))


def bucket_batches(lengths, size, rng):
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], rng.random()))
    batches = [order[k : k + size] for k in range(0, len(order), size)]
    rng.shuffle(batches)
    return batches


def cos_matrix(a, b):
    return torch.bmm(F.normalize(a, dim=-1, eps=1e-6), F.normalize(b, dim=-1, eps=1e-6).transpose(1, 2))


def bce(p, y):
    p = p.clamp(1e-7, 1 - 1e-7)
    return -(y * p.log() + (1 - y) * (1 - p).log())


def run(step, model, batches, lr):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    tokens = 0
    start = time.perf_counter()
    for items in batches:
        opt.zero_grad()
        loss, n = step(items)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        tokens += n
    return tokens / (time.perf_counter() - start)


def main():
    data = json.load(open(sys.argv[1]))
    count = int(sys.argv[2])
    torch.set_num_threads(int(sys.argv[3]))
    torch.manual_seed(1)
    rng = random.Random(1)
    source = data["source"][:count]
    target = [s["tokens"] for s in data["target"][:count]]
    labels = sorted({t for s in source for t in s["tags"]})
    label_id = {t: i for i, t in enumerate(labels)}
    vocab = Vocab([s["tokens"] for s in source])
    lengths = [len(s["tokens"]) for s in source]
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "sentences": len(source)}

    rec = Recognizer(vocab, len(labels))

    def rec_step(items):
        sents = [source[i] for i in items]
        batch = vocab.batch([s["tokens"] for s in sents])
        gold = torch.zeros_like(batch[0])
        for b, s in enumerate(sents):
            gold[b, : len(s["tags"])] = torch.tensor([label_id[t] for t in s["tags"]])
        logits = rec(batch)
        loss = (F.cross_entropy(logits.transpose(1, 2), gold, reduction="none") * batch[4]).sum() / batch[4].sum()
        return loss, int(batch[4].sum())

    result["recognizer_tok_s"] = run(rec_step, rec, bucket_batches(lengths, 32, rng), 2e-3)

    evaluator = Encoder(vocab)

    def eval_step(items):
        sents = [source[i] for i in items]
        words, chars, case, lens, mask = vocab.batch([s["tokens"] for s in sents])
        h = evaluator(words, chars, case, lens)
        half = max(1, len(sents) // 2)
        ia, ib, y = [], [], []
        for k in range(len(sents)):
            partner = (k + half) % len(sents)
            ta = [t.split("-")[-1] for t in sents[k]["tags"]]
            tb = [t.split("-")[-1] for t in sents[partner]["tags"]]
            pos = [(i, j) for i in range(len(ta)) for j in range(len(tb)) if ta[i] == tb[j]]
            neg = [(i, j) for i in range(len(ta)) for j in range(len(tb)) if ta[i] != tb[j]]
            n = min(len(pos), len(neg), 16)
            for label, pairs in ((1.0, pos), (0.0, neg)):
                for i, j in rng.sample(pairs, n):
                    ia.append((k, i))
                    ib.append((partner, j))
                    y.append(label)
        if not y:
            return h.sum() * 0, int(mask.sum())
        a = h[[p[0] for p in ia], [p[1] for p in ia]]
        b = h[[p[0] for p in ib], [p[1] for p in ib]]
        s = torch.sigmoid(F.cosine_similarity(a, b, dim=-1, eps=1e-6))
        return bce(s, torch.tensor(y)).mean(), int(mask.sum())

    result["evaluator_tok_s"] = run(eval_step, evaluator, bucket_batches(lengths, 32, rng), 2e-3)

    teacher_rec, teacher_eval = rec.eval(), evaluator.eval()
    student = Recognizer(vocab, len(labels))
    student.load_state_dict(teacher_rec.state_dict())

    def student_step(items):
        batch = vocab.batch([target[i] for i in items])
        words, chars, case, lens, mask = batch
        with torch.no_grad():
            p_t = torch.softmax(teacher_rec(batch), dim=-1)
            h_t = teacher_eval(words, chars, case, lens)
        h_s = student.encoder(words, chars, case, lens)
        p_s = torch.softmax(student.head(F.dropout(h_s, 0.5, True)), dim=-1)
        half = len(items) // 2
        A, B = torch.arange(half), torch.arange(half) + half
        if half == 0:
            return p_s.sum() * 0, int(mask.sum())
        pair_mask = mask[A][:, :, None] * mask[B][:, None, :]
        s_t = torch.sigmoid(cos_matrix(h_t[A], h_t[B]))
        g = (1 - (torch.sigmoid(cos_matrix(p_t[A], p_t[B])) - s_t).abs()) * pair_mask
        s_s = torch.sigmoid(cos_matrix(h_s[A], h_s[B]))
        weighted = bce(s_s, s_t) * torch.clamp((2 * s_t - 1) ** 2 + 0.5, max=1)
        mse_a = ((p_s[A] - p_t[A]) ** 2).mean(-1) * p_t[A].max(-1).values ** 2
        mse_b = ((p_s[B] - p_t[B]) ** 2).mean(-1) * p_t[B].max(-1).values ** 2
        loss = (mse_a * g.sum(2)).sum() + (mse_b * g.sum(1)).sum() + (g * weighted).sum()
        return loss / pair_mask.sum().clamp(min=1), int(mask.sum())

    target_lengths = [len(s) for s in target]
    result["student_tok_s"] = run(student_step, student, bucket_batches(target_lengths, 32, rng), 5e-4)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
