"""Array API set functions functions."""

__all__: list[str] = []
