import numpy as np
import pytest

# Fixture generators run with real Keras in a separate environment, never under pytest.
collect_ignore_glob = ["keras/fixtures/generate_*.py"]


@pytest.fixture(autouse=True)
def _seeded():
    """Every test starts from the same NumPy seed (gradflow's own RNG is seeded per test
    where it is used)."""
    np.random.seed(0)
    yield


@pytest.fixture(autouse=True)
def _fresh_keras_names():
    """Keras layer names ('dense', 'dense_1' …) count per session; each test starts at 0,
    as Keras's own tests do with clear_session()."""
    from gradflow.keras import backend

    backend.clear_session()
    yield
