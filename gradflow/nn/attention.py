"""gf.nn: attention."""

__all__: list[str] = []
