"""BERT, RoBERTa / XLM-R and DistilBERT encoders in plain torch, with Hugging Face's parameter
names, so a checkpoint's model.safetensors loads into them key for key and they save back as
such. Each runs over windows of word pieces ([CLS] pieces [SEP]) and returns the last hidden
state; dropout is the keyed dropout of noise.py (sites: embeddings 0, then 3 per layer)."""

import math

import torch
import torch.nn.functional as F
from torch import nn

from .noise import attention_index, dropout, hidden_index

MASKED = -1e9


def activation(name):
    if name == "gelu":
        return F.gelu
    if name in ("gelu_new", "gelu_pytorch_tanh"):
        return lambda x: 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))
    if name == "relu":
        return F.relu
    raise ValueError(f"activation {name!r} is not supported (gelu, gelu_new or relu)")


def _attend(q, k, v, lengths, heads, rate, keys, site):
    """Multi-head attention over [W, L, H] projections; padded keys are masked out."""
    W, L, H = q.shape
    dh = H // heads

    def split(x):
        return x.view(W, L, heads, dh).transpose(1, 2)

    scores = torch.matmul(split(q), split(k).transpose(-1, -2)) / math.sqrt(dh)
    positions = torch.arange(L, device=q.device).view(1, 1, 1, L)
    scores = scores + (positions >= lengths.view(W, 1, 1, 1)).to(scores.dtype) * MASKED
    probs = torch.softmax(scores, dim=-1)
    if keys is not None and rate > 0:
        probs = dropout(probs, rate, keys.view(W, 1, 1, 1), site, attention_index(heads, L, q.device))
    return torch.matmul(probs, split(v)).transpose(1, 2).reshape(W, L, H)


class BertEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden)
        self.LayerNorm = nn.LayerNorm(c.hidden, eps=c.layer_norm_eps)


class BertSelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.query = nn.Linear(c.hidden, c.hidden)
        self.key = nn.Linear(c.hidden, c.hidden)
        self.value = nn.Linear(c.hidden, c.hidden)


class BertSubOutput(nn.Module):
    def __init__(self, c, width):
        super().__init__()
        self.dense = nn.Linear(width, c.hidden)
        self.LayerNorm = nn.LayerNorm(c.hidden, eps=c.layer_norm_eps)


class BertAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self = BertSelfAttention(c)
        self.output = BertSubOutput(c, c.hidden)


class BertIntermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c.hidden, c.intermediate)


class BertLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = BertAttention(c)
        self.intermediate = BertIntermediate(c)
        self.output = BertSubOutput(c, c.intermediate)


class BertLayers(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(c) for _ in range(c.layers)])


class _Encoder(nn.Module):
    """What both layouts share: the config, the activation, and the word and position embeddings."""

    LAYERS = ""
    KEY_BIAS = ""

    def __init__(self, c, embeddings, layers):
        super().__init__()
        self.config = c
        self.embeddings = embeddings
        setattr(self, self.LAYERS, layers)
        self.act = activation(c.activation)

    def frozen_prefixes(self, layers):
        return ["embeddings."] + [f"{self.LAYERS}.layer.{i}." for i in range(layers)]

    def _embed(self, ids, keys):
        """(word + position embeddings [W, L, H], element indices, per-window keys)."""
        c = self.config
        W, L = ids.shape
        positions = torch.arange(L, device=ids.device).view(1, L).expand(W, L) + c.position_offset
        x = self.embeddings.word_embeddings(ids) + self.embeddings.position_embeddings(positions)
        return x, hidden_index(L, c.hidden, ids.device), None if keys is None else keys.view(W, 1, 1)


class BertEncoder(_Encoder):
    """BertModel (and RobertaModel / XLMRobertaModel: position ids after the padding id)."""

    LAYERS = "encoder"
    KEY_BIAS = "attention.self.key.bias"

    def __init__(self, c):
        super().__init__(c, BertEmbeddings(c), BertLayers(c))

    def forward(self, ids, lengths, keys=None):
        c = self.config
        x, hidx, wkeys = self._embed(ids, keys)
        x = x + self.embeddings.token_type_embeddings.weight[0]
        x = dropout(self.embeddings.LayerNorm(x), c.hidden_dropout, wkeys, 0, hidx)
        for n, layer in enumerate(self.encoder.layer):
            a = layer.attention
            ctx = _attend(a.self.query(x), a.self.key(x), a.self.value(x), lengths, c.heads, c.attention_dropout, keys, 1 + 3 * n)
            x = a.output.LayerNorm(x + dropout(a.output.dense(ctx), c.hidden_dropout, wkeys, 2 + 3 * n, hidx))
            inner = self.act(layer.intermediate.dense(x))
            x = layer.output.LayerNorm(x + dropout(layer.output.dense(inner), c.hidden_dropout, wkeys, 3 + 3 * n, hidx))
        return x


class DistilAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.q_lin = nn.Linear(c.hidden, c.hidden)
        self.k_lin = nn.Linear(c.hidden, c.hidden)
        self.v_lin = nn.Linear(c.hidden, c.hidden)
        self.out_lin = nn.Linear(c.hidden, c.hidden)


class DistilFfn(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.lin1 = nn.Linear(c.hidden, c.intermediate)
        self.lin2 = nn.Linear(c.intermediate, c.hidden)


class DistilLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = DistilAttention(c)
        self.sa_layer_norm = nn.LayerNorm(c.hidden, eps=c.layer_norm_eps)
        self.ffn = DistilFfn(c)
        self.output_layer_norm = nn.LayerNorm(c.hidden, eps=c.layer_norm_eps)


class DistilLayers(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([DistilLayer(c) for _ in range(c.layers)])


class DistilEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden)
        self.LayerNorm = nn.LayerNorm(c.hidden, eps=c.layer_norm_eps)


class DistilBertEncoder(_Encoder):
    """DistilBertModel: no token types, no dropout after the attention projection."""

    LAYERS = "transformer"
    KEY_BIAS = "attention.k_lin.bias"

    def __init__(self, c):
        super().__init__(c, DistilEmbeddings(c), DistilLayers(c))

    def forward(self, ids, lengths, keys=None):
        c = self.config
        x, hidx, wkeys = self._embed(ids, keys)
        x = dropout(self.embeddings.LayerNorm(x), c.hidden_dropout, wkeys, 0, hidx)
        for n, layer in enumerate(self.transformer.layer):
            a = layer.attention
            ctx = _attend(a.q_lin(x), a.k_lin(x), a.v_lin(x), lengths, c.heads, c.attention_dropout, keys, 1 + 3 * n)
            x = layer.sa_layer_norm(x + a.out_lin(ctx))
            ffn = dropout(layer.ffn.lin2(self.act(layer.ffn.lin1(x))), c.hidden_dropout, wkeys, 3 + 3 * n, hidx)
            x = layer.output_layer_norm(x + ffn)
        return x


def build_encoder(config):
    return DistilBertEncoder(config) if config.family == "distilbert" else BertEncoder(config)
