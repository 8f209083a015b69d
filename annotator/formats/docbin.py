"""spaCy's binary training format (`.spacy`, a DocBin), ready for `spacy train`.

Each document becomes a Doc tokenized by spaCy's rule tokenizer for the language (see
`tokens`; the text is kept exactly, spacing and line breaks included). Every span is in
`doc.spans["sc"]` (for spancat; nested and overlapping spans too); `doc.ents` (for ner) holds
those that do not overlap, entities before quotations, the others are reported. The document
id, meta and speaker links are kept in `doc.user_data["annotator"]`, so a round trip keeps
them. Not carried: attributes, comments, who made a span and when, states.

Written without holding the corpus in memory: a DocBin is one zlib-compressed msgpack map
whose big arrays (token attributes, spaces, span groups, user data) are spooled to temporary
files per document and streamed into the compressor at the end, giving the bytes
`DocBin.to_bytes()` gives.
"""

from __future__ import annotations

import contextlib
import struct
import tempfile
import zlib
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import IO, Any

from annotator.core.errors import InputError, ValidationError
from annotator.core.model import AnnotatedDocument
from annotator.formats import native
from annotator.formats.losses import report_uncarried
from annotator.formats.parallel import encode_all, msgpack_lookups_cached
from annotator.formats.protocol import (
    ExportContext,
    Loss,
    Misaligned,
    ReadItem,
    ReadOptions,
    WriteReport,
)
from annotator.formats.tokens import Alignment, TokenDoc, Tokens

NAME = "spacy"
SPAN_KEY = "sc"
USER_KEY = "annotator"
NOT_IN_ENTS = "spans overlapping another: in doc.spans['sc'] only, not in doc.ents"
_CHUNK = 1 << 20


def sniff(head: bytes) -> int:
    if head[:1] != b"\x78":
        return 0
    try:
        start = zlib.decompressobj().decompress(head, 4096)
    except zlib.error:
        return 0
    return 2 if b"attrs" in start and b"version" in start else 0


# Writing


def _attrs() -> list[int]:
    from spacy.attrs import ENT_IOB, ENT_TYPE, ORTH

    return [ORTH, *sorted([ENT_IOB, ENT_TYPE])]


def encode(
    doc: TokenDoc, tokens: Tokens, policy: Misaligned, settings: Any
) -> tuple[tuple, WriteReport]:
    """The document's share of each DocBin field, as `Doc.to_array`, `doc.spans.to_bytes()`
    and msgpack give them for the Doc of these tokens (made here without a Doc: making one
    was half the time); `settings`: (scheme, tokenizer language)."""
    import srsly

    report = WriteReport(documents=1)
    scheme, _language = settings
    alignment = Alignment(doc, tokens, policy, report)
    spans, by_id = [], {}
    for span_id, first, last, label, start, end in alignment.align_all(scheme):
        by_id[span_id] = len(spans)
        spans.append((first, last, label, span_id, start, end))
        report.wrote(label)
    speakers = [[by_id[head], by_id[tail]] for head, tail in doc.links
                if head in by_id and tail in by_id]  # fmt: skip
    text, starts, ends = doc.text, tokens.starts, tokens.ends
    words = [text[s:e] for s, e in zip(starts, ends, strict=True)]
    strings = set(words)
    strings.update(label for *_, label in doc.spans)
    strings.add("")
    count = len(words)
    iob, types = [_OUTSIDE] * count, [0] * count
    for first, last, label in _flat_ents(spans, scheme, doc, report, count):
        iob[first:last] = [_BEGIN] + [_INSIDE] * (last - first - 1)
        types[first:last] = [_hash(label)] * (last - first)
    attrs = _attrs()
    orths = list(map(_HASHES.get, words))
    if None in orths:
        orths = [_hash(word) for word in words]
    columns = dict(zip(attrs, (orths, iob, types), strict=True))
    rows = array("Q", bytes(8 * len(attrs) * count))
    for column, attr in enumerate(attrs):  # row by row, as numpy's C order
        rows[column :: len(attrs)] = array("Q", columns[attr])
    group = srsly.msgpack_dumps({"name": SPAN_KEY, "attrs": {}, "spans": [
        struct.pack(">QQQllll", 0, 0, _hash(label), first, last, starts[first], ends[last - 1])
        for first, last, label, *_ in spans]})  # fmt: skip
    user = {USER_KEY: {"id": doc.doc_id, "meta": doc.meta, "speakers": speakers}}
    piece = (
        attrs,
        rows.tobytes(),
        bytes(tokens.space_after),
        count,
        strings,
        # Each packed as an item of a msgpack list already (here, in the worker process).
        srsly.msgpack_dumps({"has_unknown_spaces": False}),
        srsly.msgpack_dumps(srsly.msgpack_dumps({group: [SPAN_KEY]})),
        srsly.msgpack_dumps(srsly.msgpack_dumps(user)),
    )
    return piece, report


