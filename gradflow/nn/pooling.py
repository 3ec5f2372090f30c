"""gf.nn: pooling."""

__all__: list[str] = []
