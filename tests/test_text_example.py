"""examples/text_classification.py runs end to end: on a tiny corpus written here in the
aclImdb folder layout (default run), and on the real WordNet data (slow)."""

import pathlib
import runpy
import sys

import pytest

EXAMPLE = pathlib.Path(__file__).parent.parent / "examples" / "text_classification.py"

# Two topics with disjoint vocabularies: an LSTM learns them in a few epochs.
WEATHER = [
    "rain is falling on the hills", "the storm brings wind and thunder",
    "clouds gather before the rain", "snow covers the cold valley",
    "a warm sunny morning with clear sky", "fog rolls in over the bay at dawn",
    "heavy rain and strong wind tonight", "the forecast says snow and ice",
    "thunder and lightning in the storm", "a cold wind from the north",
    "clear sky and bright sun today", "drizzle and grey clouds all day",
    "the storm passed and the sky cleared", "frost on the grass after a cold night",
    "hail and rain battered the roof", "a humid afternoon with thunder",
]  # fmt: skip
COOKING = [
    "stir the soup and add salt", "bake the bread in a hot oven",
    "chop onions and garlic finely", "simmer the sauce with fresh tomatoes",
    "whisk eggs with sugar and butter", "fry the potatoes in olive oil",
    "season the chicken with pepper", "knead the dough and let it rise",
    "boil pasta in salted water", "roast vegetables with herbs",
    "melt butter in a pan", "slice the cheese and toast the bread",
    "grill the fish with lemon", "mix flour sugar and eggs",
    "serve the stew with rice", "peel and dice the carrots",
]  # fmt: skip


def _write_corpus(root: pathlib.Path) -> None:
    for name, texts in (("cooking", COOKING), ("weather", WEATHER)):
        for split, part in (("train", texts[:12]), ("test", texts[12:])):
            folder = root / split / name
            folder.mkdir(parents=True)
            for i, text in enumerate(part):
                (folder / f"{i}.txt").write_text(text, encoding="utf-8")


def _run(capsys, monkeypatch, *args: str) -> list[str]:
    monkeypatch.setattr(sys, "argv", [EXAMPLE.name, *args])
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    return capsys.readouterr().out.strip().splitlines()


def _accuracy(lines: list[str]) -> float:
    assert lines[-1].startswith("test accuracy: "), lines[-1]
    return float(lines[-1].split()[-1])


def test_text_example_learns_a_tiny_corpus_from_data_dir(tmp_path, capsys, monkeypatch):
    _write_corpus(tmp_path)
    lines = _run(
        capsys, monkeypatch, "--data-dir", str(tmp_path), "--epochs", "12",
        "--batch-size", "8", "--sequence-length", "8",
    )  # fmt: skip
    assert lines[0].startswith(f"{tmp_path}: 24 train, 8 test, classes ['cooking', 'weather']")
    assert _accuracy(lines) >= 0.75  # chance is 0.5


def test_text_example_reports_missing_class_folders(tmp_path, monkeypatch):
    (tmp_path / "train").mkdir()
    monkeypatch.setattr(sys, "argv", [EXAMPLE.name, "--data-dir", str(tmp_path)])
    with pytest.raises(FileNotFoundError, match="No class folders"):
        runpy.run_path(str(EXAMPLE), run_name="__main__")


def test_imdb_ids_decode_back_to_words():
    example = runpy.run_path(str(EXAMPLE))  # not __main__: defines, does not train
    word_index = {"the": 1, "film": 2, "great": 3}
    # IMDB's ids are rank + 3; 1 starts a review and 2 is the out-of-vocabulary marker.
    decoded = example["decode_reviews"]([[1, 4, 6, 5], [1, 2, 5]], word_index)
    assert decoded.tolist() == ["the great film", "film"]


@pytest.mark.slow
def test_text_example_on_wordnet_reaches_its_stated_accuracy(capsys, monkeypatch):
    if not pathlib.Path("/usr/share/wordnet/data.noun").exists():
        pytest.skip("WordNet is not installed (apt-get install wordnet-base)")
    lines = _run(capsys, monkeypatch)
    if not lines[0].startswith("WordNet"):
        pytest.skip("IMDB is local, so the example trains on it instead")
    assert _accuracy(lines) > 0.90
