"""TextVectorization: raw strings -> standardized -> split -> n-grams -> vocabulary
indices (or multi-hot/count/tf-idf vectors). Text runs in NumPy, so the layer is used
in `gf.data.Dataset.map` before the model (as Keras recommends on non-TF backends)."""

from __future__ import annotations

import re

import numpy as np

import gradflow as gf
from gradflow.core import context
from gradflow.keras import backend
from gradflow.keras.engine.keras_tensor import KerasTensor
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.preprocessing import string_data
from gradflow.keras.layers.preprocessing.index_lookup import listify
from gradflow.keras.layers.preprocessing.string_lookup import StringLookup
from gradflow.keras.saving import serialization_lib

# Keras's DEFAULT_STRIP_REGEX (`,-\.` is the range ',' to '.')
_STRIP_PUNCTUATION = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
_WHITESPACE = re.compile(r"[ \t\n\v\f\r]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")
_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def ngrams(tokens: list, widths: tuple) -> list:
    """TensorFlow's `strings.ngrams(separator=" ")`: all n-grams of each width in turn."""
    out = []
    for n in widths:
        out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


class TextVectorization(Layer):
    """A preprocessing layer which maps text features to integer sequences.

    Each string is standardized, split into tokens, optionally turned into n-grams,
    and looked up in a vocabulary (index 0 is the padding/mask token '', index 1 the
    OOV token '[UNK]'). Learn the vocabulary with `adapt()` or pass `vocabulary`.

    Args:
        max_tokens: the largest vocabulary size (padding and OOV included), or None.
        standardize: 'lower_and_strip_punctuation' (default), 'lower',
            'strip_punctuation', None, or a callable on an object array of str.
        split: 'whitespace' (default), 'character', None, or a callable mapping one
            string to a list of tokens.
        ngrams: None, an int n (1..n-grams) or a tuple of widths.
        output_mode: 'int' (default), 'multi_hot', 'count' or 'tf_idf'.
        output_sequence_length: 'int' mode: pad or truncate every sequence to this
            length (else pad to the longest in the batch).
        pad_to_max_tokens: make encoded outputs `max_tokens` wide.
        vocabulary: a list of strings or a path to a one-token-per-line file.
        idf_weights: the inverse document frequencies ('tf_idf' mode).
        sparse: must be False. ragged: must be False.
        encoding: the text encoding of `bytes` inputs.

    Input shape:
        `(batch_size,)` or `(batch_size, 1)` strings.

    Output shape:
        'int': `(batch_size, output_sequence_length)`; otherwise
        `(batch_size, vocabulary_size)`.

    Example:
    >>> layer = TextVectorization(output_sequence_length=4)
    >>> layer.adapt(["the cat sat", "the dog"])
    >>> layer(["The cat!", "a dog sat"]).numpy().tolist()
    [[2, 5, 0, 0], [1, 4, 3, 0]]
    """

    def __init__(
        self,
        max_tokens=None,
        standardize="lower_and_strip_punctuation",
        split="whitespace",
        ngrams=None,
        output_mode="int",
        output_sequence_length=None,
        pad_to_max_tokens=False,
        vocabulary=None,
        idf_weights=None,
        sparse=False,
        ragged=False,
        encoding="utf-8",
        name=None,
        **kwargs,
    ):
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        _check_arguments(standardize, split, ngrams, output_mode, output_sequence_length,
                         sparse, ragged)  # fmt: skip
        self._max_tokens = max_tokens
        self._standardize = standardize
        self._split = split
        self._ngrams_arg = ngrams
        self._ngrams = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        self._ragged = ragged
        self._output_mode = output_mode
        self._output_sequence_length = output_sequence_length
        self._encoding = encoding
        self._has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, **kwargs)
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens,
            vocabulary=vocabulary,
            idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens,
            mask_token="",
            output_mode=output_mode,
            sparse=sparse,
            has_input_vocabulary=self._has_input_vocabulary,
            encoding=encoding,
            vocabulary_size=vocabulary_size,
        )
        self.built = True

    # -- vocabulary -------------------------------------------------------------------
    def adapt(self, data, batch_size=None, steps=None) -> None:
        """Learn the vocabulary from `data`: a list/array of strings, or a
        `gf.data.Dataset` / iterable of batches of strings (`steps` limits them)."""
        self.reset_state()
        if isinstance(data, (list, tuple, np.ndarray)):
            self.update_state(data)
        else:
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch)
        self.finalize_state()

    def update_state(self, data) -> None:
        self._lookup_layer._count_documents(self._preprocess(data))

    def finalize_state(self) -> None:
        self._lookup_layer.finalize_state()

    def reset_state(self) -> None:
        self._lookup_layer.reset_state()

    def get_vocabulary(self, include_special_tokens=True) -> list:
        """The vocabulary in index order ('' and '[UNK]' first unless excluded)."""
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self) -> int:
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    # -- text processing ----------------------------------------------------------------
    def _preprocess(self, inputs) -> list:
        """Each input string as its list of tokens (or n-grams)."""
        texts = string_data.to_str_array(string_data.to_numpy(inputs), self._encoding)
        if texts.ndim == 0:
            texts = texts[None]
        if texts.ndim > 1:
            if self._split is not None and texts.shape[-1] != 1:
                raise ValueError(
                    "When using `TextVectorization` to tokenize strings, the input rank must "
                    "be 1 or the last shape dimension must be 1. Received: "
                    f"inputs.shape={texts.shape} with rank={texts.ndim}"
                )
            texts = texts.reshape(len(texts), -1)[:, 0] if self._split is not None else texts
        texts = self._apply_standardize(texts)
        documents = [self._apply_split(text) for text in texts.reshape(-1)]
        if self._ngrams is not None:
            documents = [ngrams(tokens, self._ngrams) for tokens in documents]
        return documents

    def _apply_standardize(self, texts: np.ndarray) -> np.ndarray:
        if callable(self._standardize):
            return string_data.to_str_array(self._standardize(texts), self._encoding)
        out = texts.copy()
        flat = out.reshape(-1)
        for i, text in enumerate(flat):
            if self._standardize in ("lower", "lower_and_strip_punctuation"):
                text = text.translate(_ASCII_LOWER)  # tf.strings.lower: ASCII only
            if self._standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
                text = _STRIP_PUNCTUATION.sub("", text)
            flat[i] = text
        return out

    def _apply_split(self, text: str) -> list:
        if self._split is None:
            return [text]
        if self._split == "whitespace":
            return [t for t in _WHITESPACE.split(text) if t]
        if self._split == "character":
            return list(text)
        return [str(t) for t in self._split(text)]

    # -- calling ----------------------------------------------------------------------
    def __call__(self, inputs, **kwargs):
        if isinstance(inputs, KerasTensor) or context.state().tracer is not None:
            raise ValueError(
                f"Layer '{self.name}' processes text in NumPy: call it on string arrays or "
                "lists, e.g. in `gf.data.Dataset.map` before the model, not on symbolic "
                f"inputs or in a traced function. Received: inputs={inputs}"
            )
        self._check_super_called()
        return self.call(inputs)

    def call(self, inputs):
        documents = self._preprocess(inputs)
        lookup = self._lookup_layer
        lookup._ensure_known_vocab_size()
        if self._output_mode != "int":
            return self._encode_documents(documents)
        length = self._output_sequence_length
        if length is None:
            length = max((len(d) for d in documents), default=0)
        ids = np.zeros((len(documents), length), dtype=np.int64)
        for row, tokens in enumerate(documents):
            tokens = tokens[:length]
            if tokens:
                ids[row, : len(tokens)] = lookup._lookup_strings(np.asarray(tokens, object))
        return gf.constant(ids)

    def _encode_documents(self, documents: list):
        """Per-document multi-hot / count / tf-idf vectors (padding is not counted)."""
        lookup = self._lookup_layer
        depth = lookup.max_tokens if lookup.pad_to_max_tokens else lookup._frozen_vocab_size
        if self._output_mode == "one_hot" and any(len(d) != 1 for d in documents):
            raise ValueError(
                "TextVectorization: output_mode='one_hot' encodes one token per input (use "
                "split=None); use 'multi_hot', 'count' or 'tf_idf' for documents. Received: "
                "output_mode=one_hot"
            )
        out = np.zeros((len(documents), depth), dtype=backend.floatx())
        for row, tokens in enumerate(documents):
            if not tokens:
                continue
            ids = lookup._lookup_strings(np.asarray(tokens, dtype=object))
            ids = ids[(ids >= 0) & (ids < depth)]
            if self._output_mode in ("multi_hot", "one_hot"):
                out[row, ids] = 1
            else:
                np.add.at(out[row], ids, 1)
        if self._output_mode == "tf_idf":
            out = out * lookup.idf_weights
        return gf.constant(out)

    def compute_output_shape(self, input_shape):
        if self._output_mode == "int":
            return (input_shape[0], self._output_sequence_length)
        if self._split is None:
            if len(input_shape) <= 1:
                input_shape = tuple(input_shape) + (1,)
        else:
            input_shape = tuple(input_shape) + (None,)
        return self._lookup_layer.compute_output_shape(input_shape)

    # -- saving -----------------------------------------------------------------------
    def save_own_variables(self, store) -> None:
        self._lookup_layer.save_own_variables(store)

    def load_own_variables(self, store) -> None:
        self._lookup_layer.load_own_variables(store)

    def save_assets(self, dir_path: str) -> None:
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path: str) -> None:
        self._lookup_layer.load_assets(dir_path)

    def get_config(self) -> dict:
        lookup = self._lookup_layer
        return {
            **super().get_config(),
            "max_tokens": lookup.max_tokens,
            "standardize": self._standardize,
            "split": self._split,
            "ngrams": self._ngrams_arg,
            "output_mode": self._output_mode,
            "output_sequence_length": self._output_sequence_length,
            "pad_to_max_tokens": lookup.pad_to_max_tokens,
            "sparse": lookup.sparse,
            "ragged": self._ragged,
            "vocabulary": listify(lookup.input_vocabulary),
            "idf_weights": listify(lookup.input_idf_weights),
            "encoding": self._encoding,
            "vocabulary_size": self.vocabulary_size(),
        }

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        for key in ("standardize", "split"):
            if config.get(key) is not None and not isinstance(config[key], str):
                config[key] = serialization_lib.deserialize_keras_object(config[key])
        if isinstance(config.get("ngrams"), list):
            config["ngrams"] = tuple(config["ngrams"])
        return cls(**config)


