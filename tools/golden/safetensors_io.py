"""Minimal safetensors writer and reader (the `safetensors` package is not a dependency of this project).

Format (https://github.com/huggingface/safetensors): an 8-byte little-endian unsigned header length N, then N bytes
of UTF-8 JSON mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the
first byte after the header) plus an optional "__metadata__" string->string map, then the raw little-endian data.
The header is padded with spaces to a multiple of 8 bytes, as the reference implementation does.
"""
import json
import struct

import numpy as np

# safetensors dtype name <-> numpy little-endian dtype; only the types Cochlea reads.
_DTYPES = {
    "F32": np.dtype("<f4"),
    "I64": np.dtype("<i8"),
    "I32": np.dtype("<i4"),
}


def _dtype_name(array):
    for name, dtype in _DTYPES.items():
        if array.dtype == dtype:
            return name
    raise ValueError(f"unsupported dtype {array.dtype}; expected one of float32, int64, int32")


def to_numpy(value):
    """A torch tensor or numpy array as a contiguous little-endian numpy array (float32/int64/int32 kept)."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().contiguous().numpy()
    array = np.asarray(value)
    if not array.flags.c_contiguous:  # np.ascontiguousarray would also turn a 0-d scalar into shape [1]
        array = np.ascontiguousarray(array)
    return array.astype(array.dtype.newbyteorder("<"), copy=False)


def write_safetensors(path, tensors, metadata=None):
    """Writes `tensors` (name -> torch tensor or numpy array, in the given order) and optional string metadata."""
    header = {}
    if metadata:
        for key, val in metadata.items():
            if not isinstance(key, str) or not isinstance(val, str):
                raise TypeError(f"metadata must map str to str, got {key!r}: {val!r}")
        header["__metadata__"] = dict(metadata)
    blobs = []
    offset = 0
    for name, value in tensors.items():
        array = to_numpy(value)
        data = array.tobytes(order="C")
        header[name] = {
            "dtype": _dtype_name(array),
            "shape": list(array.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header_bytes)))
        f.write(header_bytes)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    """Returns (tensors: name -> numpy array in file order, metadata: dict). Checks that offsets tile the data."""
    with open(path, "rb") as f:
        raw = f.read()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + header_len].decode("utf-8"))
    data = raw[8 + header_len:]
    metadata = header.pop("__metadata__", {}) or {}
    tensors = {}
    expected_begin = 0
    for name, entry in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        dtype = _DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        count = int(np.prod(entry["shape"], dtype=np.int64))
        if begin != expected_begin or end - begin != count * dtype.itemsize:
            raise ValueError(f"{path}: tensor {name} has inconsistent data_offsets {entry['data_offsets']}")
        tensors[name] = np.frombuffer(data[begin:end], dtype=dtype).reshape(entry["shape"])
        expected_begin = end
    if expected_begin != len(data):
        raise ValueError(f"{path}: {len(data) - expected_begin} trailing bytes after the last tensor")
    # Restore the header's order (json keeps insertion order), which is the order the writer used.
    ordered = {name: tensors[name] for name in header}
    return ordered, metadata
