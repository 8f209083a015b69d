"""Which spaCy pipeline makes a project's suggestions: resolve a model spec, load it once.

A spec is one of
- "builtin": the German entity model shipped in `resources/models/de-news-ner`;
- the name of an installed spaCy package ("de_core_news_md", "en_core_web_trf");
- a pipeline folder (a path holding `config.cfg`).

A model that is not there raises AnnotatorError saying what to install; it never ends in a
traceback. spaCy is imported only inside the functions here, so importing this module is cheap
(the window and `annotator --help` never import spaCy).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.resources import resources_dir

BUILTIN = "builtin"
BUILTIN_FOLDER = "de-news-ner"
DEFAULT_FOR_LANGUAGE = {"de": BUILTIN, "en": "en_core_web_sm"}
"""The model a project uses until someone chooses another, by the scheme's language."""


class ModelMissingError(AnnotatorError):
    """The chosen model is not installed or cannot be loaded; the message says what to do."""

    code = "A500"


@dataclass(frozen=True, slots=True)
class ModelChoice:
    """A resolved spec: what kind of model and where it is."""

    spec: str
    kind: str
    """"builtin", "package" or "folder"."""
    location: str
    """The package name, or the folder's absolute path."""

    @property
    def title(self) -> str:
        """How menus and messages name it."""
        return title_of(self.spec)


@dataclass(frozen=True, slots=True)
class LoadedModel:
    choice: ModelChoice
    nlp: Any
    """The spaCy `Language`."""
    source: str
    """What suggestions carry as their model: "de_news_ner 1.0.0"."""

    @property
    def language(self) -> str:
        return str(self.nlp.lang)


def builtin_path() -> Path:
    return resources_dir() / "models" / BUILTIN_FOLDER


def default_spec(language: str) -> str:
    return DEFAULT_FOR_LANGUAGE.get(language, BUILTIN)


def resolve(spec: str) -> ModelChoice:
    """Where the model `spec` names is, or ModelMissingError saying how to get it."""
    spec = (spec or BUILTIN).strip()
    if spec == BUILTIN:
        path = builtin_path()
        if not (path / "config.cfg").is_file():
            raise ModelMissingError(
                f"the built-in German model is not in {path}; build it with `make model` "
                "(trains it from ../shared/data), or choose an installed spaCy pipeline "
                "with --model (e.g. de_core_news_md)"
            )
        return ModelChoice(spec, "builtin", str(path))
    if _looks_like_path(spec):
        path = Path(spec).expanduser().resolve()
        if not path.is_dir():
            raise ModelMissingError(f"no model folder at {path}")
        if not (path / "config.cfg").is_file():
            raise ModelMissingError(
                f"{path} is not a spaCy pipeline folder (it has no config.cfg); save one with "
                "nlp.to_disk(FOLDER) or give an installed package name"
            )
        return ModelChoice(spec, "folder", str(path))
    import spacy.util

    if not spacy.util.is_package(spec):
        raise ModelMissingError(
            f"the spaCy pipeline {spec!r} is not installed; install it with "
            f"`python -m spacy download {spec}` (needs the internet) or "
            f"`pip install {spec}` from a wheel file, or use --model builtin"
        )
    return ModelChoice(spec, "package", spec)


def title_of(spec: str) -> str:
    """How menus name a spec, without looking for it (imports nothing)."""
    spec = (spec or BUILTIN).strip()
    if spec == BUILTIN:
        return f"Built-in German model ({BUILTIN_FOLDER})"
    if _looks_like_path(spec):
        return f"{Path(spec).expanduser().name} (folder)"
    return spec


def _looks_like_path(spec: str) -> bool:
    return "/" in spec or "\\" in spec or spec.startswith((".", "~")) or Path(spec).is_dir()


_cache: dict[tuple[str, str], LoadedModel] = {}
_lock = threading.Lock()


def load_model(spec: str) -> LoadedModel:
    """The pipeline `spec` names, loaded once per process (also from worker threads)."""
    choice = resolve(spec)
    key = (choice.kind, choice.location)
    with _lock:
        loaded = _cache.get(key)
        if loaded is None:
            with _collector_held():
                nlp = _load(choice)
            loaded = _cache[key] = LoadedModel(choice, nlp, source_name(nlp.meta, nlp.lang))
    return loaded


@contextmanager
def _collector_held() -> Iterator[None]:
    """No cyclic collection while a pipeline loads, and its objects out of the collector's
    sight after.

    Importing spaCy and loading a pipeline makes some 10^5 objects that live for good; the
    full collections they set off held every thread for 60-250 ms, the window's longest
    stalls while suggesting. A zero threshold rather than `gc.disable()`, because srsly
    calls `gc.enable()` after reading msgpack whatever the state was before.

    The objects are frozen before the threshold comes back: restored first, the next
    allocation set off a collection of the youngest generation, which by then held all of
    them (80-120 ms in one call, holding the GIL; the window's longest stall). The garbage
    the load left (some 3,500 objects in cycles) stays uncollected."""
    thresholds = gc.get_threshold()
    gc.set_threshold(0)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*thresholds)


def _load(choice: ModelChoice) -> Any:
    import spacy

    import annotator.nlp.components  # noqa: F401  (registers the built-in model's component)

    try:
        return spacy.load(choice.location)
    except (OSError, ValueError, ImportError, KeyError) as error:
        hint = ""
        if "transformer" in str(error).lower() or "curated" in str(error).lower():
            hint = "; it needs spacy-transformers: pip install spacy-transformers"
        raise ModelMissingError(
            f"could not load the spaCy pipeline {choice.location}: "
            f"{str(error).splitlines()[0]}{hint}"
        ) from None


def source_name(meta: dict[str, Any], lang: str = "") -> str:
    """The model named as suggestions carry it: package-style name and version."""
    name = str(meta.get("name") or "pipeline")
    lang = str(meta.get("lang") or lang)
    if lang and not name.startswith(f"{lang}_"):
        name = f"{lang}_{name}"
    version = meta.get("version")
    return f"{name} {version}" if version else name


def installed_packages() -> list[str]:
    """The spaCy pipeline packages installed here (imports spaCy: call it off startup paths)."""
    import spacy.util

    return sorted(spacy.util.get_installed_models())


def forget_loaded() -> None:
    """Drop the loaded pipelines (tests; after a model folder was rebuilt)."""
    with _lock:
        _cache.clear()


__all__ = [
    "BUILTIN",
    "LoadedModel",
    "ModelChoice",
    "ModelMissingError",
    "builtin_path",
    "default_spec",
    "forget_loaded",
    "installed_packages",
    "load_model",
    "resolve",
    "source_name",
    "title_of",
]
