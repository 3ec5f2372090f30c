"""The word-index processing IMDB and Reuters share, in Keras 3's exact order.

1. shuffle with `RandomState(seed)`; 2. add `index_from` and prepend `start_char`;
3. drop (not truncate) sequences with `len >= maxlen`; 4. default `num_words` to the
largest id; 5. replace ids outside `[skip_top, num_words)` by `oov_char` (or drop
them). Step 5 runs on the offset ids, which gives Keras's quirks: the largest id
becomes OOV even with `num_words=None`, and a `skip_top` above `start_char` turns the
start marker into OOV. Existing models and tutorials depend on these numbers.
"""

from __future__ import annotations

import numpy as np


def shuffled(rng: np.random.RandomState, xs: np.ndarray, labels: np.ndarray):
    """`xs` and `labels` in the order of one `rng.shuffle` of their indices."""
    indices = np.arange(len(xs))
    rng.shuffle(indices)
    return xs[indices], labels[indices]


def offset(xs, start_char, index_from) -> list[list[int]]:
    """Each sequence as `[start_char] + [w + index_from ...]` (no marker if None).

    Example:
    >>> offset([[1, 2]], start_char=1, index_from=3), offset([[1, 2]], None, 0)
    ([[1, 4, 5]], [[1, 2]])
    """
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    if index_from:
        return [[w + index_from for w in x] for x in xs]
    return [list(x) for x in xs]


def remove_long_seq(maxlen, seqs, labels):
    """The sequences strictly shorter than `maxlen`, with their labels.

    Example:
    >>> remove_long_seq(3, [[1, 2], [1, 2, 3]], [0, 1])
    ([[1, 2]], [0])
    """
    kept_seqs, kept_labels = [], []
    for x, y in zip(seqs, labels):
        if len(x) < maxlen:
            kept_seqs.append(x)
            kept_labels.append(y)
    return kept_seqs, kept_labels


def limit_vocabulary(xs, num_words, skip_top, oov_char):
    """Ids outside `[skip_top, num_words)` become `oov_char`, or go if it is None.

    `num_words` falsy means the largest id present (so that id itself becomes OOV).

    Example:
    >>> limit_vocabulary([[1, 4, 9]], None, 0, 2)
    [[1, 4, 2]]
    """
    if not num_words:
        num_words = max((max(x) for x in xs if len(x)), default=0)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def as_object_array(seqs) -> np.ndarray:
    """A 1-D object array of lists.

    Deliberately unlike Keras's `np.array(seqs, dtype="object")`, which collapses to a
    2-D object array when every sequence has the same length; here the shape is always
    `(len(seqs),)`, so `x[i]` is always a sequence.

    Example:
    >>> as_object_array([[1, 2], [3, 4]]).shape
    (2,)
    """
    array = np.empty(len(seqs), dtype=object)
    for i, x in enumerate(seqs):
        array[i] = list(x)  # one by one: a slice assignment would broadcast equal lengths
    return array
