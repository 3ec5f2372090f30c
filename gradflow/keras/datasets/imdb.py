"""IMDB sentiment classification dataset."""

from __future__ import annotations

import json

import numpy as np

from gradflow.keras.datasets import local_sources, safe_pickle
from gradflow.keras.datasets import word_sequences as ws

NAME = "imdb"
BASE_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
ORIGIN = BASE_URL + "imdb.npz"
FILE_HASH = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
WORD_INDEX_ORIGIN = BASE_URL + "imdb_word_index.json"
WORD_INDEX_HASH = "bfafd718b763782e994055a2d397834f"


def load_data(
    path="imdb.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
    **kwargs,
):
    """Loads the [IMDB dataset](https://ai.stanford.edu/~amaas/data/sentiment/).

    25,000 training and 25,000 test movie reviews labeled by sentiment (1 positive,
    0 negative), each encoded as a list of word indexes; a word's index is its
    frequency rank plus `index_from` (0 is padding, `start_char` starts a sequence,
    `oov_char` marks words cut by `num_words`/`skip_top`). The processing follows
    Keras exactly, quirks included (see `word_sequences`); the one difference is that
    `x` is always a 1-D object array of lists.

    Args:
        path: The file name under `~/.keras/datasets`.
        num_words: Keep ids below this (the most frequent words); None keeps all (but,
            as in Keras, turns the single largest id into `oov_char`).
        skip_top: Ids below this become `oov_char` (this includes `start_char` when
            `skip_top > start_char`, as in Keras).
        maxlen: Drop sequences whose length (with the start marker) is not below
            this. None keeps all.
        seed: Seed for the shuffle of train and then test.
        start_char: Marks the start of each sequence (None: no marker).
        oov_char: Replaces cut words (None: cut words are removed).
        index_from: Added to every word rank.
        **kwargs: Accepted and ignored, as in Keras.

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`: object arrays of
        lists of ints, and the int labels as stored.

    Example:
    >>> from gradflow.keras.datasets import word_sequences
    >>> word_sequences.offset([[1, 5]], start_char=1, index_from=3)  # "the" (rank 1) is 4
    [[1, 4, 8]]
    """
    path = local_sources.fetch_file(NAME, path, ORIGIN, FILE_HASH)
    f = safe_pickle.load_npz(path)
    rng = np.random.RandomState(seed)
    x_train, labels_train = ws.shuffled(rng, f["x_train"], f["y_train"])
    x_test, labels_test = ws.shuffled(rng, f["x_test"], f["y_test"])
    label_dtype = labels_train.dtype

    x_train = ws.offset(x_train, start_char, index_from)
    x_test = ws.offset(x_test, start_char, index_from)
    if maxlen:
        x_train, labels_train = ws.remove_long_seq(maxlen, x_train, labels_train)
        x_test, labels_test = ws.remove_long_seq(maxlen, x_test, labels_test)
        if not x_train or not x_test:
            raise ValueError(
                f"After filtering for sequences shorter than maxlen={maxlen}, no sequence "
                "was kept. Increase maxlen."
            )
    xs = ws.limit_vocabulary(x_train + x_test, num_words, skip_top, oov_char)
    split = len(x_train)
    return (ws.as_object_array(xs[:split]), np.asarray(labels_train, dtype=label_dtype)), (
        ws.as_object_array(xs[split:]),
        np.asarray(labels_test, dtype=label_dtype),
    )


def get_word_index(path="imdb_word_index.json"):
    """Retrieves a dict mapping words to their rank in the IMDB dataset ("the" is 1).

    To decode a sequence from `load_data`, subtract `index_from` from each id; ids 0,
    1 and 2 are padding, start and out-of-vocabulary.

    Args:
        path: The file name under `~/.keras/datasets`.

    Returns:
        The word index dictionary: word strings to integer ranks.

    Example:
    >>> WORD_INDEX_ORIGIN.rsplit("/", 1)[-1]
    'imdb_word_index.json'
    """
    path = local_sources.fetch_file(NAME, path, WORD_INDEX_ORIGIN, WORD_INDEX_HASH)
    with open(path, encoding="utf-8") as f:
        return json.load(f)
