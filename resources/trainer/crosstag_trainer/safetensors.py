"""A small reader and writer of the safetensors format (an 8-byte little-endian header length,
a JSON header of name -> dtype, shape, data_offsets, then the raw little-endian tensor bytes), so
the trainer needs no package beyond torch. Tensors are read one at a time from their offsets."""

import ctypes
import json
import os
import struct
import sys

import torch

MAX_HEADER = 100_000_000
DTYPES = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}
FLOATS = ("F64", "F32", "F16", "BF16")
NAMES = {v: k for k, v in DTYPES.items()}


class SafetensorsError(ValueError):
    pass


def _little_endian():
    if sys.byteorder != "little":
        raise SafetensorsError("safetensors files are little-endian; this machine is not")


class SafetensorsFile:
    """The header of a .safetensors file; read(name) loads one tensor."""

    def __init__(self, path):
        _little_endian()
        self.path = path
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            head = f.read(8)
            if len(head) < 8:
                raise SafetensorsError(f"{path}: too short to be a safetensors file")
            (n,) = struct.unpack("<Q", head)
            if n > MAX_HEADER or 8 + n > size:
                raise SafetensorsError(f"{path}: header length {n} is impossible for a {size}-byte file")
            try:
                header = json.loads(f.read(n).decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as err:
                raise SafetensorsError(f"{path}: the header is not JSON ({err})") from None
        self.metadata = header.pop("__metadata__", None) or {}
        self.tensors = {}
        for name, info in header.items():
            dtype, shape, offsets = info.get("dtype"), info.get("shape"), info.get("data_offsets")
            if dtype not in DTYPES:
                raise SafetensorsError(f"{path}: tensor {name} has dtype {dtype}, which this reader does not know")
            if not isinstance(shape, list) or not isinstance(offsets, list) or len(offsets) != 2:
                raise SafetensorsError(f"{path}: tensor {name} has a malformed header entry")
            begin, end = offsets
            count = 1
            for d in shape:
                count *= d
            width = torch.tensor([], dtype=DTYPES[dtype]).element_size()
            if end - begin != count * width or 8 + n + end > size:
                raise SafetensorsError(f"{path}: tensor {name} lies outside the file or has the wrong byte length (truncated?)")
            self.tensors[name] = (dtype, list(shape), 8 + n + begin, end - begin)

    def names(self):
        return list(self.tensors)

    def shape(self, name):
        return self.tensors[name][1]

    def dtype(self, name):
        return self.tensors[name][0]

    def read(self, name, float32=True):
        dtype, shape, offset, length = self.tensors[name]
        buf = bytearray(length)
        with open(self.path, "rb") as f:
            f.seek(offset)
            if f.readinto(buf) != length:
                raise SafetensorsError(f"{self.path}: tensor {name} is cut short")
        t = torch.frombuffer(buf, dtype=DTYPES[dtype]) if length > 0 else torch.empty(0, dtype=DTYPES[dtype])
        t = t.reshape(shape)
        if float32 and dtype in FLOATS:
            t = t.to(torch.float32)
        return t.clone()


def write_safetensors(path, tensors, metadata=None):
    """Writes {name: tensor} atomically (a temporary file renamed over path), in name order."""
    _little_endian()
    header = {}
    offset = 0
    order = sorted(tensors)
    blobs = []
    for name in order:
        t = tensors[name].detach().to("cpu").contiguous()
        if t.dtype not in NAMES:
            raise SafetensorsError(f"tensor {name}: dtype {t.dtype} cannot be written")
        # ctypes rather than numpy: torch is the only package the trainer may assume.
        data = ctypes.string_at(t.data_ptr(), t.numel() * t.element_size()) if t.numel() > 0 else b""
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
