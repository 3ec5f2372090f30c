"""gf.nn convolutions: behaviour the op table does not cover (shapes, layouts, errors,
agreement of the kernels' internal paths). Values are checked in the op table
(gradflow/testing/op_table/nn_conv.py) against scipy references."""

import numpy as np
import pytest

import gradflow as gf
from gradflow.core.spec import TensorSpec
from gradflow.nn.convolution import conv, conv_transpose, depthwise_conv, separable_conv
from gradflow.ops import conv as conv_ops
from gradflow.testing.op_table.nn_conv import ref_conv, ref_conv_transpose

RNG = np.random.default_rng(0)


def rand(*shape, dtype="float64"):
    return RNG.standard_normal(shape).astype(dtype)


@pytest.mark.parametrize(
    "x_shape,k_shape,kwargs,expected",
    [
        ((2, 28, 28, 3), (3, 3, 3, 8), {}, (2, 26, 26, 8)),
        ((2, 28, 28, 3), (3, 3, 3, 8), dict(padding="same"), (2, 28, 28, 8)),
        ((2, 28, 28, 3), (3, 3, 3, 8), dict(padding="same", strides=2), (2, 14, 14, 8)),
        ((2, 27, 27, 3), (3, 3, 3, 8), dict(padding="same", strides=2), (2, 14, 14, 8)),
        ((2, 28, 28, 3), (3, 3, 3, 8), dict(dilation_rate=2), (2, 24, 24, 8)),
        ((2, 10, 4), (5, 4, 6), dict(strides=3), (2, 2, 6)),
        ((1, 6, 7, 8, 2), (2, 3, 3, 2, 4), dict(padding="same"), (1, 6, 7, 8, 4)),
        ((2, 3, 28, 28), (3, 3, 3, 8), dict(data_format="channels_first"), (2, 8, 26, 26)),
        ((2, 9, 9, 6), (3, 3, 2, 9), {}, (2, 7, 7, 9)),  # 3 groups
    ],
)
def test_conv_output_shapes(x_shape, k_shape, kwargs, expected):
    assert conv(rand(*x_shape), rand(*k_shape), **kwargs).shape == expected


def test_same_padding_puts_the_odd_element_on_the_right_as_tf():
    x = np.arange(1.0, 10.0).reshape(1, 3, 3, 1)
    k = np.ones((2, 2, 1, 1))
    y = conv(x, k, padding="same").numpy()[0, :, :, 0]
    # windows start at each pixel and the padding row/column is at the bottom/right
    np.testing.assert_array_equal(y, [[12, 16, 9], [24, 28, 15], [15, 17, 9]])


def test_channels_first_equals_channels_last():
    x, k = rand(2, 7, 6, 4), rand(3, 2, 2, 6)
    last = conv(x, k, strides=(2, 1), padding="same", dilation_rate=(1, 2))
    first = conv(
        np.moveaxis(x, -1, 1),
        k,
        strides=(2, 1),
        padding="same",
        dilation_rate=(1, 2),
        data_format="channels_first",
    )
    np.testing.assert_allclose(np.moveaxis(first.numpy(), 1, -1), last.numpy(), atol=1e-12)


def test_groups_are_independent_convolutions_of_channel_blocks():
    x, k = rand(2, 6, 6, 6), rand(3, 3, 2, 6)
    y = conv(x, k, padding="same").numpy()
    blocks = [
        conv(x[..., 2 * i : 2 * i + 2], k[..., 2 * i : 2 * i + 2], padding="same") for i in range(3)
    ]
    np.testing.assert_allclose(y, np.concatenate([b.numpy() for b in blocks], -1), atol=1e-12)


def test_depthwise_conv_is_a_grouped_conv_and_separable_adds_a_pointwise_step():
    x, k, p = rand(1, 6, 6, 3), rand(3, 3, 3, 2), rand(1, 1, 6, 4)
    dw = depthwise_conv(x, k, padding="same").numpy()
    np.testing.assert_allclose(
        dw, conv(x, k.reshape(3, 3, 1, 6), padding="same").numpy(), atol=1e-12
    )
    sep = separable_conv(x, k, p, padding="same").numpy()
    np.testing.assert_allclose(sep, np.tensordot(dw, p[0, 0], axes=1), atol=1e-12)


