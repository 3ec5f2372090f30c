"""Primitives by family. Importing this package registers all of them."""

from gradflow.ops import elementwise, reduce, shape  # noqa: F401  (registration)
