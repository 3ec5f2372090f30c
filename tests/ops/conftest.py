import numpy as np
import pytest

from gradflow.core import primitive


def _check_rule_against_kernel(prim, args, attrs, result, out_spec):
    results = result if prim.multiple_results else (result,)
    specs = out_spec if prim.multiple_results else (out_spec,)
    for i, (value, spec) in enumerate(zip(results, specs)):
        shape, dtype = np.shape(value), getattr(value, "dtype", None)
        shape_ok = len(shape) == len(spec.shape) and all(
            s is None or s == d for s, d in zip(spec.shape, shape)
        )  # None: a data-dependent size (nonzero, unique, boolean masks)
        if not shape_ok or dtype != spec.dtype:
            raise AssertionError(
                f"{prim.name}: the shape/dtype rule says output {i} is "
                f"{spec.dtype.name}{list(spec.shape)}, the NumPy kernel gave "
                f"{dtype}{list(shape)} (attrs {attrs})"
            )


@pytest.fixture(autouse=True)
def rules_match_kernels():
    """In op tests, every primitive's rule must describe exactly what its kernel returns."""
    primitive.OBSERVERS.append(_check_rule_against_kernel)
    yield
    primitive.OBSERVERS.remove(_check_rule_against_kernel)
