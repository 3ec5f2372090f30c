"""Array API linear algebra functions."""

__all__: list[str] = []
