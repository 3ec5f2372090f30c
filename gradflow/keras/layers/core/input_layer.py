"""InputLayer and keras.Input: the entry points of a Functional model."""

from __future__ import annotations

from gradflow.keras import backend
from gradflow.keras.engine.keras_tensor import KerasTensor
from gradflow.keras.engine.node import Node
from gradflow.keras.layers.layer import Layer


class InputLayer(Layer):
    """The layer behind `keras.Input`: it owns the symbolic input tensor.

    Args:
        shape: the shape without the batch dimension.
        batch_size: a fixed batch size, or None.
        dtype: the input's dtype; floatx() by default.
        sparse, ragged: accepted for compatibility; must be False.
        batch_shape: the full shape including the batch dimension (instead of
            `shape` and `batch_size`).
        input_tensor: an existing KerasTensor to use.
        optional: whether the input may be None.
        name: the layer's name.
    """

    _keras_module = "keras.layers"

    def __init__(
        self,
        shape=None,
        batch_size=None,
        dtype=None,
        sparse=None,
        batch_shape=None,
        input_tensor=None,
        optional=False,
        name=None,
        ragged=None,
        **kwargs,
    ):
        if "input_shape" in kwargs:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name, **kwargs)
        if shape is not None and batch_shape is not None:
            raise ValueError("You cannot pass both `shape` and `batch_shape` at the same time.")
        if sparse or ragged:
            raise ValueError(
                "gradflow.keras does not support sparse or ragged inputs. "
                f"Received: sparse={sparse}, ragged={ragged}"
            )
        if input_tensor is not None:
            batch_shape = input_tensor.shape
            dtype = input_tensor.dtype
        if batch_shape is None:
            if shape is None:
                raise ValueError("You must pass a `shape` argument.")
            if isinstance(shape, int):
                shape = (shape,)
            batch_shape = (batch_size,) + tuple(shape)
        self._batch_shape = tuple(None if d is None else int(d) for d in batch_shape)
        self._dtype = backend.standardize_dtype(dtype)
        self.sparse = False
        self.ragged = False
        self.optional = optional
        self.built = True
        if input_tensor is None:
            input_tensor = KerasTensor(self._batch_shape, self._dtype, name=self.name)
        Node(self, call_args=(), call_kwargs={}, outputs=input_tensor)
        self._input_tensor = input_tensor

    @property
    def batch_shape(self) -> tuple:
        return self._batch_shape

    @property
    def dtype(self) -> str:
        return self._dtype

    def call(self):
        return None

    def get_config(self) -> dict:
        return {
            "batch_shape": list(self._batch_shape),
            "dtype": self._dtype,
            "sparse": False,
            "ragged": False,
            "name": self.name,
            "optional": self.optional,
        }


def Input(
    shape=None,
    batch_size=None,
    dtype=None,
    sparse=None,
    batch_shape=None,
    name=None,
    tensor=None,
    optional=False,
    ragged=None,
):
    """A symbolic input for a Functional model.

    Args:
        shape: the shape of one sample (no batch dimension), e.g. (784,).
        batch_size: a fixed batch size, or None.
        dtype: the dtype; floatx() by default.
        sparse: must be False (no sparse inputs).
        batch_shape: the full shape with the batch dimension, instead of `shape`.
        name: the input's name (used for dict inputs).
        tensor: an existing KerasTensor to wrap.
        optional: whether None may be passed for it.
        ragged: must be False.

    Returns:
        A KerasTensor.

    Example:
    >>> Input(shape=(784,)).shape
    (None, 784)
    """
    layer = InputLayer(
        shape=shape,
        batch_size=batch_size,
        dtype=dtype,
        sparse=sparse,
        batch_shape=batch_shape,
        name=name,
        input_tensor=tensor,
        optional=optional,
        ragged=ragged,
    )
    return layer.output
