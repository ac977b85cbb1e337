"""Checkpoint folders as the model hub lays them out: config.json, model.safetensors and the
tokenizer files. Reads BERT, RoBERTa / XLM-R and DistilBERT configs into one EncoderConfig,
loads the weights into networks.py's modules, and names what a saved folder must hold."""

import json
import os
from dataclasses import dataclass

import torch

from .safetensors import FLOATS, SafetensorsFile

WEIGHTS = "model.safetensors"
TOKENIZER_FILES = (
    "vocab.txt",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "sentencepiece.bpe.model",
    "spiece.model",
    "merges.txt",
    "vocab.json",
    "added_tokens.json",
)

FAMILIES = {
    "bert": ("bert", "bert.", "BertForTokenClassification", "BertModel"),
    "roberta": ("roberta", "roberta.", "RobertaForTokenClassification", "RobertaModel"),
    "xlm-roberta": ("roberta", "roberta.", "XLMRobertaForTokenClassification", "XLMRobertaModel"),
    "camembert": ("roberta", "roberta.", "CamembertForTokenClassification", "CamembertModel"),
    "distilbert": ("distilbert", "distilbert.", "DistilBertForTokenClassification", "DistilBertModel"),
}


class FolderError(ValueError):
    pass


@dataclass
class EncoderConfig:
    dir: str
    model_type: str
    family: str
    prefix: str
    token_architecture: str
    base_architecture: str
    vocab_size: int
    hidden: int
    layers: int
    heads: int
    intermediate: int
    hidden_dropout: float
    attention_dropout: float
    max_position_embeddings: int
    position_offset: int
    type_vocab_size: int
    layer_norm_eps: float
    activation: str
    pad_id: int
    raw: dict

    @property
    def max_positions(self):
        """Pieces a window may hold, [CLS] and [SEP] included."""
        return self.max_position_embeddings - self.position_offset


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise FolderError(f"{path}: no such file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise FolderError(f"{path}: not valid JSON ({err})") from None


def _family(raw, path):
    model_type = raw.get("model_type")
    if model_type is None:
        arch = " ".join(raw.get("architectures") or [])
        model_type = "distilbert" if arch.startswith("DistilBert") else "xlm-roberta" if "XLMRoberta" in arch else "bert"
    if model_type not in FAMILIES:
        raise FolderError(f"{path}: model_type {model_type!r} is not supported (bert, roberta, xlm-roberta, camembert or distilbert)")
    return model_type


def _int(raw, key, path, default=None):
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise FolderError(f"{path}: {key} must be a positive integer, not {value!r}")
    return value


def read_encoder_config(folder, dropout=None):
    """The encoder of a checkpoint folder; dropout overrides the hidden and attention rates."""
    path = os.path.join(folder, "config.json")
    raw = read_json(path)
    model_type = _family(raw, path)
    family, prefix, token_arch, base_arch = FAMILIES[model_type]
    if family == "distilbert":
        sizes = dict(hidden=_int(raw, "dim", path), layers=_int(raw, "n_layers", path), heads=_int(raw, "n_heads", path))
        sizes["intermediate"] = _int(raw, "hidden_dim", path)
        rates = (raw.get("dropout", 0.1), raw.get("attention_dropout", 0.1))
        act, eps, types, offset = raw.get("activation", "gelu"), 1e-12, 1, 0
    else:
        sizes = dict(hidden=_int(raw, "hidden_size", path), layers=_int(raw, "num_hidden_layers", path))
        sizes["heads"] = _int(raw, "num_attention_heads", path)
        sizes["intermediate"] = _int(raw, "intermediate_size", path)
        rates = (raw.get("hidden_dropout_prob", 0.1), raw.get("attention_probs_dropout_prob", 0.1))
        act, eps = raw.get("hidden_act", "gelu"), raw.get("layer_norm_eps", 1e-12)
        types = _int(raw, "type_vocab_size", path, 2)
        if raw.get("position_embedding_type", "absolute") != "absolute":
            raise FolderError(f"{path}: position_embedding_type {raw['position_embedding_type']!r} is not supported (only absolute)")
        offset = raw.get("pad_token_id", 1) + 1 if family == "roberta" else 0
    if sizes["hidden"] % sizes["heads"] != 0:
        raise FolderError(f"{path}: hidden size {sizes['hidden']} is not a multiple of the {sizes['heads']} attention heads")
    if dropout is not None:
        rates = (dropout, dropout)
    return EncoderConfig(
        dir=folder,
        model_type=model_type,
        family=family,
        prefix=prefix,
        token_architecture=token_arch,
        base_architecture=base_arch,
        vocab_size=_int(raw, "vocab_size", path),
        hidden_dropout=float(rates[0]),
        attention_dropout=float(rates[1]),
        max_position_embeddings=_int(raw, "max_position_embeddings", path),
        position_offset=offset,
        type_vocab_size=types,
        layer_norm_eps=float(eps),
        activation=act,
        pad_id=int(raw.get("pad_token_id", 1 if family == "roberta" else 0)),
        raw=raw,
        **sizes,
    )


def _resolve(st, prefixes, name):
    for prefix in prefixes:
        full = prefix + name
        if full in st.tensors:
            return full
        legacy = full.replace(".LayerNorm.weight", ".LayerNorm.gamma").replace(".LayerNorm.bias", ".LayerNorm.beta")
        if legacy in st.tensors:
            return legacy
    return None


def load_encoder_weights(module, config, path=None):
    """Fills module (a networks.py encoder) from a safetensors file, with or without the prefix."""
    path = path or os.path.join(config.dir, WEIGHTS)
    st = SafetensorsFile(path)
    prefixes = (config.prefix, "")
    state = {}
    for name, param in module.state_dict().items():
        found = _resolve(st, prefixes, name)
        if found is None:
            raise FolderError(f"{path}: tensor {config.prefix}{name} (or {name}) is missing")
        if st.dtype(found) not in FLOATS:
            raise FolderError(f"{path}: tensor {found} has dtype {st.dtype(found)}; float weights are needed")
        if st.shape(found) != list(param.shape):
            raise FolderError(f"{path}: tensor {found} has shape {st.shape(found)} but config.json implies {list(param.shape)}")
        state[name] = st.read(found)
    module.load_state_dict(state)
    return st


def tokenizer_files(folder):
    return [f for f in TOKENIZER_FILES if os.path.isfile(os.path.join(folder, f))]


def encoder_state(module, prefix=""):
    return {prefix + k: v.detach().to("cpu", torch.float32) for k, v in module.state_dict().items()}
