import numpy as np
import pytest

import gradflow as gf
from gradflow.keras.layers import activations
from gradflow.testing.layer_test import run_layer_test

ROWS = [
    (activations.ReLU, {"max_value": 6.0, "negative_slope": 0.1, "threshold": 0.5}, 0),
    (activations.LeakyReLU, {"negative_slope": 0.2}, 0),
    (activations.ELU, {"alpha": 0.5}, 0),
    (activations.Softmax, {"axis": -1}, 0),
    (activations.Softmax, {"axis": (1, 2)}, 0),
    (activations.PReLU, {"shared_axes": [1], "alpha_initializer": "ones"}, 1),
]


@pytest.mark.parametrize(
    "cls, kwargs, n_weights", ROWS, ids=[f"{r[0].__name__}-{i}" for i, r in enumerate(ROWS)]
)
def test_activation_harness(cls, kwargs, n_weights):
    run_layer_test(
        cls,
        kwargs,
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_trainable_weights=n_weights,
        supports_masking=True,
    )


def test_relu_arguments_shape_the_curve():
    x = np.array([-2.0, 0.2, 0.7, 3.0], "float32")
    y = activations.ReLU(max_value=1.0, negative_slope=0.5, threshold=0.5)(x)
    np.testing.assert_allclose(np.asarray(y), [-1.25, -0.15, 0.7, 1.0], rtol=1e-6)


def test_leaky_relu_accepts_deprecated_alpha():
    layer = activations.LeakyReLU(alpha=0.5)
    assert layer.negative_slope == 0.5
    assert np.asarray(layer(np.array([-2.0], "float32"))).tolist() == [-1.0]


def test_prelu_alpha_shape_and_input_spec():
    layer = activations.PReLU(shared_axes=[1, 2])
    layer(np.ones((2, 3, 4, 5), "float32"))
    assert layer.alpha.shape == (1, 1, 5)
    with pytest.raises(ValueError, match="expected axis 3 of input shape to have value 5"):
        layer(np.ones((2, 3, 4, 6), "float32"))


def test_softmax_mask_gives_zero_probability_and_works_traced():
    layer = activations.Softmax()
    x = gf.constant(np.zeros((1, 4), "float32"))
    mask = gf.constant(np.array([[1.0, 0.0, 1.0, 0.0]], "float32"))  # float masks: > 0.5
    out = gf.function(lambda a, m: layer(a, mask=m))(x, mask)
    assert np.asarray(out).tolist() == [[0.5, 0.0, 0.5, 0.0]]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: activations.ReLU(max_value=-1.0), "max_value=-1.0"),
        (lambda: activations.ReLU(negative_slope=-0.1), "negative_slope=-0.1"),
        (lambda: activations.ReLU(threshold=None), "threshold=None"),
        (lambda: activations.LeakyReLU(negative_slope=-1), "negative_slope=-1"),
    ],
)
def test_bad_arguments_raise_in_keras_words(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_softmax_rejects_unbroadcastable_mask():
    with pytest.raises(ValueError, match="must be broadcastable"):
        activations.Softmax()(np.zeros((2, 3), "float32"), mask=np.ones((2, 4), bool))
