"""Crosstag's seeded generator (xoshiro128**) and its named sub-streams, bit for bit.

Batch plans, pair sampling and code-switching draw from these exactly as the app does, so a run
here sees the batches and pairs a run in the app would see for the same data and seed.
"""

M32 = 0xFFFFFFFF
FNV_PRIME = 0x01000193


def _imul(a, b):
    return (a * b) & M32


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


def _splitmix32(seed):
    s = seed & M32
    while True:
        s = (s + 0x9E3779B9) & M32
        z = s
        z = _imul(z ^ (z >> 16), 0x85EBCA6B)
        z = _imul(z ^ (z >> 13), 0xC2B2AE35)
        yield (z ^ (z >> 16)) & M32


def utf16_units(text):
    """The UTF-16 code units of text, as JavaScript's charCodeAt sees them."""
    data = text.encode("utf-16-le")
    return [data[i] | (data[i + 1] << 8) for i in range(0, len(data), 2)]


def derive_hash(seed, *parts):
    """The 32-bit key of Rng.derive(seed, ...parts)."""
    h = seed & M32
    for part in parts:
        for unit in utf16_units(str(part)):
            h = _imul(h ^ unit, FNV_PRIME)
        h = _imul(h ^ 0xFF, FNV_PRIME)
    return h


class Rng:
    def __init__(self, seed):
        if isinstance(seed, (list, tuple)):
            self.s = [int(v) & M32 for v in seed]
        else:
            gen = _splitmix32(int(seed))
            self.s = [next(gen) for _ in range(4)]
            if all(v == 0 for v in self.s):
                self.s[0] = 1

    @staticmethod
    def derive(seed, *parts):
        """A generator for a named sub-stream, as Rng.derive in the app."""
        return Rng(derive_hash(seed, *parts))

    def state(self):
        return list(self.s)

    def next_uint32(self):
        s = self.s
        result = _imul(_rotl(_imul(s[1], 5), 7), 9)
        t = (s[1] << 9) & M32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 11)
        return result

    def next(self):
        """Uniform in [0, 1)."""
        return self.next_uint32() / 4294967296.0

    def int(self, n):
        """Uniform integer in [0, n)."""
        return int(self.next() * n)

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.int(i + 1)
            items[i], items[j] = items[j], items[i]
        return items
