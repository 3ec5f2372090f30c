"""The examples run end to end on real data and reach their stated accuracy."""

import pathlib
import runpy
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).parent.parent / "examples"


def _run(capsys, monkeypatch, path: pathlib.Path, *args: str) -> list[str]:
    pytest.importorskip("sklearn")
    monkeypatch.setattr(sys, "argv", [path.name, *args])
    monkeypatch.syspath_prepend(str(path.parent))
    runpy.run_path(str(path), run_name="__main__")
    return capsys.readouterr().out.strip().splitlines()


def _accuracy(lines: list[str]) -> float:
    last = lines[-1]
    assert last.startswith("test accuracy:"), last
    return float(last.split()[-1])


def test_logistic_regression_on_digits_beats_90_percent(capsys, monkeypatch):
    lines = _run(capsys, monkeypatch, EXAMPLES / "logistic_regression.py", "--epochs", "10")
    assert _accuracy(lines) > 0.90


@pytest.mark.parametrize(
    "name", ["sequential_mlp", "subclassed_model", "functional_multi_input", "custom_training_loop"]
)
def test_keras_examples_on_digits_beat_90_percent(name, capsys, monkeypatch):
    lines = _run(capsys, monkeypatch, EXAMPLES / "keras" / f"{name}.py", "--epochs", "8")
    assert _accuracy(lines) > 0.90
