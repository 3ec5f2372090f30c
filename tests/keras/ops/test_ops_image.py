"""keras.ops.image on gradflow gives Keras 3's numbers (fixtures written by
tests/keras/fixtures/generate_ops_image.py with the real Keras on JAX), works inside
gf.function and on KerasTensors, and is differentiable where Keras's is."""

import json
import pathlib

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras import ops
from gradflow.keras.engine.keras_tensor import KerasTensor
from gradflow.keras.ops import _image_sampling, image

FIXTURES = pathlib.Path(__file__).parents[1] / "fixtures" / "ops_image"
TABLE = json.loads((FIXTURES / "cases.json").read_text())
VALUES = dict(np.load(FIXTURES / "values.npz"))


def decode(value):
    if isinstance(value, dict) and "array" in value:
        return VALUES[value["array"]]
    if isinstance(value, dict) and "tuple" in value:
        return tuple(decode(v) for v in value["tuple"])
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def case_id(case):
    return f"{case['name']}-{case['output']}"


def assert_matches(got, expected):
    got = ops.convert_to_numpy(got)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    if got.dtype.kind in "iu":
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", TABLE["cases"], ids=case_id)
def test_image_op_matches_keras(case):
    result = getattr(image, case["name"])(*decode(case["args"]), **case["kwargs"])
    assert_matches(result, VALUES[case["output"]])


@pytest.mark.parametrize("case", TABLE["elastic"], ids=lambda c: c["prefix"])
def test_elastic_warp_matches_keras_given_its_noise(case):
    kwargs = dict(case["kwargs"])
    prefix = case["prefix"]
    images, noise = VALUES[f"{prefix}_images"], gf.constant(VALUES[f"{prefix}_noise"])
    first = kwargs.get("data_format") == "channels_first"
    x = gf.constant(images)
    x = x if x.ndim == 4 else gf.numpy.expand_dims(x, axis=0)
    x = gf.numpy.permute_dims(x, (0, 2, 3, 1)) if first else x
    # Keras's JAX backend displaces rows and columns by the same draw
    interpolation = kwargs.get("interpolation", "bilinear")
    fill = kwargs.get("fill_mode", "reflect"), kwargs.get("fill_value", 0.0)
    out = _image_sampling.elastic_warp(x, noise, noise, kwargs["alpha"], kwargs["sigma"],
                                       interpolation, *fill)  # fmt: skip
    out = gf.numpy.permute_dims(out, (0, 3, 1, 2)) if first else out
    expected = VALUES[f"{prefix}_out"]
    np.testing.assert_allclose(np.reshape(out.numpy(), expected.shape), expected, atol=1e-5)


def test_elastic_transform_is_seeded_and_moves_pixels_by_about_the_expected_amount():
    x = np.random.default_rng(0).uniform(size=(2, 24, 24, 1)).astype("float32")
    a = image.elastic_transform(x, alpha=10.0, sigma=2.0, seed=5).numpy()
    b = image.elastic_transform(x, alpha=10.0, sigma=2.0, seed=5).numpy()
    c = image.elastic_transform(x, alpha=10.0, sigma=2.0, seed=6).numpy()
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    assert a.shape == x.shape and a.dtype == x.dtype
    assert 0.0 <= a.min() and a.max() <= 1.0  # bilinear mixes of values in [0, 1]
    still = image.elastic_transform(x, alpha=0.0, sigma=2.0, seed=5).numpy()
    np.testing.assert_allclose(still, x, atol=1e-6)


def test_elastic_displacements_have_the_smoothed_noise_scale():
    # A ramp image reads back its displaced coordinate: std of the displacement is
    # alpha * sigma * sqrt(sum(k**2)) for the 2-D Gaussian kernel k (interior pixels).
    n, sigma, alpha = 64, 2.0, 3.0
    ramp = np.tile(np.arange(n, dtype="float32")[None, :, None], (n, 1, 1))
    out = image.elastic_transform(ramp, alpha=alpha, sigma=sigma, fill_mode="nearest",
                                  seed=1).numpy()  # fmt: skip
    shift = (out - ramp)[12:-12, 12:-12, 0]
    size = int(6 * sigma) | 1
    t = np.arange(size) - (size - 1) / 2
    k = np.exp(-0.5 * (t / sigma) ** 2)
    k2 = np.outer(k / k.sum(), k / k.sum())
    expected = alpha * sigma * np.sqrt((k2**2).sum())
    assert abs(shift.mean()) < 0.3 * expected
    assert 0.6 * expected < shift.std() < 1.4 * expected


def test_hsv_round_trip():
    x = np.random.default_rng(1).uniform(size=(3, 5, 4, 3)).astype("float32")
    np.testing.assert_allclose(image.hsv_to_rgb(image.rgb_to_hsv(x)).numpy(), x, atol=1e-5)


def test_resize_keeps_the_old_bilinear_and_nearest_numbers():
    x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    np.testing.assert_allclose(image.resize(x, (2, 2)).numpy()[0, :, :, 0],
                               [[2.5, 4.5], [10.5, 12.5]])  # fmt: skip
    np.testing.assert_array_equal(image.resize(x, (2, 2), interpolation="nearest")
                                  .numpy()[0, :, :, 0], [[5, 7], [13, 15]])  # fmt: skip


