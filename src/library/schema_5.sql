-- The library's schema, version 5: an index for each order of the story
-- list, so that the TUI reads the page on screen (`ORDER BY … LIMIT …`)
-- or the whole order as row ids by walking an index, never by sorting the
-- catalog. Each index's terms are the ORDER BY of `window::StoryOrder`,
-- term for term (the air date's is `stories_in_list_order`, schema 1);
-- ties go by the air-date order, and the id makes the order total.
CREATE INDEX stories_by_title ON stories (lower(title), sort_date DESC, title, id);
CREATE INDEX stories_by_program
    ON stories (program IS NULL, lower(program), sort_date DESC, title, id);
CREATE INDEX stories_by_station
    ON stories (station IS NULL, lower(station), sort_date DESC, title, id);
CREATE INDEX stories_by_import ON stories (imported_at DESC, sort_date DESC, title, id);
