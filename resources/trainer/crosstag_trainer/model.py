"""The MTMT networks: a recognizer (encoder, dropout, linear layer to label logits) and a
similarity evaluator (a separate siamese encoder whose word vectors are compared by cosine), as
in core/ml/model/model.ts. Word vectors are each word's first piece (windows.py)."""

import math

import torch
from torch import nn

from .hub import load_encoder_weights
from .networks import build_encoder
from .noise import dropout
from .rng import Rng

HEAD_SITE = 1_000_003


def device_batch(batch, device):
    """The tensors a forward pass takes, on device; noise keys only when the batch has them."""
    b = batch.to(device)
    wkeys = None
    rkeys = rpos = None
    if batch.window_keys is not None:
        wkeys = torch.tensor(batch.window_keys, dtype=torch.int64, device=device)
        rkeys = torch.tensor(batch.sentence_keys, dtype=torch.int64, device=device).repeat_interleave(batch.length)
        rpos = torch.arange(batch.length, device=device, dtype=torch.int64).repeat(batch.size)
    return (b.ids, b.window_lengths, b.rows, wkeys, rkeys, rpos)


def word_vectors(encoder, ids, window_lengths, rows, wkeys):
    hidden = encoder(ids, window_lengths, wkeys)
    return hidden.reshape(-1, hidden.shape[-1]).index_select(0, rows)


def freeze(encoder, layers):
    """Fixes the embeddings and the lowest `layers` layers, a sinusoidal position table, and every
    attention key bias.

    A key bias adds the same amount to all of a query's scores, which softmax ignores: its exact
    gradient is zero. In floating point it is rounding noise, which Adam would scale up to steps
    of the learning rate's size, in a direction no output depends on and differently for every
    number of processes; fixing it is what exact arithmetic would do."""
    prefixes = encoder.frozen_prefixes(layers) if layers > 0 else []
    # DistilBERT's sinusoidal position table is fixed, as transformers keeps it.
    if encoder.config.raw.get("sinusoidal_pos_embds"):
        prefixes.append("embeddings.position_embeddings.")
    for name, p in encoder.named_parameters():
        if any(name.startswith(x) for x in prefixes) or name.endswith(encoder.KEY_BIAS):
            p.requires_grad_(False)


class Recognizer(nn.Module):
    def __init__(self, config, labels, head_dropout):
        super().__init__()
        self.encoder = build_encoder(config)
        self.classifier = nn.Linear(config.hidden, len(labels))
        self.labels = list(labels)
        self.head_dropout = head_dropout

    def forward(self, ids, window_lengths, rows, wkeys=None, rkeys=None, rpos=None):
        """(word vectors [B*T, H], logits [B*T, K]); with keys, dropout is active."""
        h = word_vectors(self.encoder, ids, window_lengths, rows, wkeys)
        x = h
        if rkeys is not None and self.head_dropout > 0:
            H = h.shape[-1]
            index = rpos.view(-1, 1) * H + torch.arange(H, device=h.device, dtype=torch.int64).view(1, H)
            x = dropout(h, self.head_dropout, rkeys.view(-1, 1), HEAD_SITE, index)
        return h, self.classifier(x)

    @torch.no_grad()
    def init_head(self, seed):
        """Glorot-uniform drawn row-major over [H, K] from the app's stream: the app's initial head."""
        H, K = self.classifier.in_features, self.classifier.out_features
        rng = Rng.derive(seed, "init", "recognizer")
        limit = math.sqrt(6 / (H + K))
        values = [(rng.next() * 2 - 1) * limit for _ in range(H * K)]
        self.classifier.weight.copy_(torch.tensor(values, dtype=torch.float64).view(H, K).t().float())
        self.classifier.bias.zero_()


class Evaluator(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.encoder = build_encoder(config)

    def forward(self, ids, window_lengths, rows, wkeys=None, rkeys=None, rpos=None):
        return word_vectors(self.encoder, ids, window_lengths, rows, wkeys)


def pretrained_recognizer(config, labels, head_dropout, seed, freeze_layers):
    model = Recognizer(config, labels, head_dropout)
    load_encoder_weights(model.encoder, config)
    model.init_head(seed)
    freeze(model.encoder, freeze_layers)
    return model


def pretrained_evaluator(config, freeze_layers):
    model = Evaluator(config)
    load_encoder_weights(model.encoder, config)
    freeze(model.encoder, freeze_layers)
    return model
