"""Resolving and loading a model: built-in, package, folder; clear messages when absent."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from annotator.nlp import models
from tests.tiny_model import tiny_model_path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_model_path(tmp_path_factory)


def test_a_missing_package_names_what_to_install():
    with pytest.raises(models.ModelMissingError) as caught:
        models.resolve("xx_no_such_pipeline_sm")
    message = str(caught.value)
    assert "python -m spacy download xx_no_such_pipeline_sm" in message
    assert "pip install" in message


def test_a_missing_builtin_model_says_make_model(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(models, "builtin_path", lambda: tmp_path / "absent")
    with pytest.raises(models.ModelMissingError, match="make model"):
        models.resolve("builtin")


def test_a_folder_that_is_no_pipeline(tmp_path: Path):
    with pytest.raises(models.ModelMissingError, match="no model folder"):
        models.resolve(str(tmp_path / "nothing"))
    with pytest.raises(models.ModelMissingError, match=r"no config\.cfg"):
        models.resolve(str(tmp_path))


def test_a_broken_pipeline_folder_is_a_message_not_a_traceback(tmp_path: Path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "config.cfg").write_text('[nlp]\nlang = "de"\npipeline = ["nope"]\n')
    with pytest.raises(models.ModelMissingError, match="could not load"):
        models.load_model(str(folder))


def test_a_folder_loads_once_and_names_its_source(tiny: Path):
    first = models.load_model(str(tiny))
    assert first.choice.kind == "folder"
    assert first.source == "de_tiny_ner 0.0.1"
    assert first.language == "de"
    assert models.load_model(str(tiny)) is first


def test_source_names_follow_spacy_packages():
    assert models.source_name({"lang": "de", "name": "core_news_md", "version": "3.8.0"}) == (
        "de_core_news_md 3.8.0"
    )
    assert models.source_name({"lang": "de", "name": "de_news_ner", "version": "1.0"}) == (
        "de_news_ner 1.0"
    )


def test_defaults_by_language():
    assert models.default_spec("de") == "builtin"
    assert models.default_spec("en") == "en_core_web_sm"


def test_what_a_load_makes_is_frozen_before_the_collector_comes_back():
    # Restoring the threshold first set off one collection over everything the load made,
    # holding the GIL for 80-120 ms while the window waited.
    thresholds = gc.get_threshold()
    frozen = gc.get_freeze_count()
    with models._collector_held():
        assert gc.get_threshold()[0] == 0
        made = [[n] for n in range(20_000)]
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() >= frozen + len(made)
    assert gc.get_count()[0] < thresholds[0]
