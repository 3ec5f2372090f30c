"""gradflow's error types: builtins subclassed, so `except ValueError` keeps working."""


class ShapeError(ValueError):
    """An operand's shape breaks an op's rule (rank, matching dimensions, broadcasting)."""


class DTypeError(TypeError):
    """An operand's dtype is not one the op accepts, or two dtypes cannot be combined."""


class ArgumentError(ValueError):
    """An attribute or argument value is out of range or of the wrong form."""


class GradientError(ValueError):
    """A gradient was asked for in a way the tape cannot answer."""


class BackendError(RuntimeError):
    """A backend lacks a kernel for an op, or a backend is unknown or not installed."""


class GraphError(TypeError):
    """Something a traced function (gf.function) cannot do, such as reading a symbolic
    tensor's value in Python."""
