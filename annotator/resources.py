"""Where the program's own files are: label schemes, samples, icons, styles.

In a checkout (or an editable install) they are in `resources/` beside the package; a built
wheel carries them inside the package as `annotator/resources/`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.labels import LabelScheme

DEFAULT_SCHEME = "german-news"


@cache
def resources_dir() -> Path:
    package = Path(__file__).resolve().parent
    for candidate in (package / "resources", package.parent / "resources"):
        if (candidate / "schemes").is_dir():
            return candidate
    raise AnnotatorError(f"the program's resources are missing (looked beside {package})")


def scheme_names() -> list[str]:
    return sorted(p.stem for p in (resources_dir() / "schemes").glob("*.json"))


def load_scheme(name_or_path: str = DEFAULT_SCHEME) -> LabelScheme:
    """A built-in scheme by name, or a scheme JSON file by path."""
    path = Path(name_or_path)
    if not path.suffix:
        path = resources_dir() / "schemes" / f"{name_or_path}.json"
        if not path.is_file():
            known = ", ".join(scheme_names())
            raise AnnotatorError(f"no label scheme {name_or_path!r}; built in: {known}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AnnotatorError(f"{path}: cannot read the label scheme ({error})") from None
    return LabelScheme.from_dict(data)


def sample_files() -> list[Path]:
    return sorted((resources_dir() / "samples").glob("*.jsonl"))
