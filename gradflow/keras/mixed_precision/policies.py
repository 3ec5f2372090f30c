"""DTypePolicy: a layer's compute and variable dtypes ('float32', 'mixed_float16' …)."""

from __future__ import annotations

from gradflow.keras import backend

_GLOBAL_POLICY = None


class DTypePolicy:
    """The dtypes a layer computes in and keeps its variables in.

    Args:
        name: 'float32', 'float64', 'bfloat16', 'float16', 'mixed_float16' (compute
            float16, variables float32) or 'mixed_bfloat16'. None means floatx().

    Example:
    >>> policy = DTypePolicy("mixed_float16")
    >>> policy.compute_dtype, policy.variable_dtype
    ('float16', 'float32')
    """

    _keras_module = "keras"

    def __init__(self, name: str | None = None):
        if name is None:
            name = backend.floatx()
        if not isinstance(name, str):
            raise TypeError(f"'name' must be a string, such as 'mixed_float16'. Received: {name}")
        if name in ("mixed_float16", "mixed_bfloat16"):
            compute, variable = name.split("_")[1], "float32"
        else:
            try:
                compute = variable = backend.standardize_dtype(name)
            except (TypeError, ValueError):
                raise ValueError(
                    f"Cannot convert '{name}' to a mixed precision DTypePolicy. Valid policies "
                    "include 'mixed_float16', 'mixed_bfloat16', and the name of any float "
                    "dtype such as 'float32'."
                ) from None
        self._name = name
        self._compute_dtype = compute
        self._variable_dtype = variable

    @property
    def name(self) -> str:
        return self._name

    @property
    def compute_dtype(self) -> str:
        return self._compute_dtype

    @property
    def variable_dtype(self) -> str:
        return self._variable_dtype

    def get_config(self) -> dict:
        return {"name": self._name}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __eq__(self, other) -> bool:
        return isinstance(other, DTypePolicy) and other._name == self._name

    def __hash__(self) -> int:
        return hash(self._name)

    def __repr__(self) -> str:
        return f'<DTypePolicy "{self._name}">'


def set_dtype_policy(policy) -> None:
    """Set the policy new layers get by default (a name or a DTypePolicy)."""
    global _GLOBAL_POLICY
    if isinstance(policy, str):
        policy = DTypePolicy(policy)
    if policy is not None and not isinstance(policy, DTypePolicy):
        raise ValueError(
            "Invalid `policy` argument. Expected the string name of a policy (such as "
            f"'mixed_float16') or a `DTypePolicy` instance. Received: policy={policy}"
        )
    _GLOBAL_POLICY = policy


def dtype_policy() -> DTypePolicy:
    """The global default policy (floatx() when none was set)."""
    return _GLOBAL_POLICY or DTypePolicy(backend.floatx())


def get(identifier) -> DTypePolicy:
    """A DTypePolicy from None (the global one), a name, a config dict or a policy."""
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        return DTypePolicy.from_config(identifier.get("config", identifier))
    if isinstance(identifier, str):
        return DTypePolicy(identifier)
    return DTypePolicy(backend.standardize_dtype(identifier))
