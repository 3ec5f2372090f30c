"""What `compile(loss=..., metrics=...)` becomes: one loss over all outputs, and the
metrics per output — matched to the model's output structure, built before tracing."""

from __future__ import annotations

from gradflow.core import tree


def _flatten_outputs(structure, output_names):
    """(names, leaves) of a model's outputs (dicts by key, lists by position)."""
    if isinstance(structure, dict):
        keys = list(structure)
        return keys, [structure[k] for k in keys]
    leaves = tree.flatten(structure)
    names = list(output_names or [])
    if len(names) != len(leaves):
        names = [f"output_{i}" for i in range(len(leaves))]
    return names, leaves


def _match(spec, names, kind: str):
    """Per-output values from what the user gave (one value, a list, or a dict)."""
    count = len(names)
    if isinstance(spec, dict):
        unknown = [k for k in spec if k not in names]
        if unknown:
            raise ValueError(
                f"In the dict argument `{kind}`, key '{unknown[0]}' does not correspond to "
                f"any model output. Received:\n{kind}={spec}\nThe model's outputs are "
                f"named: {names}"
            )
        return [spec.get(name) for name in names]
    if isinstance(spec, (list, tuple)) and count > 1:
        if len(spec) != count:
            raise ValueError(
                f"For a model with multiple outputs, when providing the `{kind}` argument as "
                f"a list, it should have as many entries as the model has outputs. "
                f"Received:\n{kind}={list(spec)}\nof length {len(spec)} whereas the model "
                f"has {count} outputs."
            )
        return list(spec)
    if isinstance(spec, (list, tuple)) and kind == "loss":
        if len(spec) != 1:
            raise ValueError(
                f"For a model with a single output, `loss` must be one loss. Received: "
                f"loss={list(spec)} (of length {len(spec)})"
            )
        return list(spec)
    return [spec] * count


def _is_binary_or_sparse(y_true, y_pred):
    is_binary = y_pred.shape[-1] == 1
    is_sparse = len(y_true.shape) < len(y_pred.shape) or (
        y_true.shape[-1] == 1 and y_pred.shape[-1] != 1
    )
    return is_binary, is_sparse


def get_loss(identifier, y_true, y_pred):
    """A Loss object for `identifier`; 'crossentropy'/'ce' picks the variant the
    shapes call for."""
    from gradflow.keras import losses

    if identifier is None:
        return None
    if str(identifier).lower() in ("crossentropy", "ce"):
        is_binary, is_sparse = _is_binary_or_sparse(y_true, y_pred)
        identifier = (
            losses.binary_crossentropy
            if is_binary
            else (
                losses.sparse_categorical_crossentropy
                if is_sparse
                else losses.categorical_crossentropy
            )
        )
    loss = losses.get(identifier)
    if not isinstance(loss, losses.Loss):
        name = identifier if isinstance(identifier, str) else getattr(loss, "__name__", "loss")
        loss = losses.LossFunctionWrapper(loss, name=name)
    return loss


def get_metric(identifier, y_true, y_pred):
    """A Metric object for `identifier`; 'accuracy'/'acc' picks the variant the shapes
    call for, as Keras does."""
    from gradflow.keras import metrics

    if identifier is None:
        raise ValueError("Expected metric, received `None`")
    if str(identifier).lower() in ("accuracy", "acc"):
        is_binary, is_sparse = _is_binary_or_sparse(y_true, y_pred)
        cls = (
            metrics.BinaryAccuracy
            if is_binary
            else (metrics.SparseCategoricalAccuracy if is_sparse else metrics.CategoricalAccuracy)
        )
        metric = cls(name=str(identifier))
    else:
        metric = metrics.get(identifier)
    if isinstance(metric, type):
        metric = metric()
    if not isinstance(metric, metrics.Metric):
        metric = metrics.MeanMetricWrapper(metric, name=getattr(metric, "__name__", None))
    if isinstance(identifier, str):
        metric.name = identifier
    return metric


