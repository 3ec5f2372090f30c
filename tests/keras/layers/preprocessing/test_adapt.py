"""`adapt` reads arrays, tensors, lists of batches and gf.data Datasets alike."""

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras.layers.preprocessing import Discretization, Normalization

X = np.random.default_rng(3).normal(2.0, 3.0, size=(40, 4)).astype("float32")


@pytest.mark.parametrize("source", [
    lambda: X, lambda: gf.constant(X), lambda: [X[:15], X[15:32], X[32:]],
    lambda: gf.data.Dataset.from_tensor_slices(X).batch(16),
    lambda: gf.data.Dataset.from_tensor_slices((X, X[:, 0])).batch(7),
    lambda: gf.data.Dataset.from_tensor_slices(X),  # unbatched rows: batched by 128
], ids=["array", "tensor", "batches", "dataset", "dataset_xy", "dataset_unbatched"])  # fmt: skip
def test_normalization_adapt_sources_agree(source):
    layer = Normalization()
    layer.adapt(source())
    mean, var = layer.get_weights()[:2]
    np.testing.assert_allclose(mean, X.mean(axis=0), rtol=1e-5)
    np.testing.assert_allclose(var, X.var(axis=0), rtol=1e-4)


def test_normalization_rejects_an_incompatible_shape():
    layer = Normalization()
    layer.adapt(X)
    with pytest.raises(ValueError, match="incompatible shape"):
        layer.adapt(np.ones((3, 5), "float32"))
    with pytest.raises(ValueError, match="both `mean` and `variance`"):
        Normalization(mean=1.0)


def test_discretization_adapt_on_a_dataset_equals_arrays():
    from_array = Discretization(num_bins=4)
    from_array.adapt(X[:, :1])
    from_dataset = Discretization(num_bins=4)
    from_dataset.adapt(gf.data.Dataset.from_tensor_slices(X[:, :1]).batch(40))
    np.testing.assert_allclose(from_dataset.bin_boundaries, from_array.bin_boundaries)
    assert len(from_array.bin_boundaries) == 3
    with pytest.raises(ValueError, match="`num_bins` or `bin_boundaries`"):
        Discretization()
