"""The Array API linalg extension (2023.12): gf.numpy.linalg.

Functions act on the last two axes of stacks of matrices, promote integer inputs to
the default float, and are differentiable where the math allows (see each function).
Real floating dtypes only; float16 and bfloat16 are computed in float32.

Example:
>>> import gradflow as gf
>>> gf.numpy.linalg.det(gf.constant([[2.0, 0.0], [0.0, 3.0]])).item()
6.0
"""

from gradflow.numpy.linalg.decompositions import (
    eigh,
    eigvalsh,
    matrix_rank,
    pinv,
    qr,
    svd,
    svdvals,
)
from gradflow.numpy.linalg.matrices import (
    cholesky,
    cross,
    det,
    diagonal,
    inv,
    matrix_power,
    outer,
    slogdet,
    solve,
    trace,
)
from gradflow.numpy.linalg.norms import matrix_norm, vector_norm
from gradflow.numpy.linear_algebra import matmul, matrix_transpose, tensordot, vecdot

__all__ = [
    "cholesky", "cross", "det", "diagonal", "eigh", "eigvalsh", "inv", "matmul",
    "matrix_norm", "matrix_power", "matrix_rank", "matrix_transpose", "outer", "pinv", "qr",
    "slogdet", "solve", "svd", "svdvals", "tensordot", "trace", "vecdot", "vector_norm",
]  # fmt: skip
