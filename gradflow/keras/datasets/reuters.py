"""Reuters newswire topic classification dataset."""

from __future__ import annotations

import json

import numpy as np

from gradflow.keras.datasets import local_sources, safe_pickle
from gradflow.keras.datasets import word_sequences as ws

NAME = "reuters"
BASE_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
ORIGIN = BASE_URL + "reuters.npz"
FILE_HASH = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
WORD_INDEX_ORIGIN = BASE_URL + "reuters_word_index.json"
WORD_INDEX_HASH = "4d44cc38712099c9e383dc6e5f11a921"
LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing",
    "money-supply", "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass",
    "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp", "meal-feed", "alum",
    "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail", "ipi",
    "iron-steel", "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem",
    "dlr", "gas", "silver", "wpi", "hog", "lead",
)  # fmt: skip


def load_data(
    path="reuters.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    test_split=0.2,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
):
    """Loads the Reuters newswire classification dataset.

    11,228 newswires from Reuters-21578, labeled over 46 topics (`get_label_names`),
    each encoded as a list of word indexes as in `imdb.load_data`. The file holds
    one pool, shuffled with `seed` and split at `int(len(x) * (1 - test_split))`.
    The processing follows Keras exactly, quirks included (a `maxlen` filter may leave
    the train part empty); the one difference is that `x` is always a 1-D object
    array of lists.

    Args:
        path: The file name under `~/.keras/datasets`.
        num_words: Keep ids below this; None keeps all (but turns the single largest id
            into `oov_char`, as in Keras).
        skip_top: Ids below this become `oov_char`.
        maxlen: Drop sequences whose length (with the start marker) is not below
            this. None keeps all.
        test_split: Fraction of the dataset used as test data (0.2: 8,982/2,246).
        seed: Seed for the shuffle.
        start_char: Marks the start of each sequence (None: no marker).
        oov_char: Replaces cut words (None: cut words are removed).
        index_from: Added to every word rank.

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`: object arrays of
        lists of ints, and the int topic ids (0-45) as stored.

    Example:
    >>> get_label_names()[3], get_label_names()[4]
    ('earn', 'acq')
    """
    path = local_sources.fetch_file(NAME, path, ORIGIN, FILE_HASH)
    f = safe_pickle.load_npz(path)
    xs, labels = ws.shuffled(np.random.RandomState(seed), f["x"], f["y"])
    label_dtype = labels.dtype
    xs = ws.offset(xs, start_char, index_from)
    if maxlen:
        xs, labels = ws.remove_long_seq(maxlen, xs, labels)
    xs = ws.limit_vocabulary(xs, num_words, skip_top, oov_char)
    split = int(len(xs) * (1 - test_split))
    return (ws.as_object_array(xs[:split]), np.asarray(labels[:split], dtype=label_dtype)), (
        ws.as_object_array(xs[split:]),
        np.asarray(labels[split:], dtype=label_dtype),
    )


def get_word_index(path="reuters_word_index.json"):
    """Retrieves a dict mapping words to their rank in the Reuters dataset ("the" is 1).

    In `load_data`'s output a word's id is its rank plus `index_from` (3 by default);
    0, 1 and 2 are padding, start and out-of-vocabulary.

    Args:
        path: The file name under `~/.keras/datasets`.

    Returns:
        The word index dictionary: word strings to integer ranks.

    Example:
    >>> WORD_INDEX_ORIGIN.rsplit("/", 1)[-1]
    'reuters_word_index.json'
    """
    path = local_sources.fetch_file(NAME, path, WORD_INDEX_ORIGIN, WORD_INDEX_HASH)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def get_label_names():
    """The 46 topic names, indexed by label id (3 is "earn", 16 is "crude").

    Returns:
        A tuple of strings.

    Example:
    >>> len(get_label_names()), get_label_names()[16]
    (46, 'crude')
    """
    return LABEL_NAMES