def test_ops_work_inside_gf_function():
    x = np.random.default_rng(2).uniform(size=(1, 6, 7, 3)).astype("float32")
    transform = np.asarray([[0.9, -0.2, 1.0, 0.3, 1.1, -0.5, 0, 0]], "float32")

    @gf.function
    def pipeline(images, t):
        hsv = image.rgb_to_hsv(images)
        warped = image.affine_transform(image.hsv_to_rgb(hsv), t, fill_mode="reflect")
        small = image.resize(warped, (3, 4), interpolation="bicubic", antialias=True)
        return small, image.ssim(images, warped, filter_size=5), image.sobel_edges(images)

    got = pipeline(gf.constant(x), gf.constant(transform))
    warped = image.affine_transform(x, transform, fill_mode="reflect")
    eager = (image.resize(warped, (3, 4), interpolation="bicubic", antialias=True),
             image.ssim(x, warped, filter_size=5), image.sobel_edges(x))  # fmt: skip
    for a, b in zip(got, eager):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6)


def test_gradients_flow_to_images_and_coordinates():
    x = gf.constant(np.random.default_rng(3).uniform(size=(4, 5)).astype("float32"))
    coords = gf.constant(np.asarray([[0.5, 1.25, 2.9], [0.1, 3.5, 1.7]], "float32"))
    with gf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        tape.watch(coords)
        y = gf.numpy.sum(image.map_coordinates(x, coords, order=1) ** 2)
    gx, gc = tape.gradient(y, [x, coords])
    eps = 1e-3
    bumped = coords.numpy().copy()
    bumped[1, 0] += eps
    numeric = (np.sum(image.map_coordinates(x, bumped, order=1).numpy() ** 2) - y.numpy()) / eps
    np.testing.assert_allclose(gc.numpy()[1, 0], numeric, rtol=1e-2)
    assert np.count_nonzero(gx.numpy()) == 12  # 3 samples x 4 neighbours, none shared

    scale = gf.constant([1.5, 0.7])
    images = gf.constant(np.random.default_rng(4).uniform(size=(5, 6)).astype("float32"))
    with gf.GradientTape() as tape:
        tape.watch(scale)
        out = image.scale_and_translate(images, (7, 4), scale, [0.2, 0.1], (0, 1), "cubic")
        loss = gf.numpy.sum(out)
    assert np.all(np.isfinite(tape.gradient(loss, scale).numpy()))


def test_symbolic_shapes():
    cases = [
        (image.rgb_to_hsv, (KerasTensor((None, 8, 8, 3)),), {}, (None, 8, 8, 3)),
        (image.resize, (KerasTensor((None, 8, 6, 3)), (4, 4)),
         {"pad_to_aspect_ratio": True, "interpolation": "lanczos3"}, (None, 4, 4, 3)),
        (image.affine_transform, (KerasTensor((None, 8, 6, 3)), KerasTensor((None, 8))), {},
         (None, 8, 6, 3)),
        (image.sobel_edges, (KerasTensor((None, 5, 6, 2)),), {}, (None, 5, 6, 2, 2)),
        (image.ssim, (KerasTensor((None, 16, 16, 3)), KerasTensor((None, 16, 16, 3))), {},
         (None,)),
        (image.extract_patches_3d, (KerasTensor((None, 4, 4, 4, 2)), 2), {},
         (None, 2, 2, 2, 16)),
        (image.elastic_transform, (KerasTensor((None, 8, 8, 1)),), {"seed": 1},
         (None, 8, 8, 1)),
    ]  # fmt: skip
    for fn, args, kwargs, shape in cases:
        assert fn(*args, **kwargs).shape == shape, fn.__name__


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: image.rgb_to_hsv(np.zeros((2, 2, 3), "int32")), "expected float dtype"),
        (lambda: image.hsv_to_rgb(np.zeros((2, 2, 4), "float32")), "3 channels"),
        (lambda: image.resize(np.zeros((4, 4, 1)), (2, 2), interpolation="area"),
         "interpolation=area"),
        (lambda: image.resize(np.zeros((4, 4, 1)), (2, 2), crop_to_aspect_ratio=True,
                              pad_to_aspect_ratio=True), "Only one of"),
        (lambda: image.affine_transform(np.zeros((4, 4, 1)), np.zeros(8), fill_mode="edge"),
         "fill_mode=edge"),
        (lambda: image.map_coordinates(np.zeros((4, 4)), np.zeros((3, 2)), 1),
         "First dim of `coordinates`"),
        (lambda: image.map_coordinates(np.zeros((4, 4)), np.zeros((2, 2)), 3), "order=3"),
        (lambda: image.perspective_transform(np.zeros((4, 4, 1)), np.zeros((3, 2)),
                                             np.zeros((3, 2))), "start_points"),
        (lambda: image.scale_and_translate(np.zeros((4, 4)), (2, 2), [1.0], [0.0], (0,),
                                           "nearest"), "method=nearest"),
        (lambda: image.sobel_edges(np.zeros((4, 4, 1))), "rank 4"),
        (lambda: image.extract_patches(np.zeros((4, 4, 1)), (1, 2, 3, 4)), "length 2 or 3"),
    ],
)  # fmt: skip
def test_invalid_arguments_are_rejected_with_keras_messages(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        call()
