"""Shared pieces of the saving tests: the fixture generator's model builders (so the tests
build exactly the models real Keras saved) and the fixture directory."""

import importlib.util
import os

import pytest

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures")


def _load_generator():
    path = os.path.join(FIXTURES, "generate_saving.py")
    spec = importlib.util.spec_from_file_location("generate_saving", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def gen():
    """The generator module: MODELS, BUILDERS, make_trained, data, gradflow_layers …"""
    return _load_generator()


@pytest.fixture(scope="session")
def fixture_dir():
    return os.path.join(FIXTURES, "saving")
