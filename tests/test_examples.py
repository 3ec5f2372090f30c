"""The examples run end to end on real data and reach their stated accuracy."""

import pathlib
import runpy
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).parent.parent / "examples"


def test_logistic_regression_on_digits_beats_90_percent(capsys, monkeypatch):
    pytest.importorskip("sklearn")
    monkeypatch.setattr(sys, "argv", ["logistic_regression.py", "--epochs", "10"])
    runpy.run_path(str(EXAMPLES / "logistic_regression.py"), run_name="__main__")
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("test accuracy:")
    assert float(last.split()[-1]) > 0.90
