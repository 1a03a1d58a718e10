-- The library's schema, the speakers view's and the story list's step
-- (issue 17): each person's totals, and every story's heading in an
-- index, so that neither the speakers view nor a search of the list
-- reads every appearance or every story. Run once, in one transaction, by
-- db.rs, which gives it `hark_surname` and `hark_heading` (people.rs,
-- headings.rs): folding is the filter language's, which SQL has not.

-- One row a person who speaks in some story, kept in step with their
-- appearances (people.rs adds a story's, the trigger below takes them
-- away): what `speakers::read` would add up, without reading it.
CREATE TABLE people (
    speaker_id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    -- Their name in the first story they speak in (the lowest rowid),
    -- and that story's rowid.
    name TEXT NOT NULL,
    first_story INTEGER NOT NULL,
    -- The name's folded words, surname first, joined by U+0001 (below
    -- any letter): it sorts as `window::surname_first` does.
    surname TEXT NOT NULL,
    stories INTEGER NOT NULL,
    turns INTEGER NOT NULL,
    words INTEGER NOT NULL,
    -- The stories they were the host of, and the byline of.
    hosts INTEGER NOT NULL,
    bylines INTEGER NOT NULL
) STRICT;
-- Each of the speakers view's orders, term for term: the most first, ties
-- by surname, then by key, as the speaker index has them.
CREATE INDEX people_by_turns ON people (turns DESC, surname, key);
CREATE INDEX people_by_words ON people (words DESC, surname, key);
CREATE INDEX people_by_stories ON people (stories DESC, surname, key);
CREATE INDEX people_by_surname ON people (surname, key);
CREATE INDEX people_by_name ON people (name);
CREATE INDEX people_by_first_story ON people (first_story);

-- Every name a person has had in some story, with its surname key: when
-- the story that named them first goes, the trigger takes the next one's
-- name and its key from here, with no folding of its own.
CREATE TABLE person_names (
    speaker_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    surname TEXT NOT NULL,
    PRIMARY KEY (speaker_id, name)
) STRICT, WITHOUT ROWID;

INSERT INTO person_names (speaker_id, name, surname)
SELECT speaker_id, name, hark_surname(name)
FROM (SELECT DISTINCT speaker_id, name FROM appearances);

-- The bare name takes its value from the row of the one min(): SQLite's
-- rule, which gives each person the name of their first story.
INSERT INTO people (speaker_id, key, name, first_story, surname, stories, turns, words,
    hosts, bylines)
SELECT g.speaker_id, sp.key, g.name, g.first_story, n.surname, g.stories,
    (SELECT count(*) FROM turns t WHERE t.speaker_id = g.speaker_id AND t.kind = 'speech'),
    g.words, g.hosts, g.bylines
FROM (
    SELECT a.speaker_id, a.name, min(s.rowid) AS first_story, count(*) AS stories,
        sum(a.words) AS words, sum(a.role IS 'host') AS hosts, sum(a.role IS 'byline') AS bylines
    FROM appearances a JOIN stories s ON s.id = a.story_id
    GROUP BY a.speaker_id
) g
JOIN speakers sp ON sp.id = g.speaker_id
JOIN person_names n ON n.speaker_id = g.speaker_id AND n.name = g.name;

-- A story that goes takes its people's share of their totals with it,
-- before its appearances and turns go by cascade: people left with no
-- story go, and those whose first story it was take the next one's name.
CREATE TRIGGER people_lose_a_story BEFORE DELETE ON stories BEGIN
    UPDATE people SET
        stories = people.stories - 1,
        words = people.words - a.words,
        hosts = people.hosts - (a.role IS 'host'),
        bylines = people.bylines - (a.role IS 'byline'),
        -- `+`: by the story's turns, not all of the speaker's (people.rs).
        turns = people.turns - (SELECT count(*) FROM turns t
            WHERE t.story_id = old.id AND +t.speaker_id = a.speaker_id AND t.kind = 'speech')
    FROM appearances a
    WHERE a.story_id = old.id AND a.speaker_id = people.speaker_id;
    DELETE FROM people WHERE stories <= 0
        AND speaker_id IN (SELECT speaker_id FROM appearances WHERE story_id = old.id);
    UPDATE people SET (first_story, name, surname) = (
        SELECT s.rowid, a.name, n.surname
        FROM appearances a JOIN stories s ON s.id = a.story_id
        JOIN person_names n ON n.speaker_id = a.speaker_id AND n.name = a.name
        WHERE a.speaker_id = people.speaker_id AND s.rowid <> old.rowid
        ORDER BY s.rowid LIMIT 1)
    WHERE first_story = old.rowid;
END;

-- Every story's heading (its title, program and speakers' names), folded
-- as `search::stories` reads it, by the story's rowid: a word of the list's
-- filter is looked up here, not found by reading every heading. Like the
-- turns' index it keeps no text, and its tokenizer splits where the
-- filter language does (see schema_1.sql).
CREATE VIRTUAL TABLE story_headings USING fts5 (
    folded,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii'
);
INSERT INTO story_headings (rowid, folded)
SELECT s.rowid, hark_heading(s.title, s.program,
    (SELECT json_group_array(a.name ORDER BY a.rowid) FROM appearances a WHERE a.story_id = s.id))
FROM stories s;
CREATE TRIGGER story_headings_delete AFTER DELETE ON stories BEGIN
    DELETE FROM story_headings WHERE rowid = old.rowid;
END;
