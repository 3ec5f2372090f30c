"""gf.nn: conv."""

__all__: list[str] = []
