"""gf.nn: losses."""

__all__: list[str] = []
