-- The library's schema, the counts' step (issue 17): how many speech
-- turns and stories hold a word beginning with each prefix, so that a
-- one-word filter's count is one row, not every match the index holds,
-- and a prefix too common for the index to gather is known
-- (`word_counts.rs`). Run once, in one transaction, by db.rs, which
-- counts every story's words after it: SQL cannot read a story.
CREATE TABLE word_counts (
    -- Folded, as the index has its words; one to 24 characters.
    prefix TEXT PRIMARY KEY NOT NULL,
    turns INTEGER NOT NULL,
    stories INTEGER NOT NULL,
    -- The same with a page's intro left out, as `hark quotes` counts.
    attributed_turns INTEGER NOT NULL,
    attributed_stories INTEGER NOT NULL,
    -- Turns of any kind, cues and notes too, as the full-text index
    -- holds them: a prefix is kept while some turn has it.
    any_turns INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Whether the counts are whole: a story that would not read as it went
-- out leaves them unknown until `hark check --repair` counts again.
CREATE TABLE word_counts_kept (known INTEGER NOT NULL);
INSERT INTO word_counts_kept (known) VALUES (0);
