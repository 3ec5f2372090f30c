"""`Dataset.cache`: keep the elements of the first complete pass, in memory or in a file.

The file holds a JSON header line describing the element structure, then each element's
arrays in NumPy's `.npy` format one after another (strings as fixed-width bytes), so it
loads with `allow_pickle=False`. It is written under a temporary name and renamed only
when the pass completes: a cache file is never half-written.
"""

from __future__ import annotations

import json
import os
import uuid

import numpy as np

from gradflow.core import tree
from gradflow.data import structure
from gradflow.data.dataset import Dataset
from gradflow.errors import ArgumentError

_MAGIC = b"GFDATACACHE1\n"


def _encode_structure(element, counter: list) -> object:
    if isinstance(element, dict):
        return {"dict": [[k, _encode_structure(v, counter)] for k, v in element.items()]}
    if isinstance(element, tuple):
        return {"tuple": [_encode_structure(v, counter) for v in element]}
    counter[0] += 1
    return {"leaf": counter[0] - 1, "string": bool(element.dtype == structure.STRING)}


def _decode_structure(node):
    if "dict" in node:
        return {k: _decode_structure(v) for k, v in node["dict"]}
    if "tuple" in node:
        return tuple(_decode_structure(v) for v in node["tuple"])
    return node["leaf"]


def _string_leaves(node, out: list) -> list:
    if "dict" in node:
        for _, v in node["dict"]:
            _string_leaves(v, out)
    elif "tuple" in node:
        for v in node["tuple"]:
            _string_leaves(v, out)
    else:
        out.append(node["string"])
    return out


class _FileWriter:
    def __init__(self, filename: str):
        self.filename = filename
        self.temp = f"{filename}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.file = open(self.temp, "wb")  # closed by finish() or abort()
        self.file.write(_MAGIC)
        self.header_written = False

    def write(self, element) -> None:
        if not self.header_written:
            header = _encode_structure(element, [0])
            self.file.write(json.dumps(header).encode() + b"\n")
            self.header_written = True
        for leaf in tree.flatten(element):
            leaf = np.asarray(leaf)
            if leaf.dtype == structure.STRING:
                leaf = leaf.astype(bytes)
            np.lib.format.write_array(self.file, leaf, allow_pickle=False)

    def finish(self) -> None:
        if not self.header_written:
            self.file.write(b"null\n")
        self.file.close()
        os.replace(self.temp, self.filename)

    def abort(self) -> None:
        self.file.close()
        os.remove(self.temp)


def _read_file(filename: str):
    with open(filename, "rb") as f:
        if f.read(len(_MAGIC)) != _MAGIC:
            raise ValueError(
                f"Dataset.cache: {filename!r} is not a gradflow dataset cache file; delete "
                "it or choose another `filename`"
            )
        header = json.loads(f.readline())
        if header is None:
            return
        nested = _decode_structure(header)
        strings = _string_leaves(header, [])
        size = os.fstat(f.fileno()).st_size
        while f.tell() < size:
            leaves = []
            for is_string in strings:
                leaf = np.lib.format.read_array(f, allow_pickle=False)
                leaves.append(structure.to_array(leaf) if is_string else leaf)
            yield (
                tree.unflatten_as(nested, leaves)
                if isinstance(nested, (tuple, dict))
                else leaves[0]
            )


class Cache(Dataset):
    """Iterates the upstream once, completely, then replays what it kept."""

    _stage = "Dataset.cache"

    def __init__(self, upstream: Dataset, filename):
        if not isinstance(filename, (str, os.PathLike)):
            raise ArgumentError(
                f"Dataset.cache: `filename` must be a path or '' (memory), got {filename!r}"
            )
        self._upstream = upstream
        self._filename = os.fspath(filename)
        self._memory: list | None = None

    def _iterate(self):
        if not self._filename:
            yield from self._iterate_memory()
        elif os.path.exists(self._filename):
            yield from _read_file(self._filename)
        else:
            yield from self._iterate_to_file()

    def _iterate_memory(self):
        if self._memory is not None:
            yield from self._memory
            return
        kept = []
        for element in self._upstream._iterate():
            kept.append(element)
            yield element
        self._memory = kept  # only a complete pass is kept

    def _iterate_to_file(self):
        directory = os.path.dirname(os.path.abspath(self._filename))
        if not os.path.isdir(directory):
            raise FileNotFoundError(
                f"Dataset.cache: the directory of `filename` {self._filename!r} does not exist"
            )
        writer = _FileWriter(self._filename)
        complete = False
        try:
            for element in self._upstream._iterate():
                writer.write(element)
                yield element
            complete = True
        finally:
            if complete:
                writer.finish()
            else:
                writer.abort()  # a partial pass leaves no file behind

    def _cardinality(self) -> int:
        return self._upstream.cardinality()

    def _element_spec(self):
        return self._upstream.element_spec
