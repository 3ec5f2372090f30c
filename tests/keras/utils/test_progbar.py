"""keras.utils.Progbar prints exactly what Keras 3's Progbar prints.

The expected strings were captured from real Keras 3.15.1 under a scripted clock by
tests/keras/fixtures/generate_progbar.py; here the same scenarios drive gradflow's bar.
"""

import contextlib
import io
import json
import pathlib
import time

import pytest

from gradflow.keras.utils.progbar import Progbar

FIXTURE = pathlib.Path(__file__).parents[1] / "fixtures" / "progbar" / "progbar_output.json"
SCENARIOS = json.loads(FIXTURE.read_text(encoding="utf-8"))["scenarios"]


def _run(scenario, monkeypatch):
    clock = {"now": scenario["start"]}
    monkeypatch.setattr(time, "time", lambda: clock["now"])
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        bar = Progbar(**scenario["kwargs"])
        for call in scenario["calls"]:
            clock["now"] = call["t"]
            values = [tuple(v) for v in call.get("values", [])]
            if call["method"] == "add":
                bar.add(call["n"], values)
            else:
                bar.update(call["current"], values, finalize=call.get("finalize"))
    return buffer.getvalue()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_output_matches_keras_character_for_character(scenario, monkeypatch):
    assert _run(scenario, monkeypatch) == scenario["expected"]


def test_fixture_covers_the_formats_the_issue_names():
    text = "".join(s["expected"] for s in SCENARIOS)
    for piece in ("ms/step", "us/step", "s/step", "/Unknown", "━", ":", "e-04", "/epoch"):
        assert piece in text
    hours = [s for s in SCENARIOS if s["name"] == "verbose1_eta_minutes_and_hours"][0]
    assert "5:33:18" in hours["expected"]  # h:mm:ss ETA


def test_verbose1_line_reads_like_keras(monkeypatch):
    clock = {"now": 0.0}
    monkeypatch.setattr(time, "time", lambda: clock["now"])
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        bar = Progbar(100)
        clock["now"] = 0.012
        bar.update(1)
        clock["now"] = 0.144
        bar.update(12, [("loss", 0.2345), ("accuracy", 0.9)])
    last = buffer.getvalue().split("\r")[-1]
    plain = last.replace("\x1b[1m", "").replace("\x1b[0m", "").replace("\x1b[32m", "")
    plain = plain.replace("\x1b[37m", "")
    assert plain == " 12/100 ━━━━━━━━━━━━━━━━━━━━ 1s 12ms/step - loss: 0.2345 - accuracy: 0.9000"


def test_both_metric_lists_is_an_error():
    with pytest.raises(ValueError, match="Only one of `stateful_metrics`"):
        Progbar(10, stateful_metrics=["a"], stateless_metrics=["b"])


def test_falls_back_to_equals_signs_when_stdout_cannot_encode(monkeypatch):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(time, "time", lambda: 0.0)
    with contextlib.redirect_stdout(stream):
        Progbar(2).update(2)
    stream.flush()
    text = raw.getvalue().decode("ascii")
    assert "2/2" in text and "=" * 20 in text and "━" not in text
