"""`annotator predict`, `suggest`, `evaluate` and `model` with a tiny pipeline trained here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tiny_model import SENTENCES, entity_offsets, tiny_model_path

from .conftest import run_program


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tiny_model_path(tmp_path_factory))


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    lines = [
        {"id": f"d{n}", "text": text, "source": "test"} for n, (text, _) in enumerate(SENTENCES)
    ]
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_predict_writes_entities_and_quotations_with_speakers(cli, tiny, texts, tmp_path):
    out = tmp_path / "out.jsonl"
    result = cli("predict", texts, "-o", out, "--model", tiny)
    assert result.code == 0, result.err
    assert "Predicted 6 document(s) with de_tiny_ner 0.0.1" in result.err
    records = read_jsonl(out)
    assert [r["id"] for r in records] == [f"d{n}" for n in range(6)]
    assert records[0]["source"] == "test"  # other fields kept
    first = records[0]
    assert [(s["text"], s["label"]) for s in first["spans"]] == [
        ("Angela Merkel", "PER"),
        ("Berlin", "LOC"),
        ("„Wir schaffen das.“", "QUOTE"),
    ]
    speaker = first["spans"][2]["speaker"]
    assert (speaker["start"], speaker["end"], speaker["text"]) == (0, 13, "Angela Merkel")


def test_predict_reads_a_text_file(cli, tiny, tmp_path):
    source = tmp_path / "article.txt"
    source.write_text("In Paris regnet es.\n", "utf-8")
    result = cli("predict", source, "-o", "-", "--model", tiny)
    assert result.code == 0
    (record,) = [json.loads(line) for line in result.out.splitlines()]
    assert [(s["text"], s["label"]) for s in record["spans"]] == [("Paris", "LOC")]


def test_predict_on_a_broken_line_names_file_and_line_and_writes_nothing(
    cli, tiny, texts, tmp_path
):
    with texts.open("a", encoding="utf-8") as out:
        out.write("{not json\n")
    out = tmp_path / "out.jsonl"
    result = cli("predict", texts, "-o", out, "--model", tiny)
    assert result.code == 2
    assert f"{texts}:7: not valid JSON" in result.err
    assert "Traceback" not in result.err
    assert not out.exists()
    assert list(tmp_path.glob("*.part")) == []


def test_a_missing_model_is_a_message_with_status_2(cli, texts, tmp_path):
    result = cli("predict", texts, "-o", tmp_path / "out.jsonl", "--model", "de_core_news_xx")
    assert result.code == 2
    assert "python -m spacy download de_core_news_xx" in result.err
    assert "Traceback" not in result.err


def test_suggest_stores_once_and_says_what(cli, tiny, texts, project_file):
    assert cli("import", project_file, texts).code == 0
    result = cli("suggest", project_file, "--model", tiny)
    assert result.code == 0, result.err
    assert (
        "Suggestions by de_tiny_ner 0.0.1 for 6 document(s): 10 entity and 2 quotation"
        in result.out
    )
    again = cli("suggest", project_file, "--model", tiny, "--docs", "d0,d1")
    assert "2 document(s): 0 entity and 0 quotation suggestion(s)" in again.out
    stats = json.loads(cli("stats", project_file, "--json").out)
    assert stats["spans_by_status"] == {"pending": 12}


def test_suggest_unknown_document(cli, tiny, texts, project_file):
    cli("import", project_file, texts)
    result = cli("suggest", project_file, "--model", tiny, "--docs", "d0,nope")
    assert result.code == 2
    assert "no document 'nope'" in result.err


def test_model_is_shown_and_chosen_per_project(cli, tiny, project_file):
    assert cli("model", project_file).out.startswith(f"{project_file.stem}: builtin")
    assert cli("model", project_file, tiny).code == 0
    assert cli("model", project_file).out.startswith(f"{project_file.stem}: {tiny}")
    missing = cli("model", project_file, "xx_missing_pipeline")
    assert missing.code == 2
    assert "not installed" in missing.err


def test_evaluate_entities(cli, tiny, tmp_path):
    gold = tmp_path / "gold.jsonl"
    lines = []
    for text, names in SENTENCES:
        spans = [{"start": s, "end": e, "label": lb} for s, e, lb in entity_offsets(text, names)]
        lines.append(json.dumps({"text": text, "spans": spans}, ensure_ascii=False))
    gold.write_text("\n".join(lines) + "\n", "utf-8")
    result = cli("evaluate", gold, "--model", tiny, "--json")
    assert result.code == 0, result.err
    figures = json.loads(result.out)
    assert figures["micro"]["f1"] == 1.0
    assert set(figures["per_label"]) == {"PER", "LOC", "ORG"}
    table = cli("evaluate", gold, "--model", tiny)
    assert "micro" in table.out
    assert "PER" in table.out


def test_evaluate_quotations(cli, tiny, tmp_path):
    text = SENTENCES[0][0]
    quote = {"start": 31, "end": 50, "label": "QUOTE", "quote_type": "Direct",
             "speaker": {"start": 0, "end": 13, "text": "Angela Merkel"}}  # fmt: skip
    gold = tmp_path / "quotes.jsonl"
    gold.write_text(json.dumps({"text": text, "spans": [quote]}, ensure_ascii=False) + "\n")
    figures = json.loads(cli("evaluate", gold, "--model", tiny, "--kind", "quotes", "--json").out)
    assert figures["exact"]["f1"] == 1.0
    assert figures["lenient"]["f1"] == 1.0
    assert figures["speaker_accuracy"] == 1.0
    no_entities = cli("evaluate", gold, "--model", tiny)
    assert no_entities.code == 2
    assert "--kind quotes" in no_entities.err


def test_help_and_the_model_commands_do_not_import_spacy():
    code = (
        "import sys, json\n"
        "from annotator.cli.main import main\n"
        "for command in (['--help'], ['predict', '--help'], ['suggest', '--help']):\n"
        "    try:\n"
        "        main(command)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps([m for m in ('spacy', 'thinc', 'torch') if m in sys.modules]))\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(child.stdout.splitlines()[-1]) == []


def test_predict_as_a_program(tiny, texts, tmp_path):
    child = run_program("predict", texts, "-o", tmp_path / "o.jsonl", "--model", tiny)
    assert child.returncode == 0, child.stderr
    assert len(read_jsonl(tmp_path / "o.jsonl")) == 6


def test_evaluate_reads_germeval_labels(cli, tiny, tmp_path):
    text = "Olaf Scholz sprach mit Siemens über Paris."
    spans = [{"start": 0, "end": 11, "label": "PER"}, {"start": 36, "end": 41, "label": "OTH"},
             {"start": 23, "end": 30, "label": "ORGderiv"}]  # fmt: skip
    gold = tmp_path / "germeval.jsonl"
    gold.write_text(json.dumps({"text": text, "spans": spans}) + "\n", "utf-8")
    figures = json.loads(cli("evaluate", gold, "--model", tiny, "--json").out)
    assert figures["per_label"]["MISC"]["gold"] == 1  # OTH
    assert "ORGderiv" not in figures["per_label"]
    assert figures["micro"]["gold"] == 2
