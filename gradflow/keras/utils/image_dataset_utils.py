"""keras.utils.image_dataset_from_directory: a `gf.data.Dataset` of decoded, resized
images (and labels) from a directory of class folders.

Decoding uses Pillow, which the `images` extra brings (`pip install gradflow[images]`).
Resizing follows `tf.image.resize` without antialiasing (half-pixel centers; for
"bilinear" and "bicubic" the taps outside the image get no weight), in NumPy.
"""

from __future__ import annotations

import numpy as np

from gradflow.keras import backend
from gradflow.keras.utils import dataset_utils

ALLOWLIST_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_CHANNELS = {"rgb": 3, "rgba": 4, "grayscale": 1}
_PIL_MODES = {1: "L", 3: "RGB", 4: "RGBA"}


def image_dataset_from_directory(
    directory,
    labels="inferred",
    label_mode="int",
    class_names=None,
    color_mode="rgb",
    batch_size=32,
    image_size=(256, 256),
    shuffle=True,
    seed=None,
    validation_split=None,
    subset=None,
    interpolation="bilinear",
    follow_links=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    data_format=None,
    format="tf",
    verbose=True,
):
    """Generate a `gf.data.Dataset` from image files in a directory.

    With `labels="inferred"`, `directory` holds one subdirectory per class (sorted names
    give the label order unless `class_names` is given); `.bmp .gif .jpeg .jpg .png`
    files below them are used. Images are decoded with Pillow, converted to
    `color_mode`, resized to `image_size` and returned as float32.

    Args:
        directory: the data directory.
        labels: "inferred", None (no labels), or a list of integer labels in the sorted
            order of the image file paths.
        label_mode: "int" (int32), "categorical" (one-hot float32), "binary" (float32
            of shape (1,)) or None (images only).
        class_names: with inferred labels, the subdirectories to use, in label order.
        color_mode: "grayscale", "rgb" or "rgba" (1, 3 or 4 channels).
        batch_size: images per batch; None yields single images. Defaults to 32.
        image_size: `(height, width)` to resize to. Defaults to (256, 256).
        shuffle: shuffle the data (otherwise in alphanumeric order). Defaults to True.
        seed: the seed for shuffling (needed with `validation_split` and `shuffle`).
        validation_split: the fraction of the files to reserve for validation.
        subset: "training", "validation" or "both" (a list of two datasets).
        interpolation: "bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5",
            "gaussian" or "mitchellcubic".
        follow_links: visit subdirectories that are symlinks.
        crop_to_aspect_ratio: center-crop to the target aspect ratio before resizing.
        pad_to_aspect_ratio: resize to fit, then pad with zeros to the target size.
        data_format: "channels_last" or "channels_first"; the Keras default if None.
        format: "tf" (the only one here: a gf.data.Dataset).
        verbose: print how many files and classes were found.

    Returns:
        A `gf.data.Dataset` of `(images, labels)` (or images alone) with attributes
        `class_names` and `file_paths`; for `subset="both"`, `[train, validation]`.

    Example:
    >>> import os, tempfile
    >>> root = tempfile.mkdtemp()
    >>> ds = None
    >>> try:
    ...     import PIL
    ... except ImportError:
    ...     PIL = None
    >>> if PIL:
    ...     from PIL import Image
    ...     for name in ("cat", "dog"):
    ...         os.makedirs(os.path.join(root, name))
    ...         Image.new("RGB", (8, 6)).save(os.path.join(root, name, "0.png"))
    ...     ds = image_dataset_from_directory(root, image_size=(4, 4), verbose=False)
    >>> not PIL or next(iter(ds))[0].shape == (2, 4, 4, 3)
    True
    """
    dataset_utils.check_labels_arg(labels, class_names, "image")
    dataset_utils.check_label_mode(label_mode)
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    if color_mode not in _CHANNELS:
        raise ValueError(
            f'`color_mode` must be one of {{"rgb", "rgba", "grayscale"}}. '
            f"Received: color_mode={color_mode}"
        )
    num_channels = _CHANNELS[color_mode]
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    elif not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError(
            "Invalid `image_size` value. Expected a tuple of 2 integers. "
            f"Received: image_size={image_size}"
        )
    interpolation = interpolation.lower()
    if interpolation not in _KERNELS:
        raise ValueError(
            f"Argument `interpolation` should be one of {tuple(_KERNELS)}. "
            f"Received: interpolation={interpolation}"
        )
    dataset_utils.check_format(format)
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError(
            "Only one of `pad_to_aspect_ratio`, `crop_to_aspect_ratio` can be set to `True`."
        )
    image_module = _pillow()
    data_format = backend.standardize_data_format(data_format)
    size = (int(image_size[0]), int(image_size[1]))

    def load(path: str) -> np.ndarray:
        return load_image(
            path,
            size,
            num_channels,
            interpolation,
            data_format,
            crop_to_aspect_ratio,
            pad_to_aspect_ratio,
            image_module,
        )

    return dataset_utils.from_directory(
        directory,
        labels,
        label_mode,
        class_names,
        batch_size,
        shuffle,
        seed,
        validation_split,
        subset,
        follow_links,
        verbose,
        ALLOWLIST_FORMATS,
        load,
        what="images",
        allowed=f"Allowed formats: {ALLOWLIST_FORMATS}",
    )


def _pillow():
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(
            "image_dataset_from_directory needs Pillow to decode images; install the "
            "`images` extra: `pip install gradflow[images]` (or `pip install pillow`)"
        ) from None
    return Image


