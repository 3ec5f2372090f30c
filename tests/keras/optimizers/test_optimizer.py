"""The base Optimizer's behaviour: building, tracing, learning rates, weight decay
exclusions, EMA, state, `get`/`serialize`, and argument checks."""

import warnings

import numpy as np
import pytest

import gradflow as gf
from gradflow.errors import GraphError
from gradflow.keras import optimizers

ALL_CLASSES = [
    optimizers.SGD,
    optimizers.Adafactor,
    optimizers.Adam,
    optimizers.AdamW,
    optimizers.RMSprop,
    optimizers.Adagrad,
    optimizers.Adadelta,
    optimizers.Adamax,
    optimizers.Nadam,
    optimizers.Lion,
    optimizers.Ftrl,
    optimizers.Lamb,
]


def _variables():
    return [
        gf.Variable(np.array([[1.0, -2.0], [0.5, 3.0]], np.float32), name="dense/kernel"),
        gf.Variable(np.array([0.1, -0.1], np.float32), name="dense/bias"),
    ]


def _grads():
    return [
        gf.constant(np.array([[0.5, -1.0], [0.25, 2.0]], np.float32)),
        gf.constant(np.array([1.0, -1.0], np.float32)),
    ]


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_traced_training_step_lowers_the_loss(cls):
    """Forward, loss, gradient and update in one gf.function, as the trainer runs it."""
    target = gf.constant(np.array([[1.0, 2.0], [3.0, 4.0]], np.float32))
    w = gf.Variable(np.zeros((2, 2), np.float32), name="w")
    lr = 1.0 if cls is optimizers.Adadelta else 0.05
    optimizer = cls(learning_rate=lr)
    optimizer.build([w])

    @gf.function
    def train_step():
        with gf.GradientTape() as tape:
            loss = gf.numpy.sum(gf.numpy.square(w - target))
        optimizer.apply(tape.gradient(loss, [w]), [w])
        return loss

    losses = [float(train_step()) for _ in range(20)]
    assert losses[-1] < losses[0]
    assert int(optimizer.iterations.numpy()) == 20
    assert train_step.trace_count == 1


def test_apply_on_an_unbuilt_optimizer_inside_a_traced_step_says_to_build_first():
    variables = _variables()
    optimizer = optimizers.Adam()

    @gf.function
    def step(g0, g1):
        optimizer.apply([g0, g1], variables)

    with pytest.raises(GraphError, match=r"optimizer\.build\(model\.trainable_variables\)"):
        step(*_grads())


def test_adding_a_variable_while_tracing_is_refused():
    optimizer = optimizers.SGD()

    @gf.function
    def step():
        optimizer.add_variable((2,), name="late")

    with pytest.raises(GraphError, match="cannot create its variable 'late'"):
        step()


def test_eager_apply_builds_the_optimizer():
    variables = _variables()
    optimizer = optimizers.Adam(learning_rate=0.1, name="opt")
    assert not optimizer.built
    optimizer.apply(_grads(), variables)
    assert optimizer.built
    assert [v.name for v in optimizer.variables] == [
        "iteration",
        "learning_rate",
        "dense_kernel_momentum",
        "dense_kernel_velocity",
        "dense_bias_momentum",
        "dense_bias_velocity",
    ]
    assert optimizer.variables[0].path == "opt/iteration"
    assert optimizer.variables[2].path == "opt/dense_kernel_momentum"


def test_slot_names_follow_a_keras_variable_path():
    from gradflow.keras.variables import Variable

    kernel = Variable(np.ones((2, 2), np.float32), name="kernel")
    kernel.path = "dense_1/kernel"
    optimizer = optimizers.SGD(momentum=0.9)
    optimizer.build([kernel])
    assert optimizer.variables[-1].name == "dense_1_kernel_momentum"


def test_apply_without_variables_needs_a_built_optimizer():
    with pytest.raises(ValueError, match="must already be built"):
        optimizers.SGD().apply(_grads())