def _check_arguments(standardize, split, ngrams, output_mode, output_sequence_length, sparse,
                     ragged) -> None:  # fmt: skip
    """Keras's argument checks."""
    if not (standardize is None or callable(standardize) or standardize in _STANDARDIZE):
        raise ValueError(
            f"Unknown value for `standardize`. Allowed values are: {_STANDARDIZE}, None or a "
            f"callable. Received: standardize={standardize}"
        )
    if not (split is None or callable(split) or split in _SPLIT):
        raise ValueError(
            f"Unknown value for `split`. Allowed values are: {_SPLIT}, None or a callable. "
            f"Received: split={split}"
        )
    if output_mode not in _OUTPUT_MODES:
        raise ValueError(
            f"Unknown value for `output_mode`. Allowed values are: {_OUTPUT_MODES}. "
            f"Received: output_mode={output_mode}"
        )
    if not (ngrams is None or isinstance(ngrams, int)
            or isinstance(ngrams, tuple) and all(isinstance(n, int) for n in ngrams)):  # fmt: skip
        raise ValueError(
            f"`ngrams` must be None, an integer, or a tuple of integers. Received: ngrams={ngrams}"
        )
    if output_mode == "int" and not (
        output_sequence_length is None or isinstance(output_sequence_length, int)
    ):
        raise ValueError(
            "`output_sequence_length` must be either None or an integer when `output_mode` "
            f"is 'int'. Received: output_sequence_length={output_sequence_length}"
        )
    if output_mode != "int" and output_sequence_length is not None:
        raise ValueError(
            "`output_sequence_length` must not be set if `output_mode` is not 'int'. "
            f"Received output_sequence_length={output_sequence_length}."
        )
    if sparse or ragged:
        raise ValueError(
            "gradflow has no sparse or ragged tensors: `sparse` and `ragged` must be False. "
            f"Received: sparse={sparse}, ragged={ragged}"
        )