def load_image(
    path,
    image_size,
    num_channels,
    interpolation,
    data_format,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    image_module=None,
):
    """One image file as a float32 array of `image_size` and `num_channels`."""
    image_module = image_module or _pillow()
    with image_module.open(path) as img:
        img.seek(0)  # the first frame of an animation, as expand_animations=False
        pixels = np.asarray(img.convert(_PIL_MODES[num_channels]))
    if pixels.ndim == 2:
        pixels = pixels[:, :, None]
    height, width = image_size
    if crop_to_aspect_ratio:
        pixels = _center_crop_to_ratio(pixels, image_size)
        out = resize(pixels, image_size, interpolation)
    elif pad_to_aspect_ratio:
        out = _resize_with_pad(pixels, image_size, interpolation)
    else:
        out = resize(pixels, image_size, interpolation)
    if data_format == "channels_first":
        out = np.transpose(out, (2, 0, 1))
    return np.ascontiguousarray(out, dtype=np.float32)


def _center_crop_to_ratio(pixels: np.ndarray, size) -> np.ndarray:
    """The largest centered crop with the aspect ratio of `size` (Keras's smart_resize)."""
    height, width = pixels.shape[:2]
    target_height, target_width = size
    crop_height = min(height, int(float(width * target_height) / target_width))
    crop_width = min(width, int(float(height * target_width) / target_height))
    top = int(float(height - crop_height) / 2)
    left = int(float(width - crop_width) / 2)
    return pixels[top : top + crop_height, left : left + crop_width]


def _resize_with_pad(pixels: np.ndarray, size, interpolation: str) -> np.ndarray:
    """Resize to fit inside `size` keeping the aspect ratio, then pad with zeros around
    (tf.image.resize_with_pad)."""
    height, width = pixels.shape[:2]
    target_height, target_width = size
    ratio = max(width / target_width, height / target_height)
    inner_height = int(np.floor(height / ratio))
    inner_width = int(np.floor(width / ratio))
    inner = resize(pixels, (inner_height, inner_width), interpolation)
    top = (target_height - inner_height) // 2
    left = (target_width - inner_width) // 2
    out = np.zeros((target_height, target_width, pixels.shape[2]), dtype=np.float32)
    out[top : top + inner_height, left : left + inner_width] = inner
    return out


# -- resizing: separable, one weight matrix per axis ---------------------------------
def _triangle(x):
    return np.maximum(0.0, 1.0 - np.abs(x))


def _keys_cubic(x, a=-0.5):
    x = np.abs(x)
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return np.where(x <= 1, near, np.where(x < 2, far, 0.0))


def _lanczos(radius):
    def kernel(x):
        x = np.abs(x)
        return np.where(x < radius, np.sinc(x) * np.sinc(x / radius), 0.0)

    return kernel


def _gaussian(x, radius=1.5, sigma=0.5):
    return np.where(np.abs(x) < radius, np.exp(-(x * x) / (2 * sigma * sigma)), 0.0)


def _mitchell(x):
    x = np.abs(x)
    b = c = 1.0 / 3.0
    near = ((12 - 9 * b - 6 * c) * x**3 + (-18 + 12 * b + 6 * c) * x**2 + (6 - 2 * b)) / 6
    far = (
        (-b - 6 * c) * x**3 + (6 * b + 30 * c) * x**2 + (-12 * b - 48 * c) * x + (8 * b + 24 * c)
    ) / 6
    return np.where(x < 1, near, np.where(x < 2, far, 0.0))


# name -> (kernel, radius); "nearest" and "area" are handled by their own weights
_KERNELS = {
    "bilinear": (_triangle, 1),
    "nearest": (None, 0),
    "bicubic": (_keys_cubic, 2),
    "area": (None, 0),
    "lanczos3": (_lanczos(3), 3),
    "lanczos5": (_lanczos(5), 5),
    "gaussian": (_gaussian, 2),
    "mitchellcubic": (_mitchell, 2),
}


def _weights(in_size: int, out_size: int, interpolation: str) -> np.ndarray:
    """The (out_size, in_size) matrix that resizes one axis."""
    scale = in_size / out_size
    out = np.arange(out_size)
    if interpolation == "nearest":
        index = np.minimum(np.floor((out + 0.5) * scale).astype(int), in_size - 1)
        w = np.zeros((out_size, in_size))
        w[out, index] = 1.0
        return w
    if interpolation == "area":
        # the overlap of each input pixel [j, j+1) with the output box [o*s, (o+1)*s)
        j = np.arange(in_size)
        lo, hi = out[:, None] * scale, (out[:, None] + 1) * scale
        overlap = np.clip(np.minimum(hi, j + 1) - np.maximum(lo, j), 0, None)
        return overlap / overlap.sum(axis=1, keepdims=True)
    kernel, _ = _KERNELS[interpolation]
    centers = (out + 0.5) * scale - 0.5  # half-pixel centers, in input pixel units
    w = kernel(centers[:, None] - np.arange(in_size)[None, :])
    total = w.sum(axis=1, keepdims=True)
    return w / np.where(total == 0, 1.0, total)


def resize(pixels: np.ndarray, size, interpolation: str = "bilinear") -> np.ndarray:
    """An (H, W, C) image resized to `size` as float32, like `tf.image.resize`
    (antialias=False).

    Example:
    >>> resize(np.arange(4.0).reshape(2, 2, 1), (4, 4))[0, :, 0].tolist()
    [0.0, 0.25, 0.75, 1.0]
    """
    height, width = size
    pixels = np.asarray(pixels, dtype=np.float32)
    rows = _weights(pixels.shape[0], height, interpolation).astype(np.float32)
    cols = _weights(pixels.shape[1], width, interpolation).astype(np.float32)
    return np.einsum("hi,wj,ijc->hwc", rows, cols, pixels, optimize=True).astype(np.float32)