def test_apply_without_variables_uses_the_built_ones():
    variables = _variables()
    optimizer = optimizers.SGD(learning_rate=1.0)
    optimizer.build(variables)
    optimizer.apply(_grads())
    np.testing.assert_allclose(variables[1].numpy(), [-0.9, 0.9], rtol=1e-6)
    with pytest.raises(ValueError, match="Received a list of 1 gradients"):
        optimizer.apply(_grads()[:1])


def test_unknown_variables_are_refused():
    optimizer = optimizers.SGD()
    optimizer.build(_variables())
    with pytest.raises(ValueError, match="Unknown variable"):
        optimizer.apply(_grads(), _variables())


def test_apply_gradients_returns_the_iterations():
    variables = _variables()
    optimizer = optimizers.SGD()
    iterations = optimizer.apply_gradients(zip(_grads(), variables))
    assert iterations is optimizer.iterations
    assert iterations.dtype == np.int32 and int(iterations.numpy()) == 1


def test_missing_gradients_are_skipped_with_a_warning():
    variables = _variables()
    optimizer = optimizers.SGD(learning_rate=1.0)
    with pytest.warns(UserWarning, match="Gradients do not exist"):
        optimizer.apply([None, _grads()[1]], variables)
    np.testing.assert_array_equal(variables[0].numpy(), _variables()[0].numpy())
    with pytest.raises(ValueError, match="No gradients provided"):
        optimizer.apply([None, None], variables)


def test_learning_rate_is_a_settable_variable():
    optimizer = optimizers.SGD(learning_rate=0.1)
    lr = optimizer.learning_rate
    assert isinstance(lr, gf.Variable) and lr.dtype == np.float32
    optimizer.learning_rate = 0.5
    assert optimizer.learning_rate is lr
    assert float(lr.numpy()) == 0.5
    assert optimizer.get_config()["learning_rate"] == 0.5


def test_setting_a_schedule_untracks_the_learning_rate_variable():
    optimizer = optimizers.SGD(learning_rate=0.1)
    optimizer.learning_rate = optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
    assert [v.name for v in optimizer.variables] == ["iteration"]
    assert float(optimizer.learning_rate) == pytest.approx(0.1)


def test_a_schedule_learning_rate_is_not_settable_to_a_float():
    optimizer = optimizers.SGD(learning_rate=optimizers.schedules.ExponentialDecay(0.1, 10, 0.5))
    with pytest.raises(TypeError, match="not settable"):
        optimizer.learning_rate = 0.2


def test_a_callable_learning_rate_is_called_each_step():
    w = gf.Variable(np.array([1.0], np.float32))
    optimizer = optimizers.SGD(learning_rate=lambda: 0.25)
    optimizer.apply([gf.constant(np.array([1.0], np.float32))], [w])
    np.testing.assert_allclose(w.numpy(), [0.75])


def test_schedule_sees_the_real_iterations_under_gradient_accumulation():
    optimizer = optimizers.SGD(
        learning_rate=optimizers.schedules.PiecewiseConstantDecay([2], [1.0, 0.5]),
        gradient_accumulation_steps=2,
    )
    w = gf.Variable(np.array([0.0], np.float32))
    for _ in range(4):
        optimizer.apply([gf.constant(np.array([1.0], np.float32))], [w])
    assert int(optimizer.iterations.numpy()) == 2  # accumulated steps
    assert int(optimizer._iterations.numpy()) == 4
    np.testing.assert_allclose(w.numpy(), [-1.5])  # mean gradient 1 at lr 1.0, then 0.5


def test_exclude_from_weight_decay_by_name_and_by_variable():
    kernel, bias = _variables()
    optimizer = optimizers.SGD(learning_rate=1.0, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_names=["bias"])
    zeros = [gf.constant(np.zeros((2, 2), np.float32)), gf.constant(np.zeros(2, np.float32))]
    optimizer.apply(zeros, [kernel, bias])
    np.testing.assert_allclose(kernel.numpy(), _variables()[0].numpy() * 0.5)
    np.testing.assert_allclose(bias.numpy(), _variables()[1].numpy())
    with pytest.raises(ValueError, match="before the optimizer is built"):
        optimizer.exclude_from_weight_decay(var_names=["kernel"])

    kernel, bias = _variables()
    optimizer = optimizers.AdamW(learning_rate=1.0, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_list=[kernel])
    assert optimizer._use_weight_decay(bias) and not optimizer._use_weight_decay(kernel)


