"""Discretization: continuous values as bucket ids by `bin_boundaries` (given, or learned
as quantiles by `adapt`), optionally encoded as one-hot/multi-hot/count vectors."""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.preprocessing import categorical

_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count")


class Discretization(Layer):
    """A preprocessing layer which buckets continuous features by ranges.

    Bucket `i` holds `bin_boundaries[i-1] <= x < bin_boundaries[i]` (bucket 0 everything
    below the first boundary).

    Args:
        bin_boundaries: the sorted boundaries; or None with `num_bins` and `adapt()`.
        num_bins: the number of bins `adapt()` computes (quantiles).
        epsilon: the error tolerance of the quantile summary (about `1/epsilon`
            samples are kept).
        output_mode: 'int' (default), 'one_hot', 'multi_hot' or 'count'.
        sparse: must be False (gradflow has no sparse tensors).

    Input shape:
        Any tensor of at least rank 1 (rank 2 for the multi-hot/count modes).

    Output shape:
        'int': as input; otherwise with a last axis of `len(bin_boundaries) + 1`.

    Example:
    >>> import numpy as np
    >>> layer = Discretization(bin_boundaries=[0.0, 1.0, 2.0])
    >>> layer(np.array([[-1.5, 1.0, 3.4, 0.5]], "float32")).numpy().tolist()
    [[0, 2, 3, 1]]
    """

    def __init__(
        self,
        bin_boundaries=None,
        num_bins=None,
        epsilon=0.01,
        output_mode="int",
        sparse=False,
        dtype=None,
        name=None,
    ):
        super().__init__(name=name, dtype=dtype)
        if sparse:
            raise ValueError(
                "gradflow has no sparse tensors: `sparse` must be False. Received: sparse=True"
            )
        if output_mode not in _OUTPUT_MODES:
            raise ValueError(
                f"Unknown value for `output_mode`. Allowed values are: {_OUTPUT_MODES}. "
                f"Received: output_mode={output_mode}"
            )
        if num_bins is not None and num_bins < 0:
            raise ValueError(
                f"`num_bins` must be greater than or equal to 0. Received: `num_bins={num_bins}`"
            )
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(
                "Both `num_bins` and `bin_boundaries` should not be set. Received: "
                f"`num_bins={num_bins}` and `bin_boundaries={bin_boundaries}`"
            )
        if num_bins is None and bin_boundaries is None:
            raise ValueError("You need to set either `num_bins` or `bin_boundaries`.")
        self.bin_boundaries = bin_boundaries
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = sparse
        self.summary = None if bin_boundaries else np.array([[], []], dtype="float32")

    @property
    def output_dtype(self) -> str:
        return self.compute_dtype if self.output_mode != "int" else "int32"

    def adapt(self, data, steps=None) -> None:
        """Learn `num_bins` quantile boundaries from `data` (an array, or an iterable /
        `gf.data.Dataset` of batches; `steps` limits the batches read)."""
        if self.num_bins is None:
            raise ValueError(
                "Cannot adapt a Discretization layer that has been initialized with "
                "`bin_boundaries`, use `num_bins` instead."
            )
        self.reset_state()
        if isinstance(data, (np.ndarray, gf.Tensor, list, tuple)):
            self.update_state(data)
        else:
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch)
        self.finalize_state()

    def update_state(self, data) -> None:
        data = np.array(data).astype("float32")
        self.summary = merge_summaries(summarize(data, self.epsilon), self.summary, self.epsilon)

    def finalize_state(self) -> None:
        if self.num_bins is None:
            return
        self.bin_boundaries = get_bin_boundaries(self.summary, self.num_bins).tolist()

    def reset_state(self) -> None:
        if self.num_bins is None:
            return
        self.summary = np.array([[], []], dtype="float32")

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError(
                "You need to either pass the `bin_boundaries` argument at construction time "
                "or call `adapt(dataset)` before you can start using the `Discretization` "
                "layer."
            )
        boundaries = gf.constant(np.asarray(self.bin_boundaries, dtype=inputs.dtype))
        flat = gf.numpy.reshape(inputs, (-1,))
        # digitize with right=False: the number of boundaries <= x
        indices = gf.numpy.searchsorted(boundaries, flat, side="right")
        indices = gf.numpy.reshape(gf.numpy.astype(indices, "int32"), inputs.shape)
        return categorical.encode_categorical_inputs(
            indices, self.output_mode, len(self.bin_boundaries) + 1, self.output_dtype
        )

    def compute_output_shape(self, input_shape):
        depth = len(self.bin_boundaries) + 1 if self.bin_boundaries is not None else self.num_bins
        return categorical.encoded_shape(input_shape, self.output_mode, depth)

    def load_own_variables(self, store) -> None:
        if len(store) == 1:
            self.summary = np.asarray(store["0"])

    def get_config(self) -> dict:
        return {
            "bin_boundaries": self.bin_boundaries,
            "num_bins": self.num_bins,
            "epsilon": self.epsilon,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype_policy.name,
        }

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        if config.get("bin_boundaries") is not None and config.get("num_bins") is not None:
            bin_boundaries = config.pop("bin_boundaries")
            layer = cls(**config)
            layer.bin_boundaries = bin_boundaries
            return layer
        return cls(**config)


def summarize(values: np.ndarray, epsilon: float) -> np.ndarray:
    """A (2, n) [boundaries; weights] summary of `values`: every `1/epsilon`-th sorted
    sample, weighted by the samples it stands for."""
    values = np.sort(np.reshape(values, [-1]))
    step = max(np.size(values) / (1.0 / epsilon), 1)
    boundaries = values[int(step - 1) :: int(step)]
    return np.stack([boundaries, np.ones_like(boundaries) * step])


def merge_summaries(prev_summary: np.ndarray, next_summary: np.ndarray, epsilon: float):
    """Two summaries as one, sorted and compressed to about `1/epsilon` entries."""
    merged = np.concatenate((prev_summary, next_summary), axis=1)
    merged = np.take(merged, np.argsort(merged[0]), axis=1)
    return compress_summary(merged, epsilon)


def get_bin_boundaries(summary: np.ndarray, num_bins: int) -> np.ndarray:
    return compress_summary(summary, 1.0 / num_bins)[0, :-1]


def compress_summary(summary: np.ndarray, epsilon: float) -> np.ndarray:
    """`summary` interpolated at the cumulative-weight percentiles `epsilon, 2 epsilon, …`."""
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + np.arange(0.0, 1.0, epsilon)
    cum_weights = summary[1].cumsum()
    cum_weight_percents = cum_weights / cum_weights[-1]
    new_bins = np.interp(percents, cum_weight_percents, summary[0])
    cum_weights = np.interp(percents, cum_weight_percents, cum_weights)
    new_weights = cum_weights - np.concatenate((np.array([0]), cum_weights[:-1]))
    return np.stack((new_bins, new_weights)).astype("float32")
