-- The library made smaller and quicker to fill (issue 17). Run once, in
-- one transaction, by db.rs.

-- Blobs are zstd now, and say how they were packed (packing.rs): a
-- story's JSON against its original where that is kept. Rows of schema 2
-- keep their zlib and gzip, and say so.
ALTER TABLE stories ADD COLUMN packing TEXT NOT NULL DEFAULT 'zlib';
ALTER TABLE originals RENAME COLUMN gzip TO packed;
ALTER TABLE originals ADD COLUMN codec TEXT NOT NULL DEFAULT 'gzip';

-- The full-text index keeps no copy of the text: the folded text went in
-- a column of turns as well, doubling the text on disk. It is contentless
-- now (rows go in from rows.rs, with the turn's id as rowid), and deletes
-- by rowid. Its prefix indexes go too: they doubled the index again, and
-- FTS5 answers `word*` from the main index in milliseconds all the same.
CREATE VIRTUAL TABLE turns_text USING fts5 (
    folded,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii'
);
INSERT INTO turns_text (rowid, folded) SELECT id, folded FROM turns;
DROP TRIGGER turns_fts_insert;
DROP TRIGGER turns_fts_delete;
DROP TRIGGER turns_fts_update;
DROP TABLE turns_fts;
ALTER TABLE turns_text RENAME TO turns_fts;
ALTER TABLE turns DROP COLUMN folded;
-- FTS5 writes what it holds in memory to a new segment of the index each
-- time it holds more than `hashsize`, and merges segments as they pile
-- up, `automerge` of a size at a time. Its defaults (1 MB, 4) made an
-- import spend a third of its commits merging; an import's write holds a
-- few megabytes of pages, and eight segments a level cost a search little.
INSERT INTO turns_fts (turns_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO turns_fts (turns_fts, rank) VALUES ('automerge', 8);

-- A turn that goes (with its story, by cascade) takes its text out of the
-- index.
CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
    DELETE FROM turns_fts WHERE rowid = old.id;
END;

-- A story packed against its original cannot be read without it: the
-- original goes only after its story. (INSERT OR REPLACE fires no delete
-- trigger: `originals::replace`'s callers put the story again, packed
-- against the new original, in the same write.)
CREATE TRIGGER originals_kept_while_needed BEFORE DELETE ON originals
WHEN EXISTS (SELECT 1 FROM stories WHERE id = old.story_id AND packing = 'zstd+original')
BEGIN
    SELECT RAISE(ABORT, 'a story is packed against this original');
END;
