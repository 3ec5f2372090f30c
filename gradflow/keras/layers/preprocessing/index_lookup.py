"""IndexLookup: the vocabulary machinery shared by StringLookup, IntegerLookup and
TextVectorization — a token -> index table (learned by `adapt`, or given), OOV buckets,
a mask token, `invert`, and the 'one_hot'/'multi_hot'/'count'/'tf_idf' encodings.

String vocabularies look tokens up in NumPy (text never enters a gradflow graph);
integer vocabularies look up with gradflow ops (a sorted-key search), so IntegerLookup
also runs inside models and traced functions."""

from __future__ import annotations

import collections
import os

import numpy as np

import gradflow as gf
from gradflow.core import context
from gradflow.keras import backend
from gradflow.keras.engine.keras_tensor import KerasTensor
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.preprocessing import (
    categorical,
    integer_hash,
    string_data,
    string_hash,
)
from gradflow.keras.saving import serialization_lib

gnp = gf.numpy
_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
_INT64_MAX = np.iinfo(np.int64).max


def listify(x):
    """Arrays and tensors as (nested) lists, for configs."""
    if isinstance(x, (gf.Tensor, gf.Variable)):
        x = x.numpy()
    if isinstance(x, np.ndarray):
        x = x.tolist()
    return x


class IndexLookup(Layer):
    """Maps tokens to indices with a vocabulary (the base of the lookup layers).

    Index layout: `[mask_token]` (int mode only, when set), then `num_oov_indices` OOV
    buckets, then the vocabulary in order.

    Args:
        max_tokens: the largest vocabulary size (specials included), or None.
        num_oov_indices: the number of out-of-vocabulary buckets (hashed when > 1).
        mask_token: the token mapped to index 0 (int mode), or None.
        oov_token: the token `invert` returns for OOV indices.
        vocabulary_dtype: 'string' or an integer dtype name.
        vocabulary: a list/array of tokens or a path to a one-token-per-line file.
        idf_weights: the inverse document frequencies ('tf_idf' mode).
        invert: map indices back to tokens.
        output_mode: 'int', 'one_hot', 'multi_hot', 'count' or 'tf_idf'.
        sparse: must be False (gradflow has no sparse tensors).
        pad_to_max_tokens: make encoded outputs `max_tokens` wide.
        oov_method: 'floormod' (integers: `x mod num_oov_indices`) or 'farmhash'.
        salt: a SipHash key (int or pair) for hashing OOV strings.
    """

    def __init__(
        self,
        max_tokens,
        num_oov_indices,
        mask_token,
        oov_token,
        vocabulary_dtype,
        vocabulary=None,
        idf_weights=None,
        invert=False,
        output_mode="int",
        sparse=False,
        pad_to_max_tokens=False,
        oov_method="floormod",
        name=None,
        salt=None,
        **kwargs,
    ):
        vocabulary_dtype = "string" if vocabulary_dtype in ("string", str) else (
            np.dtype(vocabulary_dtype).name)  # fmt: skip
        salt = _check_arguments(max_tokens, pad_to_max_tokens, num_oov_indices, oov_method,
                                salt, vocabulary_dtype)  # fmt: skip
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        _check_output_mode(output_mode, invert, sparse, idf_weights, self.__class__.__name__)
        self._frozen_vocab_size = kwargs.pop("vocabulary_size", None)
        self._has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        kwargs.pop("trainable", None)
        kwargs.pop("dtype", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword argument(s): {kwargs}")
        super().__init__(name=name)
        self.invert = invert
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.output_mode = output_mode
        self.sparse = sparse
        self.pad_to_max_tokens = pad_to_max_tokens
        self.vocabulary_dtype = vocabulary_dtype
        self.oov_method = oov_method
        self.salt = salt
        self.input_vocabulary = vocabulary if not isinstance(vocabulary, str) else None
        self.input_idf_weights = idf_weights
        self._tokens: list = []
        self._index: dict = {}
        self.idf_weights = None
        if output_mode == "tf_idf":
            if self._has_input_vocabulary and idf_weights is None:
                raise ValueError(
                    "When specifying the `vocabulary` argument, in TF-IDF output mode, the "
                    "`idf_weights` argument must also be provided."
                )
            if idf_weights is not None:
                self.idf_weights = np.asarray(idf_weights, dtype=backend.floatx())
        self.reset_state()
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.built = True

    # -- indices ----------------------------------------------------------------------
    def _oov_start_index(self) -> int:
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self) -> int:
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self) -> int:
        """The vocabulary's size, special tokens included."""
        return len(self._tokens) + self._token_start_index()

    def get_vocabulary(self, include_special_tokens=True) -> list:
        """The tokens in index order (specials first unless `include_special_tokens` is
        False)."""
        vocab = [self.oov_token] * self._token_start_index() + list(self._tokens)
        if self.mask_token is not None and self.output_mode == "int":
            vocab[0] = self.mask_token
        if not include_special_tokens:
            vocab = vocab[self._token_start_index() :]
        return vocab

    # -- vocabulary -------------------------------------------------------------------
    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        """Set the vocabulary (a list/array of tokens, or a file path) and, in 'tf_idf'
        mode, the idf weights."""
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
        elif idf_weights is not None:
            raise ValueError(
                "`idf_weights` should only be set if output_mode is `'tf_idf'`. Received: "
                f"output_mode={self.output_mode} and idf_weights={idf_weights}"
            )
        if isinstance(vocabulary, str):
            self._set_vocabulary_file(vocabulary)
            return
        vocabulary = self._as_tokens(vocabulary)
        if len(vocabulary) == 0:
            raise ValueError(f"Cannot set an empty vocabulary. Received: vocabulary={vocabulary}")
        token_start = self._token_start_index()
        special = [self.mask_token] * self._oov_start_index() + [self.oov_token] * (
            self.num_oov_indices
        )
        found_special = list(vocabulary[:token_start]) == special
        tokens = list(vocabulary[token_start:]) if found_special else list(vocabulary)
        self._check_tokens(tokens, special, vocabulary)
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            self._set_idf_weights(idf_weights, len(vocabulary), found_special)

    def _set_vocabulary_file(self, path: str) -> None:
        if serialization_lib.in_safe_mode():
            raise ValueError(
                "Requested the loading of a vocabulary file outside of the model archive. "
                "This carries a potential risk of loading arbitrary and sensitive files and "
                "thus it is disallowed by default. If you trust the source of the artifact, "
                "you can override this error by passing `safe_mode=False` to the loading "
                "function, or calling `keras.config.enable_unsafe_deserialization(). "
                f"Vocabulary file: '{path}'"
            )
        if not os.path.exists(path):
            raise ValueError(f"Vocabulary file {path} does not exist.")
        if self.output_mode == "tf_idf":
            raise ValueError(
                "output_mode `'tf_idf'` does not support loading a vocabulary from file."
            )
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self._set_tokens(self._as_tokens(lines))

    def _check_tokens(self, tokens: list, special: list, vocabulary: list) -> None:
        repeated = [t for t, c in collections.Counter(tokens).items() if c > 1]
        if repeated:
            raise ValueError(
                "The passed vocabulary has at least one repeated term. Please uniquify your "
                f"dataset. The repeated terms are: {repeated}"
            )
        reserved = [("mask_token", self.mask_token)]
        if self.invert:
            reserved.append(("oov_token", self.oov_token))
        for name, token in reserved:
            if token is not None and token in tokens:
                index = len(vocabulary) - 1 - list(reversed(vocabulary)).index(token)
                kind = "mask" if name == "mask_token" else "OOV"
                raise ValueError(
                    f"Found reserved {kind} token at unexpected location in `vocabulary`. "
                    "Note that passed `vocabulary` does not need to include the OOV and mask "
                    "tokens. Either remove all mask and OOV tokens, or include them only at "
                    f"the start of the vocabulary in precisely this order: {special}. "
                    f"Received: {name}={token} at vocabulary index [{index}]"
                )
        size = self._token_start_index() + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError(
                "Attempted to set a vocabulary larger than the maximum vocab size. Received "
                f"vocabulary size is {size}; `max_tokens` is {self.max_tokens}."
            )

    def _set_idf_weights(self, idf_weights, vocab_length: int, found_special: bool) -> None:
        idf_weights = np.asarray(idf_weights)
        if vocab_length != len(idf_weights):
            raise ValueError(
                "`idf_weights` must be the same length as vocabulary. len(idf_weights) is "
                f"{len(idf_weights)}; len(vocabulary) is {vocab_length}"
            )
        if idf_weights.ndim != 1:
            raise ValueError(
                f"TF-IDF data must be a 1-index array. Received: type(idf_weights)="
                f"{type(idf_weights)}"
            )
        front = 0 if found_special else self._token_start_index()
        front_value = 0 if found_special else np.average(idf_weights)
        back = 0
        if self.pad_to_max_tokens and self.max_tokens is not None:
            back = self.max_tokens - front - len(idf_weights)
        weights = np.pad(idf_weights, (front, back), "constant",
                         constant_values=(front_value, 0))  # fmt: skip
        self.idf_weights = weights.astype(backend.floatx())

    def _as_tokens(self, values) -> list:
        """Vocabulary entries as Python str (string vocabularies) or int."""
        if isinstance(values, (gf.Tensor, gf.Variable)):
            values = values.numpy()
        if self.vocabulary_dtype == "string":
            return string_data.to_str_array(np.asarray(values, dtype=object)).tolist()
        return [int(v) for v in np.asarray(values).reshape(-1)]

    def _set_tokens(self, tokens: list) -> None:
        self._tokens = list(tokens)
        start = self._token_start_index()
        self._index = {token: start + i for i, token in enumerate(self._tokens)}
        self._record_vocabulary_size()

    def _record_vocabulary_size(self) -> None:
        if self.output_mode != "int" and not self.pad_to_max_tokens:
            size = self.vocabulary_size()
            if self._frozen_vocab_size is not None and size != self._frozen_vocab_size:
                raise RuntimeError(
                    f"When using `output_mode={self.output_mode}` and "
                    "`pad_to_max_tokens=False`, the vocabulary size cannot be changed after "
                    f"the layer is called. Old vocab size is {self._frozen_vocab_size}, new "
                    f"vocab size is {size}"
                )
        self._frozen_vocab_size = self.vocabulary_size()

    # -- adapt ------------------------------------------------------------------------
    def adapt(self, data, steps=None) -> None:
        """Learn the vocabulary (most frequent tokens first) from `data`: an array or
        list of tokens (rows are documents for 'tf_idf'), or a `gf.data.Dataset` /
        iterable of such batches (`steps` limits the batches read)."""
        self.reset_state()
        if isinstance(data, (list, tuple, np.ndarray, gf.Tensor)):
            array = string_data.to_numpy(data)
            if array.ndim == 1:
                array = array[:, None]
            self.update_state(array)
        else:
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch)
        self.finalize_state()

    def update_state(self, data) -> None:
        """Count the tokens of one batch (rows are documents)."""
        array = string_data.to_numpy(data)
        if array.ndim == 0:
            array = array[None]
        if array.ndim == 1:
            array = array[None]
        self._count_documents([self._as_tokens(row) for row in array.reshape(len(array), -1)])

    def _count_documents(self, documents: list) -> None:
        """Add each document's (list of tokens) counts to the adapt state."""
        if self._has_input_vocabulary:
            raise ValueError(
                f"Cannot adapt layer '{self.name}' after setting a static vocabulary via "
                "`vocabulary` argument or `set_vocabulary()` method."
            )
        for document in documents:
            self._token_counts.update(document)
            if self.output_mode == "tf_idf":
                self._document_counts.update(set(document))
        self._num_documents += len(documents)

    def finalize_state(self) -> None:
        """Turn the counted tokens into the vocabulary (and idf weights)."""
        if self._has_input_vocabulary or not self._token_counts:
            self._record_vocabulary_size()
            return
        self._token_counts.pop(self.mask_token, None)
        self._token_counts.pop(self.oov_token, None)
        # most frequent first; ties broken by the larger token, as Keras's reversed lexsort
        ranked = sorted(self._token_counts.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)
        if self.max_tokens:
            ranked = ranked[: self.max_tokens - self._token_start_index()]
        tokens = [token for token, _ in ranked]
        self._tokens, self._index = [], {}
        if self.output_mode == "tf_idf":
            counts = np.asarray([self._document_counts[t] for t in tokens], dtype=np.float64)
            idf = np.log(1 + self._num_documents / (1 + counts)).astype(backend.floatx())
            idf = np.pad(idf, (self._token_start_index(), 0), constant_values=np.mean(idf))
            if self.pad_to_max_tokens and self.max_tokens is not None:
                idf = np.pad(idf, (0, self.max_tokens - idf.size), constant_values=0)
            self.idf_weights = idf.astype(backend.floatx())
        self._set_tokens(tokens)
        self.reset_state()

    def reset_state(self) -> None:
        """Forget the counts gathered by `update_state`."""
        self._token_counts = collections.Counter()
        self._document_counts = collections.Counter()
        self._num_documents = 0

    # -- calling ----------------------------------------------------------------------
    def __call__(self, inputs, **kwargs):
        if self.vocabulary_dtype != "string":
            return super().__call__(inputs, **kwargs)
        if isinstance(inputs, KerasTensor) or context.state().tracer is not None:
            raise ValueError(
                f"Layer '{self.name}' maps strings, which gradflow tensors cannot hold: call "
                "it on NumPy string arrays or lists (e.g. in `gf.data.Dataset.map`), not on "
                f"symbolic inputs or in a traced function. Received: inputs={inputs}"
            )
        # text (or ids inverted to text) never becomes a gradflow tensor
        self._check_super_called()
        return self.call(inputs)

    def call(self, inputs):
        self._ensure_known_vocab_size()
        if self.vocabulary_dtype == "string":
            if self.invert:
                return self._invert_strings(string_data.to_numpy(inputs))
            lookups = gf.constant(self._lookup_strings(string_data.to_str_array(inputs)))
        else:
            inputs = backend.convert_to_tensor(inputs, dtype=self.vocabulary_dtype) \
                if not isinstance(inputs, gf.Tensor) else inputs  # fmt: skip
            if self.invert:
                return self._invert_integers(inputs)
            lookups = self._lookup_integers(inputs)
        return self._encode(lookups)

    def _encode(self, lookups):
        if self.output_mode == "int":
            return lookups
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        mode = "count" if self.output_mode == "tf_idf" else self.output_mode
        output = categorical.encode_categorical_inputs(lookups, mode, depth, backend.floatx())
        if self.output_mode == "tf_idf":
            if self.idf_weights is None:
                raise ValueError(
                    "When `output_mode` is `'tf_idf'`, `idf_weights` must be provided."
                )
            output = output * gf.constant(self.idf_weights)
        return output

    def _mask_value(self) -> int:
        return 0 if self.output_mode == "int" else _INT64_MAX

    def _lookup_strings(self, tokens: np.ndarray) -> np.ndarray:
        """int64 indices of an object array of str (NumPy)."""
        default = self._oov_start_index() if self.num_oov_indices == 1 else -1
        flat = tokens.reshape(-1)
        out = np.fromiter((self._index.get(t, default) for t in flat), np.int64, flat.size)
        oov = np.fromiter((t not in self._index for t in flat), bool, flat.size)
        if self.mask_token is not None:
            masked = flat == self.mask_token
            out[masked] = self._mask_value()
            oov &= ~masked
        self._fill_oov(out, oov, flat)
        return out.reshape(tokens.shape)

    def _fill_oov(self, out: np.ndarray, oov: np.ndarray, flat: np.ndarray) -> None:
        if not oov.any():
            return
        if self.num_oov_indices == 0:
            raise ValueError(
                "When `num_oov_indices=0` all inputs should be in vocabulary, found OOV "
                f"values {flat[oov].tolist()}, consider setting `num_oov_indices=1`."
            )
        if self.num_oov_indices > 1:
            strings = np.asarray([str(t) for t in flat[oov]], dtype=object)
            buckets = string_hash.hash_buckets(strings, self.num_oov_indices, self.salt)
            out[oov] = buckets + self._oov_start_index()

    def _invert_strings(self, ids: np.ndarray) -> np.ndarray:
        vocab = self.get_vocabulary()
        ids = ids.astype(np.int64)
        out = np.full(ids.shape, self.oov_token, dtype=object)
        valid = (ids >= self._token_start_index()) & (ids < len(vocab))
        out[valid] = np.asarray(vocab, dtype=object)[ids[valid]]
        if self.mask_token is not None:
            out[ids == 0] = self.mask_token
        return out

    def _lookup_integers(self, inputs):
        """int64 indices of an integer tensor, with gradflow ops (a sorted-key search)."""
        inputs = gnp.astype(inputs, "int64")
        default = self._oov_start_index() if self.num_oov_indices == 1 else -1
        lookups = gnp.full(inputs.shape, default, dtype="int64")
        found = gnp.zeros(inputs.shape, dtype="bool")
        if self._tokens:
            order = np.argsort(np.asarray(self._tokens, dtype=np.int64), kind="stable")
            keys = gf.constant(np.asarray(self._tokens, dtype=np.int64)[order])
            values = gf.constant((order + self._token_start_index()).astype(np.int64))
            flat = gnp.reshape(inputs, (-1,))
            position = gnp.clip(gnp.searchsorted(keys, flat), 0, len(self._tokens) - 1)
            found = gnp.reshape(gnp.take(keys, position) == flat, inputs.shape)
            lookups = gnp.where(found, gnp.reshape(gnp.take(values, position), inputs.shape),
                                lookups)  # fmt: skip
        masked = None
        if self.mask_token is not None:
            masked = inputs == int(self.mask_token)
            lookups = gnp.where(masked, gf.constant(np.int64(self._mask_value())), lookups)
        oov = ~found if masked is None else ~found & ~masked
        if self.num_oov_indices == 0 and context.state().tracer is None:
            if bool(gnp.any(oov).numpy()):
                raise ValueError(
                    "When `num_oov_indices=0` all inputs should be in vocabulary, found OOV "
                    f"values {np.asarray(inputs.numpy())[np.asarray(oov.numpy())].tolist()}, "
                    "consider setting `num_oov_indices=1`."
                )
        if self.num_oov_indices > 1:
            lookups = gnp.where(oov, self._integer_oov_buckets(inputs), lookups)
        return lookups

    def _integer_oov_buckets(self, inputs):
        if self.oov_method == "floormod":
            return gnp.remainder(inputs, self.num_oov_indices) + self._oov_start_index()
        if self.salt is None:
            flat = integer_hash.decimal_hash_buckets(
                gnp.reshape(inputs, (-1,)), self.num_oov_indices
            )
            return gnp.reshape(flat, inputs.shape) + self._oov_start_index()
        if context.state().tracer is not None:
            raise ValueError(
                f"Layer '{self.name}': a salted (SipHash) OOV hash runs in NumPy, so eagerly "
                "only (not in a traced function or model); drop the salt there."
            )
        strings = np.asarray([str(int(v)) for v in np.asarray(inputs.numpy()).reshape(-1)],
                             dtype=object).reshape(tuple(inputs.shape))  # fmt: skip
        buckets = string_hash.hash_buckets(strings, self.num_oov_indices, self.salt)
        return gf.constant(buckets + self._oov_start_index())

    def _invert_integers(self, ids):
        """Tokens of integer ids, with gradflow ops (a table gather)."""
        ids = gnp.astype(ids, "int64")
        table = np.asarray([self.oov_token if t is None else t for t in self.get_vocabulary()],
                           dtype=np.int64)  # fmt: skip
        size = len(table)
        valid = (ids >= self._token_start_index()) & (ids < size)
        gathered = gnp.take(gf.constant(table), gnp.reshape(gnp.clip(ids, 0, size - 1), (-1,)))
        gathered = gnp.reshape(gathered, ids.shape)
        out = gnp.where(valid, gathered, gf.constant(np.int64(self.oov_token)))
        if self.mask_token is not None:
            out = gnp.where(ids == 0, gf.constant(np.int64(self.mask_token)), out)
        return out

    def _ensure_known_vocab_size(self) -> None:
        if self.output_mode == "int" or self.pad_to_max_tokens:
            return
        if self._frozen_vocab_size is None:
            raise RuntimeError(
                f"When using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, "
                "you must set the layer's vocabulary before calling it. Either pass a "
                "`vocabulary` argument to the layer, or call `adapt` with some sample data."
            )

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        input_shape = tuple(input_shape)
        if self.output_mode == "one_hot":
            if len(input_shape) > 1 and input_shape[-1] == 1:
                return input_shape[:-1] + (depth,)
            return input_shape + (depth,)
        return input_shape[:-1] + (depth,)

    # -- saving -----------------------------------------------------------------------
    def save_own_variables(self, store) -> None:
        if self.output_mode == "tf_idf":
            store["idf_weights"] = np.asarray(self.idf_weights)

    def load_own_variables(self, store) -> None:
        if self.output_mode == "tf_idf":
            self.idf_weights = np.asarray(store["idf_weights"], dtype=backend.floatx())

    def save_assets(self, dir_path: str) -> None:
        """Write the learned vocabulary to `dir_path/vocabulary.txt` (Keras's asset)."""
        if self.input_vocabulary is not None:
            return
        vocabulary = self.get_vocabulary(include_special_tokens=True)
        with open(os.path.join(dir_path, "vocabulary.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(str(w) for w in vocabulary))

    def load_assets(self, dir_path: str) -> None:
        """Read the vocabulary written by `save_assets`."""
        if self.input_vocabulary is not None:
            return
        with open(os.path.join(dir_path, "vocabulary.txt"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        while lines and lines[-1] == "":
            lines.pop()
        values = lines if self.vocabulary_dtype == "string" else [int(x) for x in lines]
        if self.output_mode == "tf_idf":
            self.set_vocabulary(values, idf_weights=self.idf_weights)
        else:
            self.set_vocabulary(values)

    def get_build_config(self) -> dict:
        return {}

    def build_from_config(self, config) -> None:
        self.built = True

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "invert": self.invert,
            "max_tokens": self.max_tokens,
            "num_oov_indices": self.num_oov_indices,
            "oov_token": self.oov_token,
            "mask_token": self.mask_token,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "pad_to_max_tokens": self.pad_to_max_tokens,
            "vocabulary_dtype": self.vocabulary_dtype,
            "idf_weights": listify(self.input_idf_weights),
            "vocabulary": listify(self.input_vocabulary),
            "vocabulary_size": self._frozen_vocab_size,
            "oov_method": self.oov_method,
            "salt": self.salt,
        }


def _check_arguments(max_tokens, pad_to_max_tokens, num_oov_indices, oov_method, salt,
                     vocabulary_dtype):  # fmt: skip
    """Keras's argument checks; returns the salt as a pair (or None)."""
    if max_tokens is not None and max_tokens <= 1:
        raise ValueError(
            f"If set, `max_tokens` must be greater than 1. Received: max_tokens={max_tokens}"
        )
    if pad_to_max_tokens and max_tokens is None:
        raise ValueError(
            f"If pad_to_max_tokens is True, must set `max_tokens`. Received: "
            f"max_tokens={max_tokens}"
        )
    if num_oov_indices < 0:
        raise ValueError(
            "`num_oov_indices` must be greater than or equal to 0. Received: "
            f"num_oov_indices={num_oov_indices}"
        )
    if oov_method not in ("floormod", "farmhash"):
        raise ValueError(
            "Unknown value for `oov_method`. Allowed values are: ('floormod', 'farmhash'). "
            f"Received: oov_method={oov_method}"
        )
    if salt is None:
        return None
    if vocabulary_dtype != "string" and oov_method != "farmhash":
        raise ValueError(
            f"`salt` can only be used when `oov_method='farmhash'`. Received: "
            f"oov_method={oov_method}"
        )
    if isinstance(salt, (tuple, list)) and len(salt) == 2:
        return list(salt)
    if isinstance(salt, int):
        return [salt, salt]
    raise ValueError(
        "The `salt` argument for `IndexLookup` can only be a tuple of 2 integers, or a "
        f"single integer. Received: salt={salt}."
    )


def _check_output_mode(output_mode, invert, sparse, idf_weights, caller: str) -> None:
    if output_mode not in _OUTPUT_MODES:
        raise ValueError(
            f"Unknown value for `output_mode`. Allowed values are: {_OUTPUT_MODES}. "
            f"Received: output_mode={output_mode}"
        )
    if invert and output_mode != "int":
        raise ValueError(
            f"`output_mode` must be `'int'` when `invert` is true. Received: "
            f"output_mode={output_mode}"
        )
    if sparse:
        raise ValueError(
            f"{caller}: gradflow has no sparse tensors, so `sparse` must be False. "
            f"Received: sparse={sparse}"
        )
    if idf_weights is not None and output_mode != "tf_idf":
        raise ValueError(
            "`idf_weights` should only be set if `output_mode` is `'tf_idf'`. Received: "
            f"idf_weights={idf_weights} and output_mode={output_mode}"
        )
