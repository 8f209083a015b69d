"""The exports in the tools they are for: `spacy train` on a DocBin export, Hugging Face
`datasets` on the token classification export; and worker processes giving the same bytes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import AnnotatedDocument, Document, Span
from annotator.formats import parallel
from annotator.formats.protocol import ExportContext
from annotator.formats.registry import FORMATS
from annotator.resources import load_scheme
from annotator.services.export_splits import SplitSpec
from annotator.services.exporting import ExportRequest, export
from annotator.store import Project

TEXT = "Angela Merkel sagte in Berlin: „Wir schaffen das.“ Die Universität Hamburg schwieg."
SPANS = [("Angela Merkel", "PER"), ("Berlin", "LOC"), ("Universität Hamburg", "ORG"),
         ("Hamburg", "LOC"), ("„Wir schaffen das.“", "QUOTE")]  # fmt: skip


def record(number: int) -> AnnotatedDocument:
    spans = []
    for fragment, label in SPANS:
        start = TEXT.index(fragment)
        span_id = f"d{number}/{label}/{start}"
        spans.append(Span(f"d{number}", start, start + len(fragment), label, "anna",
                          id=span_id, created="2026-01-01T00:00:00.000Z"))  # fmt: skip
    return AnnotatedDocument(Document(f"d{number}", TEXT, {"n": number}), tuple(spans))


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.annotator", load_scheme("german-news")) as project:
        with project.importing("tester", "Set up") as sink:
            for number in range(12):
                sink.add(record(number), origin=f"s:{number}")
        yield project


@pytest.mark.slow
def test_spacy_trains_a_step_on_a_docbin_export(project: Project, tmp_path: Path):
    corpus = tmp_path / "corpus"
    export(project, corpus, ExportRequest(format="spacy", split=SplitSpec.parse("0.5,0.5")))
    config = tmp_path / "config.cfg"
    python = [sys.executable, "-m", "spacy"]
    subprocess.run([*python, "init", "config", str(config), "--lang", "de", "--pipeline",
                    "ner,spancat", "--optimize", "efficiency", "--force"],
                   check=True, capture_output=True)  # fmt: skip
    done = subprocess.run(
        [*python, "train", str(config), "--output", str(tmp_path / "model"),
         "--paths.train", str(corpus / "train.spacy"), "--paths.dev", str(corpus / "test.spacy"),
         "--training.max_steps", "2", "--training.eval_frequency", "1"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert (tmp_path / "model" / "model-last" / "meta.json").is_file()
    assert "ents_f" in done.stdout.lower() or "ENTS_F" in done.stdout


@pytest.mark.slow
def test_datasets_loads_the_hf_export_with_its_label_names(project: Project, tmp_path: Path):
    datasets = pytest.importorskip("datasets")
    corpus = tmp_path / "corpus"
    export(project, corpus, ExportRequest(format="hf", split=SplitSpec.parse("0.5,0.5")))
    names = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    features = datasets.Features({
        "id": datasets.Value("string"),
        "tokens": datasets.Sequence(datasets.Value("string")),
        "ner_tags": datasets.Sequence(datasets.ClassLabel(names=names)),
    })  # fmt: skip
    loaded = datasets.load_dataset(
        "json",
        data_files={"train": str(corpus / "train.jsonl"), "test": str(corpus / "test.jsonl")},
        features=features,
        cache_dir=str(tmp_path / "cache"),
    )
    assert loaded["train"].num_rows + loaded["test"].num_rows == 12
    first = loaded["train"][0]
    tags = [names[i] for i in first["ner_tags"]]
    pairs = list(zip(first["tokens"], tags, strict=True))
    assert pairs[:3] == [("Angela", "B-PER"), ("Merkel", "I-PER"), ("sagte", "O")]
    assert ("Hamburg", "I-ORG") in pairs


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["spacy", "conll", "prodigy"])
def test_worker_processes_write_the_same_bytes(tmp_path: Path, monkeypatch, fmt: str):
    monkeypatch.setattr(parallel, "IN_PROCESS_FIRST", 3)
    monkeypatch.setattr(parallel, "BATCH", 4)
    records = [record(n) for n in range(25)]
    scheme = load_scheme("german-news")
    outputs = []
    for workers in (0, 1, 2):
        target = tmp_path / f"{workers}{FORMATS[fmt].extension}"
        context = ExportContext(scheme=scheme, workers=workers)
        report = FORMATS[fmt].load().write(records, target, context)
        outputs.append((target.read_bytes(), report.as_dict()))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0][1]["documents"] == 25
