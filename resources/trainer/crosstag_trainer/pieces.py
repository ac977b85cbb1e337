"""Word pieces of words. A bundle carries the pieces of every word it can feed the encoder
(data/word_pieces.jsonl, computed by Crosstag when it exported), so training needs only torch.
Words the table lacks are tokenized here with the `tokenizers` or `transformers` package, or for
XLM-R's sentencepiece.bpe.model with `sentencepiece`, whichever is installed."""

import json
import os

from .hub import read_json
from .windows import Specials

SPECIAL_NAMES = {
    "bert": ("[CLS]", "[SEP]", "[PAD]", "[UNK]"),
    "distilbert": ("[CLS]", "[SEP]", "[PAD]", "[UNK]"),
    "roberta": ("<s>", "</s>", "<pad>", "<unk>"),
}
# fairseq's ids for XLM-R's first tokens; sentencepiece ids are shifted up by one past them.
FAIRSEQ = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}


class PieceError(ValueError):
    pass


def read_piece_table(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                word, ids = json.loads(line)
            except (ValueError, TypeError):
                raise PieceError(f"{path}:{n}: expected [\"word\", [piece ids]]") from None
            if not isinstance(word, str) or not ids or not all(isinstance(i, int) and i >= 0 for i in ids):
                raise PieceError(f"{path}:{n}: expected a word and a non-empty list of piece ids")
            table[word] = ids
    return table


def _special_names(folder, family):
    names = list(SPECIAL_NAMES[family])
    for file in ("special_tokens_map.json", "tokenizer_config.json"):
        path = os.path.join(folder, file)
        if not os.path.isfile(path):
            continue
        raw = read_json(path)
        for i, key in enumerate(("cls_token", "sep_token", "pad_token", "unk_token")):
            value = raw.get(key)
            if isinstance(value, dict):
                value = value.get("content")
            if isinstance(value, str):
                names[i] = value
        break
    return names


def _package_tokenizer(folder, family):
    """(encode(word) -> ids, token_to_id) from whichever tokenizer package can read the folder."""
    if os.path.isfile(os.path.join(folder, "tokenizer.json")):
        try:
            from tokenizers import Tokenizer

            tok = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
            return (lambda w: tok.encode([w], is_pretokenized=True, add_special_tokens=False).ids), tok.token_to_id
        except ImportError:
            pass
    try:
        from transformers import AutoTokenizer

        tok = AutoTokenizer.from_pretrained(folder)
        encode = lambda w: tok([w], is_split_into_words=True, add_special_tokens=False)["input_ids"]  # noqa: E731
        return encode, tok.convert_tokens_to_ids
    except ImportError:
        pass
    model = os.path.join(folder, "sentencepiece.bpe.model")
    if family == "roberta" and os.path.isfile(model):
        try:
            import sentencepiece

            sp = sentencepiece.SentencePieceProcessor(model_file=model)
            encode = lambda w: [i + 1 if i != 0 else FAIRSEQ["<unk>"] for i in sp.encode(w)]  # noqa: E731
            return encode, lambda t: FAIRSEQ[t] if t in FAIRSEQ else sp.piece_to_id(t) + 1
        except ImportError:
            pass
    return None, None


class Pieces:
    """pieces(word) -> piece ids (at least one) and the window's special ids."""

    def __init__(self, table, specials, unk, tokenize=None, where=""):
        self.table = table
        self.specials = specials
        self.unk = unk
        self.tokenize = tokenize
        self.where = where

    def __call__(self, word):
        ids = self.table.get(word)
        if ids is None:
            if self.tokenize is None:
                raise PieceError(
                    f"the word {word!r} has no pieces in {self.where} and no tokenizer package is installed "
                    "(install tokenizers or transformers, or export the bundle again from Crosstag)"
                )
            ids = list(self.tokenize(word)) or [self.unk]
            self.table[word] = ids
        return ids

    def check(self, vocab_size):
        for word, ids in self.table.items():
            if max(ids) >= vocab_size:
                raise PieceError(f"{self.where}: the pieces of {word!r} reach id {max(ids)}, past the encoder's {vocab_size} pieces")


def load_pieces(bundle_dir, run, encoder):
    """The bundle's piece table, with the folder's tokenizer (if a package can read it) for the rest."""
    info = run.get("pieces")
    tokenize, to_id = _package_tokenizer(encoder.dir, encoder.family)
    if info:
        path = os.path.join(bundle_dir, info["file"])
        table = read_piece_table(path)
        specials = Specials(prefix=list(info["prefix"]), suffix=list(info["suffix"]), pad=info["pad"])
        return Pieces(table, specials, info["unk"], tokenize, path)
    if tokenize is None:
        raise PieceError(
            f"the bundle carries no word pieces and no tokenizer package can read {encoder.dir} "
            "(install tokenizers or transformers, or sentencepiece for XLM-R)"
        )
    cls, sep, pad, unk = (to_id(n) for n in _special_names(encoder.dir, encoder.family))
    if None in (cls, sep, pad, unk):
        raise PieceError(f"{encoder.dir}: the tokenizer lacks one of its special tokens")
    return Pieces({}, Specials(prefix=[cls], suffix=[sep], pad=pad), unk, tokenize, "the bundle")
