"""Dropout whose mask is a hash of (window key, site, position), not a draw from a stream.

Each sentence of a global batch gets a key from (seed, stage, epoch, step, its slot in the batch),
so its masks are the same whichever process encodes it and however the batch is padded: a run
on N processes then computes what one process computes with the same global batch, and a resumed
run draws the masks of the run it continues. The hash is integer arithmetic on tensors, so it
runs on the GPU as well, and it never needs more than 49 bits (no int64 overflow).
"""

import torch

M32 = 0xFFFFFFFF
# Indices of attention probabilities are counted as if every window had this many positions, so
# they do not depend on how far a batch is padded.
POSITION_STRIDE = 1 << 10


def _mul32(x, c):
    """(x * c) mod 2^32 for x in [0, 2^32) without overflowing int64."""
    lo = x & 0xFFFF
    hi = x >> 16
    return (lo * c + (((hi * c) & 0xFFFF) << 16)) & M32


def mix32(x):
    """A bijective 32-bit integer hash (lowbias32) on an int64 tensor of values in [0, 2^32)."""
    x = x ^ (x >> 16)
    x = _mul32(x, 0x7FEB352D)
    x = x ^ (x >> 15)
    x = _mul32(x, 0x846CA68B)
    return x ^ (x >> 16)


def mix32_int(x):
    return int(mix32(torch.tensor([x & M32], dtype=torch.int64))[0])


def site_keys(keys, site):
    """Per-window keys for one dropout site: keys is an int64 tensor of 32-bit keys."""
    return mix32(keys ^ mix32_int(0x51ED27 + site))


def dropout(x, rate, keys, site, index):
    """Inverted dropout of x with keep decisions hash(keys[w], site, index) < (1 - rate) 2^32.

    keys broadcasts against index (e.g. [W, 1, 1] against [1, L, H]); None or rate 0: identity.
    """
    if keys is None or rate <= 0:
        return x
    keep = 1.0 - rate
    base = site_keys(keys, site)
    h = mix32(base ^ (index & M32))
    mask = (h < int(keep * 4294967296.0)).to(x.dtype) / keep
    return x * mask


def hidden_index(length, width, device):
    """Indices [1, length, width] of the elements of a [windows, length, width] activation."""
    rows = torch.arange(length, device=device, dtype=torch.int64).view(1, length, 1)
    cols = torch.arange(width, device=device, dtype=torch.int64).view(1, 1, width)
    return rows * width + cols


def attention_index(heads, length, device):
    """Indices [1, heads, length, length] of attention probabilities, padding-independent."""
    h = torch.arange(heads, device=device, dtype=torch.int64).view(1, heads, 1, 1)
    q = torch.arange(length, device=device, dtype=torch.int64).view(1, 1, length, 1)
    k = torch.arange(length, device=device, dtype=torch.int64).view(1, 1, 1, length)
    return (h * POSITION_STRIDE + q) * POSITION_STRIDE + k