def test_integer_inputs_give_float32():
    x = np.ones((1, 4, 4, 1), np.int32)
    y = conv(x, np.ones((2, 2, 1, 1), np.int32))
    assert y.dtype == gf.float32
    assert float(y[0, 0, 0, 0]) == 4.0


@pytest.mark.parametrize(
    "x_shape,k_shape,kwargs,expected",
    [
        ((1, 5, 5, 2), (3, 3, 4, 2), {}, (1, 7, 7, 4)),
        ((1, 5, 5, 2), (3, 3, 4, 2), dict(strides=2), (1, 11, 11, 4)),
        ((1, 5, 5, 2), (2, 2, 4, 2), dict(strides=3), (1, 15, 15, 4)),  # max(k, s)
        ((1, 5, 5, 2), (3, 3, 4, 2), dict(strides=2, padding="same"), (1, 10, 10, 4)),
        ((1, 5, 5, 2), (3, 3, 4, 2), dict(strides=2, output_padding=1), (1, 12, 12, 4)),
        ((1, 5, 2), (3, 4, 2), dict(strides=2, padding="same", output_padding=0), (1, 9, 4)),
        ((1, 5, 2), (3, 4, 2), dict(dilation_rate=2, padding="same"), (1, 5, 4)),
        ((1, 2, 5, 5), (3, 3, 4, 2), dict(data_format="channels_first"), (1, 4, 7, 7)),
    ],
)
def test_conv_transpose_output_shapes_follow_keras(x_shape, k_shape, kwargs, expected):
    assert conv_transpose(rand(*x_shape), rand(*k_shape), **kwargs).shape == expected


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(padding="same"),
        dict(strides=2, padding="same"),
        dict(strides=2),
        dict(strides=3, padding="same"),
        dict(dilation_rate=2, padding="same"),
    ],
)
def test_conv_transpose_is_the_adjoint_of_conv(kwargs):
    x, k = rand(1, 6, 6, 2), rand(3, 3, 2, 3)
    y = conv(x, k, **kwargs).numpy()
    v = rand(*y.shape)
    back = conv_transpose(v, k, **kwargs).numpy()
    # 'valid' with a stride may leave the input's last rows unread: the transposed
    # convolution's output stops before them
    x = x[:, : back.shape[1], : back.shape[2]]
    np.testing.assert_allclose(np.sum(y * v), np.sum(x * back), rtol=1e-10)


def test_conv_transpose_matches_tf_where_output_padding_extends_the_output():
    x, k = rand(1, 3, 3, 2), rand(3, 3, 2, 2)
    got = conv_transpose(x, k, strides=2, padding="valid", output_padding=2).numpy()
    want = ref_conv_transpose(x, k, strides=2, padding="valid", output_padding=2)
    np.testing.assert_allclose(got, want, atol=1e-12)


@pytest.mark.parametrize(
    "strides,padding,dilation,groups",
    [
        ((1, 1), ((1, 1), (1, 1)), (1, 1), 1),
        ((1, 1), ((0, 2), (2, 0)), (2, 1), 2),
        ((1, 1), ((4, -1), (-1, 3)), (1, 2), 1),  # padding wider than the kernel; crops
    ],
)
def test_input_gradient_paths_agree(strides, padding, dilation, groups):
    # stride 1 computes the input gradient as a convolution with the flipped kernel;
    # the col2im scatter used at larger strides must give the same numbers
    x, w = rand(2, 7, 6, 4), rand(3, 2, 4 // groups, 6)
    attrs = dict(strides=strides, padding=padding, dilation=dilation, groups=groups)
    y = conv_ops._conv_numpy(x, w, **attrs)
    g = rand(*y.shape)
    flipped = conv_ops._conv_input_grad_numpy(g, w, input_spatial=(7, 6), **attrs)
    scattered = conv_ops._col2im_input_grad(g, w, (7, 6), strides, padding, dilation, groups)
    np.testing.assert_allclose(flipped, scattered, atol=1e-12)
    np.testing.assert_allclose(np.sum(flipped * x), np.sum(y * g), rtol=1e-10)


def test_float32_matches_the_reference():
    x, k = rand(4, 9, 9, 8, dtype="float32"), rand(3, 3, 8, 16, dtype="float32")
    got = conv(x, k, padding="same", strides=2).numpy()
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, ref_conv(x, k, 2, "same"), rtol=1e-4, atol=1e-4)


