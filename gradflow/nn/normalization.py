"""gf.nn: normalization."""

__all__: list[str] = []
