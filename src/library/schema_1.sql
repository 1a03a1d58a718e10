-- The library's schema, version 1. Run once, in one transaction, by
-- db.rs; a later change is a new file, never an edit of this one.

-- One row a story: what the list shows and sorts by, and the story itself
-- as the JSON the CLI prints, so that it comes back as it went in.
CREATE TABLE stories (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    air_date TEXT,
    -- The air date, else the import day: where the story sorts.
    sort_date TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    program TEXT,
    station TEXT,
    url TEXT,
    audio_url TEXT,
    feed_url TEXT,
    file_name TEXT,
    warnings INTEGER NOT NULL DEFAULT 0,
    turn_count INTEGER NOT NULL DEFAULT 0,
    parser_version INTEGER NOT NULL DEFAULT 0,
    json BLOB NOT NULL
) STRICT;
-- The list's order: newest first, then by title, then by id.
CREATE INDEX stories_in_list_order ON stories (sort_date DESC, title, id);
CREATE INDEX stories_by_url ON stories (url) WHERE url IS NOT NULL;

-- One person, by the folded identity key that makes "JOSH EARNEST" and
-- "Josh Earnest" one.
CREATE TABLE speakers (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
) STRICT;

-- Every folded word of every name and alias a person answers to, so that
-- `@earn` is a range of this index, not a scan of everyone.
CREATE TABLE speaker_words (
    word TEXT NOT NULL,
    speaker_id INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    PRIMARY KEY (word, speaker_id)
) STRICT, WITHOUT ROWID;

-- A person in one story: the role belongs here, not to the person.
CREATE TABLE appearances (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    speaker_id INTEGER NOT NULL REFERENCES speakers (id),
    name TEXT NOT NULL,
    role TEXT,
    aliases TEXT NOT NULL DEFAULT '[]',
    words INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (story_id, speaker_id)
) STRICT;
CREATE INDEX appearances_by_speaker ON appearances (speaker_id);

-- Every turn, its text folded (case, accents) into words as the filter
-- language reads them, paragraphs a line each.
CREATE TABLE turns (
    id INTEGER PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('speech', 'cue', 'note')),
    speaker_id INTEGER REFERENCES speakers (id),
    start_ms INTEGER,
    folded TEXT NOT NULL,
    UNIQUE (story_id, idx)
) STRICT;
CREATE INDEX turns_by_speaker ON turns (speaker_id) WHERE speaker_id IS NOT NULL;

-- The full-text index of the folded turns. Its text is folded already, and
-- its words are split where the filter language splits them (at spaces and
-- ASCII punctuation; any other character is a letter of its word), which
-- is what the `ascii` tokenizer does: so its candidates are a superset of
-- the matcher's, whatever the script.
CREATE VIRTUAL TABLE turns_fts USING fts5 (
    folded,
    content = 'turns',
    content_rowid = 'id',
    tokenize = 'ascii',
    prefix = '2 3'
);
CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns BEGIN
    INSERT INTO turns_fts (rowid, folded) VALUES (new.id, new.folded);
END;
CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
    INSERT INTO turns_fts (turns_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
END;
CREATE TRIGGER turns_fts_update AFTER UPDATE ON turns BEGIN
    INSERT INTO turns_fts (turns_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
    INSERT INTO turns_fts (rowid, folded) VALUES (new.id, new.folded);
END;

-- Each story's original bytes, gzip-compressed, for `hark reparse`. Kept
-- by id, not tied to the stories table: an import keeps the original
-- before the story goes in.
CREATE TABLE originals (
    story_id TEXT PRIMARY KEY NOT NULL,
    gzip BLOB NOT NULL
) STRICT;

-- The reader's corrections to a story, as JSON; they outlive its removal,
-- so that importing it again brings them back.
CREATE TABLE corrections (
    story_id TEXT PRIMARY KEY NOT NULL,
    json TEXT NOT NULL
) STRICT;

-- Filters as the reader kept them, per view, oldest first.
CREATE TABLE filter_history (
    id INTEGER PRIMARY KEY,
    view TEXT NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (view, text)
) STRICT;

-- The podcast feeds imported so far, and the episodes seen in each.
CREATE TABLE feeds (
    url TEXT PRIMARY KEY NOT NULL,
    title TEXT,
    updated_at TEXT NOT NULL
) STRICT;
CREATE TABLE feed_episodes (
    feed_url TEXT NOT NULL REFERENCES feeds (url) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    guid TEXT NOT NULL,
    story_id TEXT NOT NULL,
    PRIMARY KEY (feed_url, guid)
) STRICT;

-- The reader's state (state.rs): stories read, stories starred, and the
-- quote sheet, an ordered list of turns each with a note.
CREATE TABLE read_marks (
    story_id TEXT PRIMARY KEY NOT NULL,
    read_at TEXT NOT NULL
) STRICT;
CREATE TABLE stars (
    story_id TEXT PRIMARY KEY NOT NULL,
    starred_at TEXT NOT NULL
) STRICT;
CREATE TABLE sheet (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    story_id TEXT NOT NULL,
    turn INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT ''
) STRICT;
