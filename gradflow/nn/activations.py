"""gf.nn: activations."""

__all__: list[str] = []
