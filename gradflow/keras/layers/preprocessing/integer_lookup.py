"""IntegerLookup: integer tokens to contiguous indices through a vocabulary."""

from __future__ import annotations

from gradflow.keras.layers.preprocessing.index_lookup import IndexLookup


class IntegerLookup(IndexLookup):
    """A preprocessing layer that maps integers to (possibly encoded) indices.

    The lookup runs on gradflow ops, so the layer works eagerly, inside traced
    functions and in models.

    Args:
        max_tokens: the largest vocabulary size (specials included), or None.
        num_oov_indices: the number of OOV buckets; OOV values go to
            `value mod num_oov_indices` ('floormod') or to FarmHash buckets of their
            decimal strings ('farmhash', eager only).
        mask_token: the value mapped to index 0, or None.
        oov_token: the value `invert` returns for OOV indices (-1).
        vocabulary: a list/array of ints or a path to a one-token-per-line file.
        vocabulary_dtype: 'int64' (the only one Keras accepts).
        idf_weights: the inverse document frequencies ('tf_idf' mode).
        invert: map indices back to values.
        output_mode: 'int', 'one_hot', 'multi_hot', 'count' or 'tf_idf'.
        sparse: must be False.
        pad_to_max_tokens: make encoded outputs `max_tokens` wide.
        oov_method: 'floormod' or 'farmhash'.
        salt: a SipHash key for 'farmhash' OOV hashing.

    Input shape:
        Any integer tensor.

    Output shape:
        'int': as input; otherwise the last axis becomes the vocabulary size.

    Example:
    >>> import numpy as np
    >>> layer = IntegerLookup(vocabulary=[12, 36, 1138, 42])
    >>> layer(np.array([[12, 1138, 42], [42, 1000, 36]])).numpy().tolist()
    [[1, 3, 4], [4, 0, 2]]
    """

    def __init__(
        self,
        max_tokens=None,
        num_oov_indices=1,
        mask_token=None,
        oov_token=-1,
        vocabulary=None,
        vocabulary_dtype="int64",
        idf_weights=None,
        invert=False,
        output_mode="int",
        sparse=False,
        pad_to_max_tokens=False,
        oov_method="floormod",
        salt=None,
        name=None,
        **kwargs,
    ):
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(
                "If `max_tokens` is set for `IntegerLookup`, it must be greater than 1. "
                f"Received: max_tokens={max_tokens}"
            )
        if num_oov_indices < 0:
            raise ValueError(
                "The value of `num_oov_indices` argument for `IntegerLookup` must >= 0. "
                f"Received: num_oov_indices={num_oov_indices}"
            )
        if vocabulary_dtype != "int64":
            raise ValueError(
                "Only `vocabulary_dtype='int64'` is supported at this time. Received: "
                f"vocabulary_dtype={vocabulary_dtype}"
            )
        super().__init__(
            max_tokens=max_tokens,
            num_oov_indices=num_oov_indices,
            mask_token=mask_token,
            oov_token=oov_token,
            vocabulary=vocabulary,
            vocabulary_dtype=vocabulary_dtype,
            idf_weights=idf_weights,
            invert=invert,
            output_mode=output_mode,
            sparse=sparse,
            pad_to_max_tokens=pad_to_max_tokens,
            oov_method=oov_method,
            salt=salt,
            name=name,
            **kwargs,
        )

    def get_config(self) -> dict:
        config = super().get_config()
        for key in ("oov_token", "mask_token"):
            if config[key] is not None:
                config[key] = int(config[key])
        if config["vocabulary"] is not None:
            config["vocabulary"] = [int(v) for v in config["vocabulary"]]
        return config
