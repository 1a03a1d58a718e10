-- The library's schema, the `@name` step (issue 17): the stories a
-- person appears in, read from an index alone. `@name` in the list's
-- order walks the list's index, picking out the stories of theirs; the
-- set of those stories took a lookup in the appearances table for each
-- (3,770 for one person at a million stories: 10 ms of a first screen of
-- 20). The index keyed by the speaker alone goes: this one answers all
-- it did. Run once, in one transaction, by db.rs.
CREATE INDEX IF NOT EXISTS appearances_by_speaker_story ON appearances (speaker_id, story_id);
DROP INDEX IF EXISTS appearances_by_speaker;