def test_second_derivative_of_conv_through_nested_tapes():
    x, k = gf.constant(rand(1, 5, 5, 2)), gf.constant(rand(3, 3, 2, 2))
    with gf.GradientTape() as outer:
        outer.watch(k)
        with gf.GradientTape() as inner:
            inner.watch(x)
            y = gf.numpy.sum(conv(x, k, padding="same") ** 2)
        dx = inner.gradient(y, x)
        z = gf.numpy.sum(dx)
    dk = outer.gradient(z, k)
    assert dk.shape == k.shape
    assert np.all(np.isfinite(dk.numpy()))


def test_rules_accept_unknown_dimensions():
    spec = conv_ops.conv.infer(
        TensorSpec((None, 28, None, 3), "float32"),
        TensorSpec((3, 3, 3, 8), "float32"),
        strides=(1, 2),
        padding=((1, 1), (1, 1)),
        dilation=(1, 1),
        groups=1,
    )
    assert spec.shape == (None, 28, None, 8)


@pytest.mark.parametrize(
    "call,error,words",
    [
        (lambda: conv(rand(1, 5, 5, 3), rand(3, 3, 2, 4)), gf.ShapeError, "multiple"),
        (lambda: conv(rand(1, 5, 5, 4), rand(3, 3, 2, 3)), gf.ShapeError, "split"),
        (lambda: conv(rand(1, 5, 5, 3), rand(3, 3, 3)), gf.ShapeError, "rank"),
        (lambda: conv(rand(5, 3), rand(3, 3, 4)), gf.ShapeError, "rank 3, 4 or 5"),
        (lambda: conv(rand(1, 2, 2, 1), rand(3, 3, 1, 1)), gf.ShapeError, "smaller"),
        (
            lambda: conv(rand(1, 5, 5, 1), rand(3, 3, 1, 1), padding="full"),
            gf.ArgumentError,
            "padding",
        ),
        (lambda: conv(rand(1, 5, 5, 1), rand(3, 3, 1, 1), strides=0), gf.ArgumentError, "strides"),
        (
            lambda: conv(rand(1, 5, 5, 1), rand(3, 3, 1, 1), strides=(1, 1, 1)),
            gf.ArgumentError,
            "strides",
        ),
        (
            lambda: conv(rand(1, 5, 5, 1), rand(3, 3, 1, 1), data_format="NHWC"),
            gf.ArgumentError,
            "data_format",
        ),
        (lambda: depthwise_conv(rand(1, 5, 5, 2), rand(3, 3, 3, 1)), gf.ShapeError, "channels"),
        (lambda: conv_transpose(rand(1, 5, 5, 2), rand(3, 3, 2, 3)), gf.ShapeError, "channels"),
    ],
)
def test_errors_name_the_op_and_the_rule(call, error, words):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert message.split(":")[0] in ("conv", "depthwise_conv", "conv_transpose")
    assert words in message


def test_primitive_errors_show_operands():
    with pytest.raises(gf.DTypeError, match=r"conv: .*float32\[1,5,5,1\]"):
        conv_ops.conv(
            gf.constant(rand(1, 5, 5, 1, dtype="float32")),
            gf.constant(rand(3, 3, 1, 1)),
            strides=(1, 1),
            padding=((0, 0), (0, 0)),
            dilation=(1, 1),
            groups=1,
        )
