-- The quote sheet keeps each quote as it was when added (the TUI's JSON:
-- its text, who said it, the story's title, date and program), so it
-- reads right after the story is corrected or removed.
ALTER TABLE sheet ADD COLUMN quote TEXT NOT NULL DEFAULT '';
