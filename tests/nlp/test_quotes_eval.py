"""The evaluation runs end to end on a slice of the Wikinews quotation corpus (code path only)."""

from __future__ import annotations

from pathlib import Path

from annotator.nlp import quotes_eval


def test_quotes_eval_runs_on_a_slice_of_dev(shared_data: Path, capsys) -> None:
    gold = shared_data / "quotes_wikinews" / "dev.jsonl"
    assert quotes_eval.main([str(gold), "--limit", "15", "--lang", "de", "--errors"]) == 0
    out = capsys.readouterr().out
    assert "exact" in out
    assert "lenient" in out
    assert "speaker acc." in out


def test_quotes_eval_reads_the_seed_reference(shared_data: Path, capsys) -> None:
    seed = shared_data.parent / "seeds" / "000_217b1643d8ffb68b.gold.json"
    assert quotes_eval.main([str(seed)]) == 0
    assert "reference quotations 12" in capsys.readouterr().out


def test_quotes_eval_refuses_a_missing_file(tmp_path: Path, capsys) -> None:
    assert quotes_eval.main([str(tmp_path / "absent.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err
