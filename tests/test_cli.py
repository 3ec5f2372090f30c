"""The `gradflow` command."""

import pytest

from gradflow import cli


def test_version_prints_the_package_version(capsys):
    import gradflow

    assert cli.main(["version"]) == 0
    assert capsys.readouterr().out.strip() == gradflow.__version__


def test_demo_passes_its_options_to_the_main_job(monkeypatch):
    from gradflow.examples import fashion_mnist

    seen = []
    monkeypatch.setattr(fashion_mnist, "cli", lambda argv: seen.append(argv))
    assert cli.main(["demo", "--epochs", "2", "--limit", "100"]) == 0
    assert seen == [["--epochs", "2", "--limit", "100"]]


def test_unknown_options_outside_demo_are_an_error():
    with pytest.raises(SystemExit):
        cli.main(["version", "--epochs", "2"])
