"""The tables of a project file, as of the current schema version.

Offsets are Python `str` indices. JSON columns (`meta`, `attrs`, `value`, `command`) hold text
written with `json.dumps`; nothing in a project file is ever pickled or executed.
"""

from __future__ import annotations

APPLICATION_ID = 0x414E4E54  # "ANNT": tells an Annotator project from other SQLite files
CURRENT_VERSION = 3

# Tables and indexes of version 1, created by migration 1.
SCHEMA_V1 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    seq INTEGER PRIMARY KEY,           -- position in the library (import order)
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',
    text_hash TEXT NOT NULL,
    length INTEGER NOT NULL,
    added TEXT NOT NULL
);
CREATE INDEX documents_title ON documents (title COLLATE NOCASE);
CREATE INDEX documents_length ON documents (length);
CREATE INDEX documents_text_hash ON documents (text_hash);
CREATE TABLE spans (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL CHECK ("end" > start),
    label TEXT NOT NULL,
    annotator TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('human', 'model')),
    model TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
    attrs TEXT NOT NULL DEFAULT '{}',
    comment TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX spans_doc ON spans (doc_id, start);
CREATE INDEX spans_label ON spans (label, doc_id);
CREATE INDEX spans_annotator ON spans (annotator, doc_id);
CREATE TABLE relations (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    head TEXT NOT NULL REFERENCES spans (id),  -- no cascade: removing a span removes its links
                                               -- explicitly, so that undo restores them
    tail TEXT NOT NULL REFERENCES spans (id),
    annotator TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX relations_doc ON relations (doc_id);
CREATE INDEX relations_head ON relations (head);
CREATE INDEX relations_tail ON relations (tail);
CREATE TABLE doc_states (
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    annotator TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('new', 'in_progress', 'done', 'skipped')),
    modified TEXT NOT NULL,
    PRIMARY KEY (doc_id, annotator)
);
CREATE INDEX doc_states_annotator ON doc_states (annotator, state);
-- The edit log: the audit trail (who, when, what) and the undo store in one.
-- action: 'do' (an edit), 'undo', 'redo', or a bulk action such as 'import' or 'migrate'.
-- undo_state, on 'do' rows only: 'done', 'undone', or 'dropped' (a redo branch replaced).
CREATE TABLE edits (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    annotator TEXT NOT NULL,
    action TEXT NOT NULL,
    doc_id TEXT,
    description TEXT NOT NULL,
    command TEXT,
    undo_state TEXT CHECK (undo_state IN ('done', 'undone', 'dropped')),
    target INTEGER REFERENCES edits (seq)
);
CREATE INDEX edits_history ON edits (annotator, undo_state, seq);
CREATE INDEX edits_doc ON edits (doc_id, seq);
"""

# Version 2 adds a full-text index of the documents' text, created and filled by migration 2.
# Contentless (content=''): the text is kept once, in `documents`; the index maps words to
# `documents.seq` (its rowid). A document's text never changes after import, so the import
# writes both rows itself and no trigger is needed (a project file holds none, see
# `connection.check_identity`). remove_diacritics 2: "Muller" finds "Müller".
SCHEMA_V2 = """
CREATE VIRTUAL TABLE documents_text USING fts5(
    text,
    content = '',
    columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""
FILL_TEXT_INDEX = "INSERT INTO documents_text (rowid, text) SELECT seq, text FROM documents"

# Version 3: spans found by length, so that an overlap check reads only the spans near an edit
# and the few long ones (see `LONG_SPAN`); the label index covers the status; and `doc_labels`
# says which documents have spans of a label (rejected suggestions not counted), so that the
# library's label filter reads one small index instead of every span. Triggers take away what
# a deleted or changed span counted (REPLACE fires the delete trigger only with recursive
# triggers on: the connection sets it); the three places that insert spans add their counts
# (`label_index.count_added`): an insert trigger made the bulk import 20% slower by its mere
# presence, even with its body skipped by a WHEN clause (measured: 9.2 s against 7.7 s).
_SEQ_OF_OLD = "(SELECT seq FROM documents WHERE id = OLD.doc_id)"
SCHEMA_V3 = (
    'CREATE INDEX spans_doc_length ON spans (doc_id, ("end" - start))',
    "DROP INDEX spans_label",
    "CREATE INDEX spans_label ON spans (label, doc_id, status)",
    # Titles sort as German dictionaries do (core.library.title_sort_key), not by NOCASE,
    # which knows ASCII only and put every "Ä..." after "Z...".
    "ALTER TABLE documents ADD COLUMN title_key TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX documents_title_key ON documents (title_key)",
    "DROP INDEX documents_title",  # the search reads the keys now, accents aside as in the text
    """CREATE TABLE doc_labels (
        label TEXT NOT NULL,
        doc_seq INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (label, doc_seq)
    ) WITHOUT ROWID""",
    "CREATE INDEX doc_labels_doc ON doc_labels (doc_seq)",
    f"""CREATE TRIGGER doc_labels_span_removed AFTER DELETE ON spans WHEN OLD.status != 'rejected'
    BEGIN
        UPDATE doc_labels SET n = n - 1 WHERE label = OLD.label AND doc_seq = {_SEQ_OF_OLD};
        DELETE FROM doc_labels WHERE label = OLD.label AND doc_seq = {_SEQ_OF_OLD} AND n <= 0;
    END""",
    f"""CREATE TRIGGER doc_labels_span_changed AFTER UPDATE OF doc_id, label, status ON spans
    BEGIN
        UPDATE doc_labels SET n = n - 1
            WHERE OLD.status != 'rejected' AND label = OLD.label AND doc_seq = {_SEQ_OF_OLD};
        DELETE FROM doc_labels WHERE label = OLD.label AND doc_seq = {_SEQ_OF_OLD} AND n <= 0;
        INSERT INTO doc_labels (label, doc_seq, n)
            SELECT NEW.label, seq, 1 FROM documents
            WHERE id = NEW.doc_id AND NEW.status != 'rejected'
            ON CONFLICT (label, doc_seq) DO UPDATE SET n = n + 1;
    END""",
    """CREATE TRIGGER doc_labels_document_removed AFTER DELETE ON documents
    BEGIN
        DELETE FROM doc_labels WHERE doc_seq = OLD.seq;
    END""",
)
OWN_TRIGGERS = {
    statement.split()[2]: statement
    for statement in SCHEMA_V3
    if statement.startswith("CREATE TRIGGER")
}
"""The triggers Annotator writes, word for word: a file with any other is refused."""
DOC_LABELS_AS_COUNTED = (
    "SELECT s.label, d.seq, count(*) FROM spans s JOIN documents d ON d.id = s.doc_id "
    "WHERE s.status != 'rejected' GROUP BY s.label, d.seq"
)
FILL_DOC_LABELS = f"INSERT INTO doc_labels (label, doc_seq, n) {DOC_LABELS_AS_COUNTED}"
LONG_SPAN = 1_000
"""Spans longer than this many characters are looked up by length, shorter ones by start."""
