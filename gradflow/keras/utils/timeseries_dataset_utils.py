"""keras.utils.timeseries_dataset_from_array: sliding windows over an array, as a
`gf.data.Dataset`."""

from __future__ import annotations

import numpy as np

from gradflow.data import AUTOTUNE, Dataset


def timeseries_dataset_from_array(
    data,
    targets,
    sequence_length,
    sequence_stride=1,
    sampling_rate=1,
    batch_size=128,
    shuffle=False,
    seed=None,
    start_index=None,
    end_index=None,
    format="tf",
):
    """Create a dataset of sliding windows over a timeseries given as an array.

    Window `i` holds `data[start + p_i : start + p_i + sequence_length * sampling_rate :
    sampling_rate]` with `p_i = i * sequence_stride`, and its target is
    `targets[start + p_i]`.

    Args:
        data: an array of timesteps (axis 0 is time).
        targets: targets per timestep (aligned with `data`), or None.
        sequence_length: timesteps per window.
        sequence_stride: offset between consecutive windows.
        sampling_rate: offset between consecutive timesteps within a window.
        batch_size: windows per batch; None yields single windows.
        shuffle: shuffle the windows (window order with NumPy's RandomState(seed), then a
            local shuffle buffer, as Keras does).
        seed: the shuffling seed.
        start_index: first timestep used (inclusive).
        end_index: last timestep used (exclusive).
        format: "tf" (the only one: a gf.data.Dataset).

    Returns:
        A `gf.data.Dataset` of `(windows, targets)` batches, or windows alone.

    Example:
    >>> import numpy as np
    >>> ds = timeseries_dataset_from_array(np.arange(10), None, sequence_length=3,
    ...                                    sequence_stride=2, batch_size=2)
    >>> [b.tolist() for b in ds.as_numpy_iterator()]
    [[[0, 1, 2], [2, 3, 4]], [[4, 5, 6], [6, 7, 8]]]
    """
    data = np.asarray(data)
    _check_indices(data, start_index, end_index, sampling_rate, sequence_stride)
    if format != "tf":
        raise ValueError(
            '`format` should be "tf" (a gf.data.Dataset; gradflow has no "grain" output). '
            f"Received: format={format}"
        )
    start_index = start_index or 0
    end_index = end_index or len(data)
    num_seqs = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        targets = np.asarray(targets)
        num_seqs = min(num_seqs, len(targets))
    index_dtype = "int32" if num_seqs < 2147483647 else "int64"
    positions = np.arange(0, num_seqs, sequence_stride, dtype=index_dtype)
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(positions)
    steps = data[start_index:end_index]
    offsets = np.arange(0, sequence_length * sampling_rate, sampling_rate, dtype=index_dtype)

    def window(position):
        return np.take(steps, int(position) + offsets, axis=0)

    dataset = Dataset.from_tensor_slices(positions).map(window)
    if targets is not None:
        target_steps = targets[start_index:end_index]
        target_ds = Dataset.from_tensor_slices(positions).map(
            lambda position: target_steps[int(position)]
        )
        dataset = Dataset.zip((dataset, target_ds))
    if batch_size is not None:
        if shuffle:
            dataset = dataset.shuffle(buffer_size=batch_size * 8, seed=seed)
        dataset = dataset.batch(batch_size)
    elif shuffle:
        dataset = dataset.shuffle(buffer_size=1024, seed=seed)
    return dataset.prefetch(AUTOTUNE)


def _check_indices(data, start_index, end_index, sampling_rate, sequence_stride) -> None:
    """Keras's argument checks, with its messages."""
    if start_index:
        if start_index < 0:
            raise ValueError(
                f"`start_index` must be 0 or greater. Received: start_index={start_index}"
            )
        if start_index >= len(data):
            raise ValueError(
                "`start_index` must be lower than the length of the data. Received: "
                f"start_index={start_index}, for data of length {len(data)}"
            )
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError(
                "`end_index` must be higher than `start_index`. Received: "
                f"start_index={start_index}, and end_index={end_index} "
            )
        if end_index >= len(data):
            raise ValueError(
                "`end_index` must be lower than the length of the data. Received: "
                f"end_index={end_index}, for data of length {len(data)}"
            )
        if end_index <= 0:
            raise ValueError(f"`end_index` must be higher than 0. Received: end_index={end_index}")
    for name, value in (("sampling_rate", sampling_rate), ("sequence_stride", sequence_stride)):
        if value <= 0:
            raise ValueError(f"`{name}` must be higher than 0. Received: {name}={value}")
        if value >= len(data):
            raise ValueError(
                f"`{name}` must be lower than the length of the data. Received: "
                f"{name}={value}, for data of length {len(data)}"
            )
