"""image_dataset_from_directory and text_dataset_from_directory on tiny files in tmp dirs."""

import os

import numpy as np
import pytest

import gradflow.data as gd
from gradflow.keras.utils.image_dataset_utils import image_dataset_from_directory, resize
from gradflow.keras.utils.text_dataset_utils import text_dataset_from_directory

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "dataset_utils")
SIZES = {"up": (9, 7), "down": (3, 4), "mixed": (8, 3)}


@pytest.mark.parametrize("method", ["bilinear", "nearest", "bicubic", "lanczos3", "lanczos5"])
def test_resize_matches_keras_without_antialiasing(method):
    fixture = np.load(os.path.join(FIXTURES, "resize.npz"))
    for label, size in SIZES.items():
        expected = fixture[f"{method}_{label}"]
        np.testing.assert_allclose(
            resize(fixture["image"], size, method), expected, rtol=1e-5, atol=2e-4
        )


def test_resize_area_averages_boxes():
    image = np.arange(16.0).reshape(4, 4, 1)
    out = resize(image, (2, 2), "area")[..., 0]
    assert out.tolist() == [[2.5, 4.5], [10.5, 12.5]]


# -- images -------------------------------------------------------------------------
@pytest.fixture
def image_dir(tmp_path):
    image = pytest.importorskip("PIL.Image")
    rng = np.random.default_rng(0)
    for c, name in enumerate(["a", "b"]):
        os.makedirs(tmp_path / name)
        for i in range(5):
            pixels = rng.integers(0, 256, size=(6 + i, 8, 3), dtype=np.uint8)
            image.fromarray(pixels).save(tmp_path / name / f"{i}.png")
    (tmp_path / "a" / "readme.txt").write_text("not an image")
    return tmp_path


def test_image_dataset_batches_labels_and_attributes(image_dir):
    ds = image_dataset_from_directory(
        str(image_dir), image_size=(4, 5), batch_size=4, shuffle=False, verbose=False
    )
    assert isinstance(ds, gd.Dataset)
    assert ds.class_names == ["a", "b"] and len(ds.file_paths) == 10
    batches = list(ds.as_numpy_iterator())
    assert [x.shape for x, _ in batches] == [(4, 4, 5, 3), (4, 4, 5, 3), (2, 4, 5, 3)]
    assert batches[0][0].dtype == np.float32 and batches[0][1].dtype == np.int32
    assert np.concatenate([y for _, y in batches]).tolist() == [0] * 5 + [1] * 5
    from PIL import Image

    first = np.asarray(Image.open(ds.file_paths[0]))
    np.testing.assert_allclose(batches[0][0][0], resize(first, (4, 5)), rtol=1e-6)


def test_image_dataset_modes_and_formats(image_dir):
    ds = image_dataset_from_directory(
        str(image_dir),
        label_mode="categorical",
        color_mode="grayscale",
        image_size=3,
        batch_size=None,
        shuffle=False,
        data_format="channels_first",
        verbose=False,
    )
    x, y = next(iter(ds))
    assert x.shape == (1, 3, 3) and y.numpy().tolist() == [1.0, 0.0]
    binary = image_dataset_from_directory(
        str(image_dir),
        label_mode="binary",
        image_size=(2, 2),
        crop_to_aspect_ratio=True,
        verbose=False,
        seed=1,
    )
    assert binary.element_spec[1].shape == (None, 1)
    padded = image_dataset_from_directory(
        str(image_dir),
        labels=None,
        image_size=(8, 4),
        pad_to_aspect_ratio=True,
        shuffle=False,
        verbose=False,
    )
    first = next(padded.as_numpy_iterator())[0]
    # a 6x8 image fitted into 8x4 is 3x4, padded with 2 rows of zeros above and 3 below
    assert (first[:2] == 0).all() and (first[5:] == 0).all() and first[2:5].any()


def test_image_dataset_validation_split_is_disjoint_and_seeded(image_dir):
    train, val = image_dataset_from_directory(
        str(image_dir),
        image_size=(2, 2),
        validation_split=0.2,
        subset="both",
        seed=42,
        verbose=False,
    )
    assert len(train.file_paths) == 8 and len(val.file_paths) == 2
    assert not set(train.file_paths) & set(val.file_paths)
    again = image_dataset_from_directory(
        str(image_dir),
        image_size=(2, 2),
        validation_split=0.2,
        subset="validation",
        seed=42,
        verbose=False,
    )
    assert again.file_paths == val.file_paths


def test_image_dataset_errors_use_keras_wording(image_dir, tmp_path_factory):
    with pytest.raises(ValueError, match="you must provide a `seed` argument"):
        image_dataset_from_directory(str(image_dir), validation_split=0.2, subset="training")
    with pytest.raises(ValueError, match="`color_mode` must be one of"):
        image_dataset_from_directory(str(image_dir), color_mode="cmyk")
    with pytest.raises(ValueError, match="Argument `interpolation` should be one of"):
        image_dataset_from_directory(str(image_dir), interpolation="cubic")
    empty = tmp_path_factory.mktemp("empty")
    os.makedirs(empty / "a")
    with pytest.raises(ValueError, match="No images found in directory"):
        image_dataset_from_directory(str(empty), verbose=False)


# -- text ---------------------------------------------------------------------------
@pytest.fixture
def text_dir(tmp_path):
    for name, texts in (("neg", ["awful", "bad film"]), ("pos", ["good", "great", "fine"])):
        os.makedirs(tmp_path / name)
        for i, text in enumerate(texts):
            (tmp_path / name / f"{i}.txt").write_text(text)
    (tmp_path / "pos" / "skip.md").write_text("not text data")
    return tmp_path


def test_text_dataset_reads_bytes_with_labels(text_dir):
    ds = text_dataset_from_directory(str(text_dir), batch_size=2, shuffle=False, verbose=False)
    batches = list(ds.as_numpy_iterator())
    texts = [t for x, _ in batches for t in x.tolist()]
    labels = [v for _, y in batches for v in y.tolist()]
    assert texts == [b"awful", b"bad film", b"good", b"great", b"fine"]
    assert labels == [0, 0, 1, 1, 1] and ds.class_names == ["neg", "pos"]
    assert ds.cardinality() == 3


def test_text_dataset_max_length_no_labels_and_split(text_dir):
    ds = text_dataset_from_directory(
        str(text_dir), labels=None, max_length=3, batch_size=None, shuffle=False, verbose=False
    )
    assert list(ds.as_numpy_iterator()) == [b"awf", b"bad", b"goo", b"gre", b"fin"]
    train = text_dataset_from_directory(
        str(text_dir), validation_split=0.4, subset="training", seed=0, verbose=False
    )
    assert sum(len(y) for _, y in train.as_numpy_iterator()) == 3
    with pytest.raises(ValueError, match="there must be exactly 2 class_names"):
        text_dataset_from_directory(
            str(text_dir), label_mode="binary", class_names=["pos"], verbose=False
        )


def test_image_dataset_without_pillow_names_the_extra(image_dir, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ImportError, match=r"pip install gradflow\[images\]"):
        image_dataset_from_directory(str(image_dir), verbose=False)