_BEGIN, _INSIDE, _OUTSIDE = 3, 1, 2
"""spaCy's ENT_IOB values."""


def _hash(string: str) -> int:
    """spaCy's hash of a string (its ORTH, or a label's id)."""
    found = _HASHES.get(string)
    if found is None:
        from spacy.strings import get_string_id

        if len(_HASHES) > 200_000:
            _HASHES.clear()
        found = _HASHES[string] = get_string_id(string)
    return found


_HASHES: dict[str, int] = {}


def _flat_ents(
    spans: list[tuple], scheme: Any, doc: TokenDoc, report: WriteReport, count: int
) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, label) of the spans that are doc.ents."""
    from annotator.core.labels import LabelKind

    def order(item: tuple) -> tuple:
        label = scheme.get(item[2])
        return (label is not None and label.kind is LabelKind.QUOTATION, item[0], -item[1])

    taken: list[bool] = [False] * count
    ents = []
    for first, last, label, span_id, start, end in sorted(spans, key=order):
        if any(taken[first:last]):
            report.lose(NOT_IN_ENTS, 1, Loss(doc.doc_id, span_id, label, doc.text[start:end]))
            continue
        taken[first:last] = [True] * (last - first)
        ents.append((first, last, label))
    return sorted(ents)


def write(
    records: Iterable[AnnotatedDocument], target: Path, context: ExportContext
) -> WriteReport:

    report = WriteReport()

    def uncarried(record: AnnotatedDocument) -> None:
        report_uncarried(record, report, speakers=True, states=False)

    lengths = array("i")
    strings: set[str] = set()
    attrs: list[int] = []
    with contextlib.ExitStack() as stack:
        stack.enter_context(msgpack_lookups_cached())  # for the documents encoded here
        spools = [stack.enter_context(tempfile.TemporaryFile()) for _ in range(5)]
        tokens, spaces, flags, groups, users = spools
        for piece, part in encode_all(
            records, context, encode, (context.scheme, context.tokenizer_language), before=uncarried
        ):
            attrs, array_bytes, space, length, words, flag, group, user = piece
            tokens.write(array_bytes)
            spaces.write(space)
            lengths.append(length)
            strings |= words
            flags.write(flag)
            groups.write(group)
            users.write(user)
            report.merge(part)
        with target.open("xb") as out:
            _assemble(out, spools, lengths, strings, attrs or _attrs())
    return report


def _assemble(
    out: IO[bytes], spools: list[IO[bytes]], lengths: array, strings: set[str], attrs: list[int]
) -> None:
    """The msgpack map `DocBin.to_bytes` packs, compressed as it goes."""
    import srsly

    tokens, spaces, flags, groups, users = spools
    count = len(lengths)
    compressor = zlib.compressobj(1)  # fast: the token arrays are most of it and pack well

    def put(data: bytes) -> None:
        out.write(compressor.compress(data))

    def put_file(spool: IO[bytes]) -> None:
        spool.seek(0)
        while chunk := spool.read(_CHUNK):
            put(chunk)

    def binary(spool: IO[bytes]) -> None:
        size = spool.seek(0, 2)
        put(b"\xc6" + size.to_bytes(4, "big"))
        put_file(spool)

    def array_of(spool: IO[bytes]) -> None:
        put(b"\xdd" + count.to_bytes(4, "big"))
        put_file(spool)

    pack = srsly.msgpack_dumps
    put(bytes([0x80 | 10]))  # a map of ten entries
    put(pack("version") + pack("0.1"))
    put(pack("attrs") + pack([int(a) for a in attrs]))
    put(pack("tokens"))
    binary(tokens)
    put(pack("spaces"))
    binary(spaces)
    put(pack("lengths") + pack(lengths.tobytes()))  # int32, native order, as numpy writes
    put(pack("strings") + pack(sorted(strings)))
    put(pack("cats") + b"\xdd" + count.to_bytes(4, "big") + b"\x80" * count)
    put(pack("flags"))
    array_of(flags)
    put(pack("span_groups"))
    array_of(groups)
    put(pack("user_data"))
    array_of(users)
    out.write(compressor.flush())


# Reading


def read(path: Path, options: ReadOptions, *, name: str = "") -> Iterator[ReadItem]:
    """One document at a time: the DocBin's arrays are read at once. A document Annotator
    wrote is read from them directly (its text from the words, its spans from the span
    group's packed offsets); any other becomes a spaCy Doc, as `DocBin.get_docs` makes it."""
    name = name or path.name
    with msgpack_lookups_cached():
        found = _load(path)
        total, size = len(found.lengths), path.stat().st_size
        if total == 0:
            raise InputError("the file holds no documents", file=str(path))
        for number in range(1, total + 1):
            try:
                data = found.document(number - 1, name)
            except Exception as error:  # damaged inside: spaCy and msgpack fail anywhere
                raise InputError(
                    f"document {number}: not a spaCy DocBin document "
                    f"({type(error).__name__}: {error})"[:300],
                    file=str(path),
                ) from None
            try:
                record = native.parse_document(data, options, default_id=None)
            except (ValidationError, ValueError) as error:
                raise InputError(f"document {number}: {error}", file=str(path)) from None
            yield ReadItem(record, str(path), None, size * number // total)


def _load(path: Path) -> _DocBin:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    if not data:
        raise InputError("the file is empty: there is no document to import", file=str(path))
    import srsly

    try:
        return _DocBin(srsly.msgpack_loads(zlib.decompress(data)))
    except Exception as error:  # a damaged file can fail anywhere inside msgpack
        raise InputError(
            f"not a spaCy DocBin (.spacy) file ({type(error).__name__}: {error})"[:300],
            file=str(path),
        ) from None


class _DocBin:
    """The fields of a DocBin (as `DocBin.from_bytes` reads them), a document at a time."""

    def __init__(self, msg: dict) -> None:
        from spacy.attrs import ORTH
        from spacy.strings import get_string_id

        self.attrs = list(msg["attrs"])
        self.width, self.orth = len(self.attrs), self.attrs.index(ORTH)
        self.lengths = array("i")
        self.lengths.frombytes(msg["lengths"])
        self.starts = list(accumulate(self.lengths, initial=0))
        self.tokens = msg["tokens"]
        self.values = memoryview(self.tokens).cast("Q")
        self.spaces = msg["spaces"]
        count = len(self.lengths)
        if len(self.values) != self.starts[-1] * self.width or len(self.spaces) != self.starts[-1]:
            raise ValueError("the token arrays do not match the documents' lengths")
        self.strings = {get_string_id(string): string for string in msg["strings"]}
        self.groups = msg.get("span_groups") or [b""] * count
        self.flags = msg.get("flags") or [{}] * count
        self.user_data = list(msg["user_data"]) if "user_data" in msg else [None] * count
        self.vocab: Any = None

    def document(self, index: int, name: str) -> dict[str, Any]:
        import srsly

        user = self.user_data[index]
        user = srsly.msgpack_loads(user, use_list=False) if user is not None else {}
        own = user.get(USER_KEY)
        spans = self._own_spans(index) if isinstance(own, dict) and own else None
        if spans is None:
            return _to_native(self._doc(index, user), name, index + 1)
        start, end = self.starts[index], self.starts[index + 1]
        strings, width = self.strings, self.width
        orths = self.values[start * width + self.orth : end * width : width]
        words = list(map(strings.__getitem__, orths.tolist()))
        spaces = self.spaces[start:end]
        if self.flags[index].get("has_unknown_spaces"):
            spaces = b"\x01" * len(words)
        text = "".join([word + " " if space else word
                        for word, space in zip(words, spaces, strict=True)])  # fmt: skip
        return _native(own, spans, text, name, index + 1)

    def _own_spans(self, index: int) -> list[tuple[int, int, str]] | None:
        """The (start, end, label) of the spans in the group SPAN_KEY, or None."""
        import srsly

        data = self.groups[index]
        groups = srsly.msgpack_loads(data) if data else {}
        if isinstance(groups, dict):  # {group: [its keys]}
            group = next((g for g, keys in groups.items() if SPAN_KEY in keys), None)
        else:  # an older DocBin: a list of groups, each by its name
            group = next((g for g in groups if srsly.msgpack_loads(g)["name"] == SPAN_KEY), None)
        if group is None:
            return None
        strings = self.strings
        return [(start_char, end_char, strings[label]) for _, _, label, _, _, start_char, end_char
                in (struct.unpack(">QQQllll", packed)
                    for packed in srsly.msgpack_loads(group)["spans"])]  # fmt: skip

    def _doc(self, index: int, user: dict) -> Any:
        """The spaCy Doc `DocBin.get_docs` makes of the document."""
        import numpy
        import spacy
        from spacy.tokens import Doc
        from spacy.tokens._dict_proxies import SpanGroups

        if self.vocab is None:
            self.vocab = spacy.blank("xx").vocab
            for string in self.strings.values():
                self.vocab.strings.add(string)
        start, end = self.starts[index], self.starts[index + 1]
        rows = numpy.frombuffer(self.tokens, dtype="uint64").reshape(-1, self.width)[start:end]
        spaces = None
        if not self.flags[index].get("has_unknown_spaces"):
            spaces = [bool(space) for space in self.spaces[start:end]]
        doc = Doc(self.vocab, words=[self.strings[orth] for orth in rows[:, self.orth].tolist()],
                  spaces=spaces)  # fmt: skip
        doc = doc.from_array(self.attrs, rows)
        group = self.groups[index]
        if group and group != SpanGroups._EMPTY_BYTES:
            doc.spans.from_bytes(group)
        doc.user_data.update(user)
        return doc


def _to_native(sdoc: Any, name: str, number: int) -> dict[str, Any]:
    own = sdoc.user_data.get(USER_KEY)
    own = own if isinstance(own, dict) else {}
    if SPAN_KEY in sdoc.spans and own:
        found = list(sdoc.spans[SPAN_KEY])
    else:
        found, seen = [], set()
        for span in [*sdoc.ents, *(s for group in sdoc.spans.values() for s in group)]:
            key = (span.start_char, span.end_char, span.label_)
            if key not in seen:
                seen.add(key)
                found.append(span)
    spans = [(s.start_char, s.end_char, s.label_) for s in found]
    return _native(own, spans, sdoc.text, name, number)


def _native(
    own: dict, found: list[tuple[int, int, str]], text: str, name: str, number: int
) -> dict[str, Any]:
    spans = [{"start": start, "end": end, "label": label} for start, end, label in found]
    for pair in own.get("speakers", ()):
        head, tail = (int(x) for x in pair)
        if 0 <= head < len(spans) and 0 <= tail < len(spans):
            spans[head]["speaker"] = {"start": spans[tail]["start"], "end": spans[tail]["end"]}
    meta = own.get("meta") if isinstance(own.get("meta"), dict) else {"source_file": name}
    return {"id": own.get("id") or f"{name}#{number}", "text": text, "meta": meta,
            "spans": spans}  # fmt: skip
