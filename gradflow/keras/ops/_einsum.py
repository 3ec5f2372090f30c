"""keras.ops.einsum: Einstein summation as pairwise batched matmuls.

Each step takes the next operand, sums away labels no one else needs, and contracts the
pair with one `matmul` over (shared-kept, left-only, contracted, right-only) label groups.
"""

from __future__ import annotations

import string

import numpy as np

import gradflow as gf
from gradflow.keras.ops import _dtypes
from gradflow.keras.ops._symbolic import exported, keras_op

gnp = gf.numpy


def _parse(subscripts: str, ndims: list[int]):
    subscripts = subscripts.replace(" ", "")
    if "->" in subscripts:
        inputs, output = subscripts.split("->")
    else:
        inputs, output = subscripts, None
    terms = inputs.split(",")
    if len(terms) != len(ndims):
        raise ValueError(
            f"einsum: {len(terms)} subscript terms for {len(ndims)} operands. "
            f"Received: subscripts={subscripts}"
        )
    spare = [c for c in string.ascii_uppercase + string.ascii_lowercase if c not in subscripts]
    ell_len = max((n - len(t.replace("...", "")) for t, n in zip(terms, ndims) if "..." in t),
                  default=0)  # fmt: skip
    ell = "".join(spare[:ell_len])
    terms = [t.replace("...", ell[len(ell) - (n - len(t.replace("...", ""))):] if ell_len else "")
             for t, n in zip(terms, ndims)]  # fmt: skip
    if output is None:
        counts = {}
        for t in terms:
            for c in t:
                counts[c] = counts.get(c, 0) + 1
        output = ell + "".join(sorted(c for c, k in counts.items() if k == 1 and c not in ell))
    else:
        output = output.replace("...", ell)
    return terms, output


def _take_diagonals(x, labels: str):
    """Collapse repeated labels of one operand to their diagonal."""
    while len(set(labels)) < len(labels):
        for i, c in enumerate(labels):
            j = labels.find(c, i + 1)
            if j >= 0:
                break
        x = gnp.linalg.diagonal(gnp.moveaxis(x, (i, j), (-2, -1)))
        labels = "".join(c for k, c in enumerate(labels) if k not in (i, j)) + c
    return x, labels


def _sum_out(x, labels: str, keep: set):
    axes = tuple(i for i, c in enumerate(labels) if c not in keep)
    if axes:
        x = gnp.sum(x, axis=axes)
        labels = "".join(c for c in labels if c in keep)
    return x, labels


def _contract(a, la: str, b, lb: str, keep: set):
    batch = [c for c in la if c in lb and c in keep]
    summed = [c for c in la if c in lb and c not in keep]
    left = [c for c in la if c not in lb]
    right = [c for c in lb if c not in la]
    size = {**dict(zip(la, a.shape)), **dict(zip(lb, b.shape))}
    a = gnp.permute_dims(a, tuple(la.index(c) for c in batch + left + summed))
    b = gnp.permute_dims(b, tuple(lb.index(c) for c in batch + summed + right))
    bs = tuple(size[c] for c in batch)
    m, k, n = (int(np.prod([size[c] for c in g])) for g in (left, summed, right))
    a = gnp.reshape(a, bs + (m, k))
    b = gnp.reshape(b, bs + (k, n))
    out = gnp.matmul(a, b)
    out = gnp.reshape(out, bs + tuple(size[c] for c in left) + tuple(size[c] for c in right))
    return out, "".join(batch + left + right)


@keras_op
def einsum(subscripts, *operands, **kwargs):
    """Einstein summation: `subscripts` names the axes of each operand and the output.

    Args:
        subscripts: e.g. 'ij,jk->ik' (with '...' for broadcast axes).
        *operands: the tensors.

    Returns:
        A tensor; int8 operands give int32.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.einsum("ij,jk->ik", [[1, 2]], [[3], [4]]).tolist()
    [[11]]
    """
    xs = [_dtypes.tensor(x) for x in operands]
    dtype = _dtypes.result_type(*[x.dtype.name for x in xs])
    if all(x.dtype.name == "int8" for x in xs):
        dtype = "int32"
    xs = [_dtypes.tensor(x, dtype) for x in xs]
    terms, output = _parse(subscripts, [x.ndim for x in xs])
    pairs = [_take_diagonals(x, t) for x, t in zip(xs, terms)]
    acc, la = pairs[0]
    for i, (b, lb) in enumerate(pairs[1:], start=1):
        later = set(output).union(*[set(t) for _, t in pairs[i + 1 :]])
        acc, la = _sum_out(acc, la, later | set(lb))
        b, lb = _sum_out(b, lb, later | set(la))
        acc, la = _contract(acc, la, b, lb, later)
    acc, la = _sum_out(acc, la, set(output))
    return gnp.permute_dims(acc, tuple(la.index(c) for c in output))


__all__ = exported(__name__)
