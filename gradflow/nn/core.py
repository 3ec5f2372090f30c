"""gf.nn: core."""

__all__: list[str] = []
