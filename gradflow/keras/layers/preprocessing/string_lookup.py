"""StringLookup: strings to integer indices through a vocabulary."""

from __future__ import annotations

from gradflow.keras.layers.preprocessing.index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """A preprocessing layer that maps strings to (possibly encoded) indices.

    Strings run in NumPy (call the layer on NumPy string arrays or lists, e.g. inside
    `gf.data.Dataset.map`); the indices come back as an int64 gradflow tensor, or as
    float vectors in the 'one_hot'/'multi_hot'/'count'/'tf_idf' modes. With
    `invert=True` indices map back to an object array of strings.

    Args:
        max_tokens: the largest vocabulary size (specials included), or None.
        num_oov_indices: the number of OOV buckets (strings are hashed with FarmHash
            Fingerprint64, or SipHash under `salt`, into them when > 1).
        mask_token: the token mapped to index 0, or None.
        oov_token: the token `invert` returns for OOV indices ('[UNK]').
        vocabulary: a list/array of strings or a path to a one-token-per-line file.
        idf_weights: the inverse document frequencies ('tf_idf' mode).
        invert: map indices back to strings.
        output_mode: 'int', 'one_hot', 'multi_hot', 'count' or 'tf_idf'.
        pad_to_max_tokens: make encoded outputs `max_tokens` wide.
        sparse: must be False.
        encoding: the text encoding of `bytes` inputs ('utf-8').
        salt: a SipHash key (int or pair) for OOV hashing.

    Input shape:
        Any array of strings (or of indices with `invert=True`).

    Output shape:
        'int': as input; otherwise the last axis becomes the vocabulary size.

    Example:
    >>> layer = StringLookup(vocabulary=["a", "b", "c", "d"])
    >>> layer([["a", "c", "d"], ["d", "z", "b"]]).numpy().tolist()
    [[1, 3, 4], [4, 0, 2]]
    """

    def __init__(
        self,
        max_tokens=None,
        num_oov_indices=1,
        mask_token=None,
        oov_token="[UNK]",
        vocabulary=None,
        idf_weights=None,
        invert=False,
        output_mode="int",
        pad_to_max_tokens=False,
        sparse=False,
        encoding="utf-8",
        name=None,
        salt=None,
        **kwargs,
    ):
        self.encoding = encoding
        kwargs.pop("vocabulary_dtype", None)
        super().__init__(
            max_tokens=max_tokens,
            num_oov_indices=num_oov_indices,
            mask_token=mask_token,
            oov_token=oov_token,
            vocabulary=vocabulary,
            idf_weights=idf_weights,
            invert=invert,
            output_mode=output_mode,
            pad_to_max_tokens=pad_to_max_tokens,
            sparse=sparse,
            name=name,
            salt=salt,
            vocabulary_dtype="string",
            **kwargs,
        )

    def get_config(self) -> dict:
        config = super().get_config()
        del config["vocabulary_dtype"]  # strings have one dtype, so Keras omits it
        return {**config, "encoding": self.encoding}
