import pytest

import gradflow as gf
from gradflow.backends.xla.runtime import available

requires_jax = pytest.mark.skipif(not available(), reason="the xla extra (jax) is not installed")


@pytest.fixture
def xla():
    """Run the test on the xla backend, and go back to numpy after it."""
    if not available():
        pytest.skip("the xla extra (jax) is not installed")
    gf.config.set_backend("xla")
    try:
        yield
    finally:
        gf.config.set_backend("numpy")
