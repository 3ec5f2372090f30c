import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _seeded():
    """Every test starts from the same NumPy seed (gradflow's own RNG is seeded per test
    where it is used)."""
    np.random.seed(0)
    yield