class CompileLoss:
    """The model's total loss: each output's loss, weighted, summed.

    Args:
        loss: one loss, a list (one per output) or a dict keyed by output name.
        loss_weights: scalars in the same form (or None for 1.0 each).
        output_names: the model's output names (for dict forms).
    """

    def __init__(self, loss, loss_weights=None, output_names=None):
        self._loss = loss
        self._loss_weights = loss_weights
        self._output_names = output_names
        self.built = False

    def build(self, y_true, y_pred) -> None:
        names, pred_leaves = _flatten_outputs(y_pred, self._output_names)
        true_leaves = _flatten_targets(y_true, y_pred, names)
        losses = _match(self._loss, names, "loss")
        if self._loss_weights is None:
            weights = [1.0] * len(names)
        else:
            weights = _match(self._loss_weights, names, "loss_weights")
        self._losses = [
            get_loss(loss, t, p) if t is not None else None
            for loss, t, p in zip(losses, true_leaves, pred_leaves)
        ]
        self._weights = [1.0 if w is None else float(w) for w in weights]
        self._names = names
        self._trackers = [None] * len(names)
        if len(names) > 1:  # Keras logs each output's unweighted loss as "<name>_loss"
            from gradflow.keras import metrics

            self._trackers = [
                metrics.Mean(name=f"{name}_loss") if loss is not None else None
                for name, loss in zip(names, self._losses)
            ]
        self.built = True

    @property
    def metrics(self) -> list:
        """The per-output loss trackers (multi-output models only)."""
        return [t for t in getattr(self, "_trackers", []) if t is not None]

    def __call__(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        _, pred_leaves = _flatten_outputs(y_pred, self._names)
        true_leaves = _flatten_targets(y_true, y_pred, self._names)
        weight_leaves = _flatten_weights(sample_weight, y_pred, self._names)
        total = None
        for loss, weight, t, p, w, tracker in zip(
            self._losses, self._weights, true_leaves, pred_leaves, weight_leaves, self._trackers
        ):
            if loss is None or t is None:
                continue
            value = loss(t, p, sample_weight=w)
            if tracker is not None:
                tracker.update_state(value, sample_weight=p.shape[0])
            value = value * weight if weight != 1.0 else value
            total = value if total is None else total + value
        return total

    def get_config(self) -> dict:
        return {"loss": self._loss, "loss_weights": self._loss_weights}


class CompileMetrics:
    """The compiled metrics of every output, unweighted and weighted.

    Args:
        metrics: one metric, a list, or per-output lists/dicts.
        weighted_metrics: the same forms; these use `sample_weight`.
        output_names: the model's output names.
    """

    def __init__(self, metrics, weighted_metrics, output_names=None):
        self._metrics_spec = metrics
        self._weighted_spec = weighted_metrics
        self._output_names = output_names
        self.built = False
        self.name = "compile_metrics"
        self._flat: list = []

    def build(self, y_true, y_pred) -> None:
        names, pred_leaves = _flatten_outputs(y_pred, self._output_names)
        true_leaves = _flatten_targets(y_true, y_pred, names)
        self._names = names
        self._per_output = []
        prefix = len(names) > 1
        for kind, spec in (("metrics", self._metrics_spec), ("weighted", self._weighted_spec)):
            per_output = self._resolve(spec, names, kind)
            for index, (entries, t, p) in enumerate(zip(per_output, true_leaves, pred_leaves)):
                for entry in entries:
                    metric = get_metric(entry, t, p)
                    if kind == "weighted" and isinstance(entry, str):
                        metric.name = (
                            ("weighted_" + metric.name)
                            if self._metrics_spec and entry in tree.flatten(self._metrics_spec)
                            else metric.name
                        )
                    if prefix:
                        metric.name = f"{names[index]}_{metric.name}"
                    if not getattr(metric, "built", True):
                        # state sized from the data (F1Score, R2Score …): made eagerly
                        metric.build(tuple(t.shape), tuple(p.shape))
                    self._flat.append((metric, index, kind == "weighted"))
        self.built = True

    @staticmethod
    def _resolve(spec, names, kind):
        if spec is None:
            return [[] for _ in names]
        if isinstance(spec, dict):
            return [_as_list(spec.get(name)) for name in names]
        if (
            isinstance(spec, (list, tuple))
            and len(names) > 1
            and len(spec) == len(names)
            and all(isinstance(s, (list, tuple, type(None))) for s in spec)
        ):
            return [_as_list(s) for s in spec]
        return [_as_list(spec) for _ in names]

    @property
    def metrics(self) -> list:
        return [metric for metric, _, _ in self._flat]

    @property
    def variables(self) -> list:
        return [v for metric in self.metrics for v in metric.variables]

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        _, pred_leaves = _flatten_outputs(y_pred, self._names)
        true_leaves = _flatten_targets(y_true, y_pred, self._names)
        weight_leaves = _flatten_weights(sample_weight, y_pred, self._names)
        for metric, index, weighted in self._flat:
            if true_leaves[index] is None:
                continue
            weight = weight_leaves[index] if weighted else None
            metric.update_state(true_leaves[index], pred_leaves[index], sample_weight=weight)

    def reset_state(self) -> None:
        for metric in self.metrics:
            metric.reset_state()

    def result(self) -> dict:
        results = {}
        for metric in self.metrics:
            value = metric.result()
            if isinstance(value, dict):
                results.update(value)
            else:
                results[metric.name] = value
        return results


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _flatten_targets(y_true, y_pred, names):
    if isinstance(y_pred, dict) and isinstance(y_true, dict):
        return [y_true.get(name) for name in names]
    leaves = tree.flatten(y_true) if isinstance(y_true, (list, tuple, dict)) else [y_true]
    if len(leaves) != len(names):
        raise ValueError(
            f"The model has {len(names)} output(s) ({names}) but the targets `y` have "
            f"{len(leaves)} array(s). Pass one target per output, as a list in output order "
            "or a dict keyed by output name."
        )
    return leaves


def _flatten_weights(sample_weight, y_pred, names):
    if sample_weight is None:
        return [None] * len(names)
    if isinstance(sample_weight, dict):
        return [sample_weight.get(name) for name in names]
    if isinstance(sample_weight, (list, tuple)):
        return list(sample_weight)
    return [sample_weight] * len(names)