def test_finalize_variable_values_swaps_in_the_moving_average():
    w = gf.Variable(np.array([1.0], np.float32))
    optimizer = optimizers.SGD(learning_rate=1.0, use_ema=True, ema_momentum=0.5)
    optimizer.apply([gf.constant(np.array([1.0], np.float32))], [w])  # w 0, average 0
    optimizer.apply([gf.constant(np.array([1.0], np.float32))], [w])  # w -1, average -0.5
    np.testing.assert_allclose(w.numpy(), [-1.0])
    optimizer.finalize_variable_values([w])
    np.testing.assert_allclose(w.numpy(), [-0.5])


def test_state_round_trips_through_a_store():
    variables = _variables()
    optimizer = optimizers.Adam(learning_rate=0.1)
    optimizer.apply(_grads(), variables)
    store = {}
    optimizer.save_own_variables(store)
    assert sorted(store, key=int) == [str(i) for i in range(6)]
    other = optimizers.Adam(learning_rate=0.3)
    other.build(_variables())
    other.load_own_variables(store)
    for a, b in zip(optimizer.variables, other.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    with pytest.warns(UserWarning, match="Skipping variable loading"):
        optimizers.Adam().load_own_variables(store)


def test_set_weights_checks_shapes():
    optimizer = optimizers.SGD(momentum=0.5)
    with pytest.raises(ValueError, match="has not yet been built"):
        optimizer.set_weights([])
    optimizer.build(_variables())
    optimizer.set_weights([np.int32(3), np.float32(0.2), np.ones((2, 2)), np.ones(2)])
    assert int(optimizer.iterations.numpy()) == 3
    with pytest.raises(ValueError, match="not compatible"):
        optimizer.set_weights([np.int32(3), np.float32(0.2), np.ones(3)])


def test_scale_loss_and_unscaled_gradients():
    w = gf.Variable(np.array([1.0], np.float32))
    optimizer = optimizers.SGD(learning_rate=1.0, loss_scale_factor=4.0)
    assert float(optimizer.scale_loss(gf.constant(2.0))) == 8.0
    optimizer.apply([gf.constant(np.array([4.0], np.float32))], [w])
    np.testing.assert_allclose(w.numpy(), [0.0])


def test_variables_set_as_attributes_are_tracked():
    class Counting(optimizers.Optimizer):
        def build(self, variables):
            super().build(variables)
            self.count = gf.Variable(np.float32(0.0), name="count")

        def update_step(self, gradient, variable, learning_rate):
            self.assign_add(self.count, np.float32(1.0))
            self.assign_sub(variable, gradient * learning_rate)

    optimizer = Counting(learning_rate=0.1)
    optimizer.apply(_grads(), _variables())
    assert [v.name for v in optimizer.variables] == ["iteration", "learning_rate", "count"]
    assert float(optimizer.count.numpy()) == 2.0


def test_an_optimizer_without_update_step_says_so():
    with pytest.raises(NotImplementedError, match="must override `update_step"):
        optimizers.Optimizer(learning_rate=0.1).apply(_grads(), _variables())


def test_get_accepts_names_configs_and_instances():
    assert type(optimizers.get("adam")) is optimizers.Adam
    assert type(optimizers.get("RMSprop")) is optimizers.RMSprop
    assert type(optimizers.get("AdamW")) is optimizers.AdamW
    config = optimizers.serialize(optimizers.SGD(momentum=0.5, name="s"))
    restored = optimizers.get(config)
    assert type(restored) is optimizers.SGD and restored.momentum == 0.5
    instance = optimizers.Lion()
    assert optimizers.get(instance) is instance
    assert optimizers.get(None) is None


def test_get_names_the_closest_optimizers_for_a_typo():
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier.*'adam'"):
        optimizers.get("adamm")
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier"):
        optimizers.get(42)


def test_config_round_trip_with_a_schedule():
    schedule = optimizers.schedules.CosineDecay(0.1, 100, warmup_target=0.2, warmup_steps=5)
    optimizer = optimizers.Adam(learning_rate=schedule, clipnorm=1.0, name="a")
    config = optimizer.get_config()
    assert config["learning_rate"]["class_name"] == "CosineDecay"
    assert config["learning_rate"]["module"] == "keras.optimizers.schedules"
    restored = optimizers.Adam.from_config(config)
    assert isinstance(restored._learning_rate, optimizers.schedules.CosineDecay)
    assert restored.get_config() == config


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: optimizers.SGD(learning_rate=1), ValueError, "learning_rate=1"),
        (lambda: optimizers.SGD(clipnorm=1.0, clipvalue=1.0), ValueError, "Only one of"),
        (lambda: optimizers.SGD(gradient_accumulation_steps=1), ValueError, ">= 2"),
        (lambda: optimizers.SGD(use_ema=True, ema_momentum=2.0), ValueError, "ema_momentum=2.0"),
        (
            lambda: optimizers.SGD(use_ema=True, ema_overwrite_frequency=0.5),
            ValueError,
            "ema_overwrite_frequency=0.5",
        ),
        (lambda: optimizers.SGD(foo=1), ValueError, "not recognized"),
        (lambda: optimizers.SGD(momentum=2.0), ValueError, "between \\[0, 1\\]"),
        (lambda: optimizers.AdamW(weight_decay=None), ValueError, "weight_decay=None"),
        (lambda: optimizers.Lion(beta_1=0.0), ValueError, "beta_1=0.0"),
        (lambda: optimizers.Ftrl(learning_rate_power=0.5), ValueError, "learning_rate_power"),
        (lambda: optimizers.Ftrl(l1_regularization_strength=-1.0), ValueError, "l1_regul"),
    ],
)
def test_bad_arguments_are_refused_in_keras_words(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_decay_argument_is_ignored_with_a_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        optimizers.SGD(decay=0.1)
    assert any("no longer supported" in str(w.message) for w in caught)


def test_loss_scale_optimizer_in_a_traced_training_step():
    target = gf.constant(np.array([1.0, -1.0], np.float32))
    w = gf.Variable(np.zeros(2, np.float32), name="w")
    optimizer = optimizers.LossScaleOptimizer(
        optimizers.SGD(learning_rate=0.1), initial_scale=1024.0, dynamic_growth_steps=3
    )
    optimizer.build([w])

    @gf.function
    def train_step():
        with gf.GradientTape() as tape:
            loss = gf.numpy.sum(gf.numpy.square(w - target))
            scaled_loss = optimizer.scale_loss(loss)
        optimizer.apply(tape.gradient(scaled_loss, [w]), [w])
        return loss

    losses = [float(train_step()) for _ in range(6)]
    assert losses[-1] < losses[0]
    assert float(optimizer.dynamic_scale.numpy()) == 4096.0  # doubled after steps 3 and 6
    assert int(optimizer.iterations.numpy()) == 6
    assert train_step.trace_count == 1
    # the update used the unscaled gradient: w = 0 - 0.1 * 2 * (0 - 1) after one step
    w.assign(np.zeros(2, np.float32))
    train_step()
    np.testing.assert_allclose(w.numpy(), [0.2, -0.2], rtol=1e-6)


def test_loss_scale_optimizer_delegates_to_its_inner_optimizer():
    inner = optimizers.Adam(learning_rate=0.1)
    optimizer = optimizers.LossScaleOptimizer(inner, initial_scale=8.0)
    assert float(optimizer.scale_loss(gf.constant(2.0))) == 16.0
    optimizer.learning_rate = 0.5
    assert float(inner.learning_rate.numpy()) == 0.5
    assert optimizer.iterations is inner.iterations
    config = optimizer.get_config()
    assert config["inner_optimizer"]["class_name"] == "Adam"
    restored = optimizers.LossScaleOptimizer.from_config(config)
    assert restored.get_config() == config
    with pytest.raises(ValueError, match="does not support `clipnorm`"):
        optimizers.LossScaleOptimizer(inner, clipnorm=1.0)
    with pytest.raises(ValueError, match="dynamic=False"):
        optimizers.LossScaleOptimizer(inner, dynamic=False)
