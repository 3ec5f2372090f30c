"""DropoutRNNCell: the dropout masks of a recurrent cell — drawn once per sequence and
reused at every step, as Keras does."""

from __future__ import annotations

import gradflow as gf


class DropoutRNNCell:
    """Mixin for cells with `dropout`, `recurrent_dropout` and a `seed_generator`.

    The RNN layer draws the masks before its time loop (`get_dropout_mask`,
    `get_recurrent_dropout_mask`), so every step of one call uses the same masks and the
    loop body draws no random numbers; it clears them after the loop. A cell called on
    its own draws fresh masks on each call. With `dropout_mask_count` set, a mask is a
    list with one mask per gate.
    """

    _dropout_mask = None
    _recurrent_dropout_mask = None

    def _create_dropout_mask(self, step_input, rate: float):
        ones = gf.numpy.ones_like(step_input)
        count = getattr(self, "dropout_mask_count", None)
        if count is None:
            return gf.nn.dropout(ones, rate, seed=self.seed_generator)
        return [gf.nn.dropout(ones, rate, seed=self.seed_generator) for _ in range(count)]

    def get_dropout_mask(self, step_input):
        """The input mask for this sequence (drawn on first use), or None."""
        if self._dropout_mask is None and self.dropout > 0:
            self._dropout_mask = self._create_dropout_mask(step_input, self.dropout)
        return self._dropout_mask

    def get_recurrent_dropout_mask(self, step_input):
        """The recurrent-state mask for this sequence (drawn on first use), or None."""
        if self._recurrent_dropout_mask is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_mask = self._create_dropout_mask(
                step_input, self.recurrent_dropout
            )
        return self._recurrent_dropout_mask

    def reset_dropout_mask(self) -> None:
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self) -> None:
        self._recurrent_dropout_mask = None

    def _step_masks(self, inputs, h_tm1, training):
        """(input mask, recurrent mask) for one call: the sequence's masks inside an RNN,
        fresh ones for a cell called on its own, None outside training."""
        if not training:
            return None, None
        dp = self._dropout_mask
        if dp is None and 0.0 < self.dropout < 1.0:
            dp = self._create_dropout_mask(inputs, self.dropout)
        rec = self._recurrent_dropout_mask
        if rec is None and 0.0 < self.recurrent_dropout < 1.0:
            rec = self._create_dropout_mask(h_tm1, self.recurrent_dropout)
        return dp, rec


def apply_mask(x, mask):
    """`x * mask`, where a (batch, features) mask also covers a (batch, time, features)
    `x` (the same mask at every step); None means no dropout."""
    if mask is None:
        return x
    if x.ndim > mask.ndim:
        mask = gf.numpy.expand_dims(mask, axis=1)
    return x * mask
