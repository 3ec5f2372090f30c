"""Behaviour of the recurrent layers: the layer harness for each, masks, dropout,
initial states, errors, and the time loop being one scan node."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import keras
from gradflow.keras.layers import rnn
from gradflow.keras.saving.object_registration import custom_object_scope
from gradflow.testing.layer_test import run_layer_test


@pytest.mark.parametrize(
    "layer_cls, kwargs, output_shape",
    [
        (rnn.SimpleRNN, {"units": 3}, (2, 3)),
        (rnn.LSTM, {"units": 3, "return_sequences": True}, (2, 5, 3)),
        (rnn.GRU, {"units": 3, "go_backwards": True}, (2, 3)),
        (rnn.GRU, {"units": 3, "reset_after": False, "return_sequences": True}, (2, 5, 3)),
    ],
)
def test_recurrent_layer_harness(layer_cls, kwargs, output_shape):
    run_layer_test(
        layer_cls,
        kwargs,
        input_shape=(2, 5, 4),
        expected_output_shape=output_shape,
        expected_num_trainable_weights=3,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )


def test_return_state_harness():
    run_layer_test(
        rnn.LSTM,
        {"units": 3, "return_state": True},
        input_shape=(2, 5, 4),
        expected_output_shape=((2, 3), (2, 3), (2, 3)),
    )


def test_rnn_with_cells_harness():
    run_layer_test(
        rnn.RNN,
        {"cell": rnn.SimpleRNNCell(3), "return_sequences": True},
        input_shape=(2, 5, 4),
        expected_output_shape=(2, 5, 3),
        expected_num_trainable_weights=3,
    )
    run_layer_test(
        rnn.RNN,
        {"cell": [rnn.LSTMCell(3), rnn.GRUCell(2)]},
        input_shape=(2, 5, 4),
        expected_output_shape=(2, 2),
        expected_num_trainable_weights=6,
    )


@pytest.mark.parametrize("cell_cls", [rnn.SimpleRNNCell, rnn.LSTMCell, rnn.GRUCell])
def test_cell_harness(cell_cls):
    n_states = 2 if cell_cls is rnn.LSTMCell else 1
    shapes = [(2, 4)] + [(2, 3)] * n_states
    data = [np.random.default_rng(0).standard_normal(s).astype("float32") for s in shapes]

    class Step(keras.layers.Layer):  # a cell's call takes (inputs, states)
        def __init__(self, **kwargs):
            super().__init__()
            self.cell = cell_cls(3, **kwargs)

        def call(self, inputs):
            output, _ = self.cell(inputs[0], list(inputs[1:]))
            return output

        def get_config(self):
            return {**super().get_config(), "seed": self.cell.seed}

    with custom_object_scope({"Step": Step}):
        layer = run_layer_test(
            Step,
            {"seed": 1},
            input_data=data,
            expected_output_shape=(2, 3),
            run_training_check=False,
        )
    assert len(layer.cell.weights) == 3


def test_stacked_cells_harness():
    class Step(keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.cell = rnn.StackedRNNCells([rnn.SimpleRNNCell(3), rnn.LSTMCell(2)])

        def call(self, inputs):
            return self.cell(inputs[0], [[inputs[1]], [inputs[2], inputs[2]]])[0]

    data = [np.ones((2, 4), "float32"), np.zeros((2, 3), "float32"), np.zeros((2, 2), "float32")]
    with custom_object_scope({"Step": Step}):
        run_layer_test(
            Step, {}, input_data=data, expected_output_shape=(2, 2), run_training_check=False
        )
    config = rnn.StackedRNNCells([rnn.SimpleRNNCell(3)]).get_config()
    revived = rnn.StackedRNNCells.from_config(config)
    assert type(revived.cells[0]) is rnn.SimpleRNNCell and revived.cells[0].units == 3


@pytest.mark.parametrize(
    "merge_mode, shape",
    [
        ("concat", (2, 5, 6)),
        ("sum", (2, 5, 3)),
        ("mul", (2, 5, 3)),
        ("ave", (2, 5, 3)),
        (None, ((2, 5, 3), (2, 5, 3))),
    ],
)
def test_bidirectional_harness(merge_mode, shape):
    run_layer_test(
        rnn.Bidirectional,
        {"layer": rnn.LSTM(3, return_sequences=True), "merge_mode": merge_mode},
        input_shape=(2, 5, 4),
        expected_output_shape=shape,
        expected_num_trainable_weights=6,
        supports_masking=True,
    )


def test_bidirectional_return_state_harness():
    run_layer_test(
        rnn.Bidirectional,
        {"layer": rnn.GRU(3, return_state=True)},
        input_shape=(2, 5, 4),
        expected_output_shape=((2, 6), (2, 3), (2, 3)),
    )


def test_time_distributed_harness():
    run_layer_test(
        rnn.TimeDistributed,
        {"layer": keras.layers.Dense(3)},
        input_shape=(2, 5, 4),
        expected_output_shape=(2, 5, 3),
        expected_num_trainable_weights=2,
        supports_masking=True,
    )


def test_mask_flows_through_return_sequences_only():
    x = np.ones((2, 4, 3), "float32")
    mask = np.array([[1, 1, 0, 0], [1, 1, 1, 1]], bool)
    seq = rnn.GRU(2, return_sequences=True)
    assert seq.compute_mask(x, mask) is mask
    assert rnn.GRU(2).compute_mask(x, mask) is None
    assert rnn.LSTM(2, return_state=True).compute_mask(x, mask) == [None, None, None]


class _MaskZeroSteps(keras.layers.Layer):
    """Masks the all-zero time steps (what keras.layers.Masking does)."""

    def call(self, x):
        return x

    def compute_mask(self, x, previous_mask=None):
        return gf.numpy.any(x != 0, axis=-1)


def test_mask_reaches_the_rnn_in_a_functional_model():
    x = np.random.default_rng(6).standard_normal((2, 4, 3)).astype("float32")
    x[0, 2:] = 0.0
    inputs = keras.Input((4, 3))
    layer = rnn.LSTM(2, return_sequences=True)
    outputs = layer(_MaskZeroSteps()(inputs))
    assert tuple(outputs._keras_mask.shape) == (None, 4)
    model = keras.Model(inputs, outputs)
    expected = layer(x, mask=gf.constant(np.any(x != 0, axis=-1)))
    np.testing.assert_allclose(np.asarray(model(x)), np.asarray(expected), rtol=1e-6)
    assert not np.allclose(np.asarray(model(x)), np.asarray(layer(x)))


def test_masked_steps_keep_state_and_repeat_output():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 4, 3)).astype("float32")
    mask = np.array([[1, 1, 0, 0], [1, 1, 1, 1]], bool)
    layer = rnn.LSTM(2, return_sequences=True, return_state=True)
    seq, h, c = layer(x, mask=gf.constant(mask))
    short_seq, short_h, short_c = layer(x[:, :2])
    np.testing.assert_allclose(np.asarray(seq)[0, 2:], np.asarray(short_h)[[0, 0]], rtol=1e-6)
    np.testing.assert_allclose(np.asarray(h)[0], np.asarray(short_h)[0], rtol=1e-6)
    np.testing.assert_allclose(np.asarray(c)[0], np.asarray(short_c)[0], rtol=1e-6)
    zeros = rnn.RNN(layer.cell, return_sequences=True, zero_output_for_mask=True)
    np.testing.assert_array_equal(np.asarray(zeros(x, mask=gf.constant(mask)))[0, 2:], 0.0)


def test_go_backwards_equals_reversed_input():
    x = np.random.default_rng(1).standard_normal((2, 5, 3)).astype("float32")
    forward = rnn.SimpleRNN(2, return_sequences=True)
    forward(x)
    backward = rnn.SimpleRNN(2, return_sequences=True, go_backwards=True)
    backward(x)
    backward.set_weights(forward.get_weights())
    np.testing.assert_allclose(np.asarray(backward(x)), np.asarray(forward(x[:, ::-1])), rtol=1e-6)


def test_initial_state_in_a_functional_model():
    inputs = keras.Input((5, 4))
    h0, c0 = keras.Input((3,)), keras.Input((3,))
    layer = rnn.LSTM(3)
    model = keras.Model([inputs, h0, c0], layer(inputs, initial_state=[h0, c0]))
    x = np.random.default_rng(2).standard_normal((2, 5, 4)).astype("float32")
    s = np.random.default_rng(3).standard_normal((2, 3)).astype("float32")
    got = model([x, s, s])
    np.testing.assert_allclose(
        np.asarray(got), np.asarray(layer(x, initial_state=[s, s])), rtol=1e-6
    )
    assert not np.allclose(np.asarray(got), np.asarray(layer(x)))


def test_dropout_only_in_training_and_fresh_each_call():
    x = np.ones((4, 6, 5), "float32")
    layer = rnn.GRU(3, dropout=0.5, recurrent_dropout=0.3, seed=7)
    inference = np.asarray(layer(x))
    np.testing.assert_array_equal(inference, np.asarray(layer(x, training=False)))
    a, b = np.asarray(layer(x, training=True)), np.asarray(layer(x, training=True))
    assert not np.allclose(a, inference) and not np.allclose(a, b)
    assert layer.cell._dropout_mask is None  # masks are dropped after each call
    step = gf.function(lambda t: layer(t, training=True))
    assert not np.allclose(np.asarray(step(x)), np.asarray(step(x)))


def test_lstm_unit_forget_bias_initializes_forget_gate_to_one():
    layer = rnn.LSTM(2)
    layer(np.ones((1, 3, 4), "float32"))
    np.testing.assert_array_equal(layer.cell.bias.numpy(), [0, 0, 1, 1, 0, 0, 0, 0])


def test_long_sequence_is_one_scan_node_and_differentiable():
    layer = rnn.LSTM(8)
    x = gf.constant(np.random.default_rng(4).standard_normal((2, 200, 3)).astype("float32"))
    layer(x)
    fn = gf.function(lambda t: layer(t))
    text = str(fn.get_concrete_function(x).graph)
    assert len([line for line in text.splitlines() if "= scan(" in line]) == 1
    assert len(text.splitlines()) < 80  # 200 steps, not 200 copies of the step
    with gf.GradientTape() as tape:
        total = gf.numpy.sum(layer(x))
    grads = tape.gradient(total, layer.trainable_weights)
    assert all(g is not None and np.isfinite(np.asarray(g)).all() for g in grads)


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: rnn.LSTM(0), "units"),
        (lambda: rnn.GRUCell(-1), "units"),
        (lambda: rnn.LSTM(2, stateful=True), "stateful=True"),
        (lambda: rnn.LSTM(2, use_cudnn="yes"), "use_cudnn=yes"),
        (lambda: rnn.RNN(object()), "cell"),
        (lambda: rnn.Bidirectional(rnn.LSTM(2), merge_mode="max"), "merge mode"),
        (lambda: rnn.Bidirectional("lstm"), "Bidirectional"),
        (lambda: rnn.Bidirectional(rnn.LSTM(2), backward_layer=rnn.LSTM(2)), "go_backwards"),
        (lambda: rnn.TimeDistributed("dense"), "TimeDistributed"),
    ],
)
def test_bad_arguments_raise_value_error(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_wrong_rank_input_names_the_layer():
    with pytest.raises(ValueError, match="expected ndim=3"):
        rnn.LSTM(2, name="seq")(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="at least 3 dimensions"):
        rnn.TimeDistributed(keras.layers.Dense(2))(np.ones((2, 3), "float32"))


def test_fit_a_small_sequence_classifier():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((32, 6, 2)).astype("float32")
    y = (x[:, :, 0].sum(axis=1) > 0).astype("float32")[:, None]
    model = keras.Sequential(
        [
            keras.Input((6, 2)),
            rnn.Bidirectional(rnn.GRU(4)),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(x, y, epochs=8, batch_size=16, verbose=0).history["loss"]
    assert history[-1] < history[0]


def test_bidirectional_initial_state_splits_between_directions():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 4, 3)).astype("float32")
    states = [rng.standard_normal((2, 2)).astype("float32") for _ in range(4)]
    layer = rnn.Bidirectional(rnn.LSTM(2), merge_mode=None)
    forward, backward = layer(x, initial_state=states)
    np.testing.assert_allclose(
        np.asarray(forward),
        np.asarray(layer.forward_layer(x, initial_state=states[:2])),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        np.asarray(backward),
        np.asarray(layer.backward_layer(x, initial_state=states[2:])),
        rtol=1e-6,
    )


def test_stacked_cells_with_dropout_train():
    layer = rnn.RNN(
        [rnn.LSTMCell(3, dropout=0.2, recurrent_dropout=0.2), rnn.GRUCell(2, dropout=0.5)]
    )
    x = np.ones((4, 5, 3), "float32")
    a, b = np.asarray(layer(x, training=True)), np.asarray(layer(x, training=True))
    assert a.shape == (4, 2) and not np.allclose(a, b)
    np.testing.assert_array_equal(np.asarray(layer(x)), np.asarray(layer(x)))
