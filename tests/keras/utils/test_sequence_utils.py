"""keras.utils.pad_sequences: Keras 3's exact results (expected values were printed by
keras 3.15.1's pad_sequences on the same inputs)."""

import numpy as np
import pytest

from gradflow.keras.utils.sequence_utils import pad_sequences

SEQS = [[1, 2, 3, 4], [5], [], [6, 7]]

CASES = [
    ({}, [[1, 2, 3, 4], [0, 0, 0, 5], [0, 0, 0, 0], [0, 0, 6, 7]], "int32"),
    ({"maxlen": 2}, [[3, 4], [0, 5], [0, 0], [6, 7]], "int32"),
    ({"maxlen": 2, "truncating": "post"}, [[1, 2], [0, 5], [0, 0], [6, 7]], "int32"),
    (
        {"maxlen": 3, "padding": "post", "truncating": "post", "value": -1},
        [[1, 2, 3], [5, -1, -1], [-1, -1, -1], [6, 7, -1]],
        "int32",
    ),
    (
        {"dtype": "float32", "value": 0.5, "maxlen": 5},
        [[0.5, 1, 2, 3, 4], [0.5, 0.5, 0.5, 0.5, 5], [0.5] * 5, [0.5, 0.5, 0.5, 6, 7]],
        "float32",
    ),
]


@pytest.mark.parametrize("kwargs, expected, dtype", CASES)
def test_matches_keras(kwargs, expected, dtype):
    result = pad_sequences(SEQS, **kwargs)
    assert result.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(result, expected)


def test_object_dtype_pads_strings():
    result = pad_sequences([["a", "b"], ["c"]], dtype=object, value="pad")
    assert result.dtype == object
    assert result.tolist() == [["a", "b"], ["pad", "c"]]


def test_elements_with_their_own_shape():
    result = pad_sequences([np.ones((2, 3)), np.zeros((1, 3))])
    assert result.shape == (2, 2, 3) and result.dtype == np.int32
    assert result[:, :, 0].tolist() == [[1, 1], [0, 0]]


@pytest.mark.parametrize(
    "sequences, kwargs, message",
    [
        (SEQS, {"padding": "mid"}, 'Padding type "mid" not understood'),
        (SEQS, {"truncating": "x", "maxlen": 1}, 'Truncating type "x" not understood'),
        ([[1], 2], {}, "must be a list of iterables. Found non-iterable: 2"),
        ([["a"]], {"value": "x"}, "You should set `dtype=object`"),
        ([np.ones((2, 3)), np.zeros((1, 2))], {}, r"Shape of sample \(2,\) of sequence at"),
        (5, {}, "`sequences` must be iterable"),
    ],
)
def test_errors(sequences, kwargs, message):
    with pytest.raises(ValueError, match=message):
        pad_sequences(sequences, **kwargs)
