//! Each person's totals, kept in the store (schema_7.sql's `people`):
//! their stories, speech turns and words, and the stories they had each
//! role in, so that the speakers view reads a window of an index and the
//! counts around it, never every appearance. A story's people are counted
//! in as its rows go in (`count_in`, from `rows`) and out by a trigger as
//! it goes; `rebuild` adds everything up again, for `hark check --repair`.
//! The totals are what `speakers::read` adds up, person for person.

use std::cmp::Reverse;

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, Row, Transaction, params};

use super::{Library, LibraryError, headings, search};
use crate::query::name_matches;
use crate::story::{Role, fold};

/// The speakers view's orders: the most turns, words or stories first,
/// or by surname; ties go by surname.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PeopleOrder {
    #[default]
    Turns,
    Words,
    Stories,
    Surname,
}

/// What the speakers view asks for: a window of the people whose name
/// matches `name` (folded words; empty for everyone) in `order`, and
/// where the person named `keep` now stands, so a new order or filter
/// keeps them selected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PeopleAsk {
    pub order: PeopleOrder,
    pub name: Vec<String>,
    pub keep: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

/// Words spoken in the library: by everyone, and by the one who spoke most.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Words {
    pub all: usize,
    pub most: usize,
}

/// A name as a directory orders it: the surname (the last word) first,
/// then the rest, folded: "Earnest Josh" for Josh Earnest.
pub fn surname_first(name: &str) -> Vec<String> {
    let mut words = fold::words(name);
    if let Some(surname) = words.pop() {
        words.insert(0, surname);
    }
    words
}

/// A person's name as the speakers view sorts it, surname first: their
/// folded words joined by U+0001, which sorts below any letter, so the
/// text sorts as the list of words does.
pub fn surname_key(name: &str) -> String {
    surname_first(name).join("\u{1}")
}

/// Gives `conn` the folding the schema's steps use (`hark_surname`,
/// `hark_heading`): SQL cannot fold as the filter language does.
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("hark_surname", 1, flags, |ctx| {
        Ok(surname_key(&ctx.get::<String>(0)?))
    })?;
    headings::register_function(conn, flags)
}

/// Counts in the people of story `story_id`, whose rows (appearances and
/// turns) went in just now: it has the highest rowid, so it names only
/// the people it is the first story of.
pub fn count_in(txn: &Transaction, story_id: &str) -> rusqlite::Result<()> {
    let spoken = turns_by_speaker(txn, story_id)?;
    let mut appearances = txn.prepare_cached(
        "SELECT a.speaker_id, sp.key, a.name, a.role, a.words, s.rowid
         FROM appearances a JOIN speakers sp ON sp.id = a.speaker_id
         JOIN stories s ON s.id = a.story_id
         WHERE a.story_id = ?1",
    )?;
    let mut add = txn.prepare_cached(
        "INSERT INTO people (speaker_id, key, name, first_story, surname, stories, turns, words,
             hosts, bylines)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?8, ?9)
         ON CONFLICT (speaker_id) DO UPDATE SET
             stories = stories + 1, turns = turns + excluded.turns,
             words = words + excluded.words, hosts = hosts + excluded.hosts,
             bylines = bylines + excluded.bylines",
    )?;
    let mut name = txn.prepare_cached(
        "INSERT OR IGNORE INTO person_names (speaker_id, name, surname) VALUES (?1, ?2, ?3)",
    )?;
    let mut rows = appearances.query([story_id])?;
    while let Some(row) = rows.next()? {
        let (speaker, person): (i64, String) = (row.get(0)?, row.get(2)?);
        let role: Option<String> = row.get(3)?;
        let surname = surname_key(&person);
        name.execute(params![speaker, person, surname])?;
        add.execute(params![
            speaker,
            row.get::<_, String>(1)?,
            person,
            row.get::<_, i64>(5)?,
            surname,
            spoken
                .iter()
                .find(|(s, _)| *s == speaker)
                .map_or(0, |(_, n)| *n),
            row.get::<_, i64>(4)?,
            role.as_deref() == Some(Role::Host.as_str()),
            role.as_deref() == Some(Role::Byline.as_str()),
        ])?;
    }
    Ok(())
}

/// Each speaker's speech turns in story `story_id`, in one pass over its
/// turns. `+speaker_id`: by the story's index, never by the speaker's,
/// which would walk a host's every turn in the library.
fn turns_by_speaker(txn: &Transaction, story_id: &str) -> rusqlite::Result<Vec<(i64, i64)>> {
    let mut statement = txn.prepare_cached(
        "SELECT speaker_id, count(*) FROM turns
         WHERE story_id = ?1 AND kind = 'speech' AND +speaker_id IS NOT NULL
         GROUP BY speaker_id",
    )?;
    let rows = statement.query_map([story_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
    rows.collect()
}

/// Adds everyone's totals up again from their appearances and turns, and
/// every story's heading: what `hark check --repair` does, in case they
/// went out of step. The same sums as schema_7.sql's.
pub fn rebuild(txn: &Transaction) -> rusqlite::Result<()> {
    txn.execute_batch(
        "DELETE FROM people;
         DELETE FROM person_names;
         INSERT INTO person_names (speaker_id, name, surname)
         SELECT speaker_id, name, hark_surname(name)
         FROM (SELECT DISTINCT speaker_id, name FROM appearances);
         INSERT INTO people (speaker_id, key, name, first_story, surname, stories, turns, words,
             hosts, bylines)
         SELECT g.speaker_id, sp.key, g.name, g.first_story, n.surname, g.stories,
             (SELECT count(*) FROM turns t
              WHERE t.speaker_id = g.speaker_id AND t.kind = 'speech'),
             g.words, g.hosts, g.bylines
         FROM (
             SELECT a.speaker_id, a.name, min(s.rowid) AS first_story, count(*) AS stories,
                 sum(a.words) AS words, sum(a.role IS 'host') AS hosts,
                 sum(a.role IS 'byline') AS bylines
             FROM appearances a JOIN stories s ON s.id = a.story_id
             GROUP BY a.speaker_id
         ) g
         JOIN speakers sp ON sp.id = g.speaker_id
         JOIN person_names n ON n.speaker_id = g.speaker_id AND n.name = g.name;",
    )?;
    headings::rebuild(txn)
}

/// One person as the speakers listing shows them: their name, the
/// stories they had each role in, their speech turns, stories and words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    pub name: String,
    pub roles: Vec<(Role, usize)>,
    pub turns: usize,
    pub stories: usize,
    pub words: usize,
}

/// A window of the speakers view, its rows owned: what
/// `window::PeoplePage` is over the speaker index in memory, read from
/// the totals the store keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedPeoplePage {
    /// How many people match the name.
    pub total: usize,
    /// How many people there are in all.
    pub everyone: usize,
    /// Everyone's words, and the most anyone spoke.
    pub words: Words,
    pub offset: usize,
    pub people: Vec<Totals>,
    /// Where the person named `keep` stands among those that match.
    pub kept_at: Option<usize>,
}

/// The columns a person is read with (`person`), and what they sort by.
const COLUMNS: &str = "name, hosts, bylines, stories, words, turns, surname, key";

/// One person's row, with its sort key: (the count the order goes by,
/// surname, key).
type Sorted = (Totals, (Reverse<i64>, String, String));

fn person(row: &Row, order: PeopleOrder) -> rusqlite::Result<Sorted> {
    let count = |i| row.get::<_, i64>(i).map(|n| n.max(0) as usize);
    let mut roles: Vec<(Role, usize)> = [(Role::Host, count(1)?), (Role::Byline, count(2)?)]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .collect();
    roles.sort_by_key(|&(role, n)| (Reverse(n), role.as_str()));
    let totals = Totals {
        name: row.get(0)?,
        roles,
        stories: count(3)?,
        words: count(4)?,
        turns: count(5)?,
    };
    let by = match order {
        PeopleOrder::Turns => totals.turns,
        PeopleOrder::Words => totals.words,
        PeopleOrder::Stories => totals.stories,
        PeopleOrder::Surname => 0,
    };
    Ok((totals, (Reverse(by as i64), row.get(6)?, row.get(7)?)))
}

/// The ORDER BY of `order`, term for term an index of schema_7.sql.
fn order_sql(order: PeopleOrder) -> &'static str {
    match order {
        PeopleOrder::Turns => "turns DESC, surname, key",
        PeopleOrder::Words => "words DESC, surname, key",
        PeopleOrder::Stories => "stories DESC, surname, key",
        PeopleOrder::Surname => "surname, key",
    }
}

/// The column `order` counts, as a person is read (`COLUMNS`).
fn count_column(order: PeopleOrder) -> Option<&'static str> {
    match order {
        PeopleOrder::Turns => Some("turns"),
        PeopleOrder::Words => Some("words"),
        PeopleOrder::Stories => Some("stories"),
        PeopleOrder::Surname => None,
    }
}

/// Everyone's totals, in no order.
pub fn everyone(conn: &Connection) -> rusqlite::Result<Vec<Totals>> {
    let mut statement = conn.prepare(&format!("SELECT {COLUMNS} FROM people"))?;
    let rows = statement.query_map([], |row| person(row, PeopleOrder::Surname))?;
    rows.map(|r| r.map(|(totals, _)| totals)).collect()
}

impl Library {
    /// The window of the speakers view `ask` names, read from the totals
    /// the store keeps: without a name, a page of an index and the count
    /// of the rows before the person kept; with one, only the people the
    /// name's words may be (`search::names`), sorted here.
    pub fn people_page(&self, ask: &PeopleAsk) -> Result<OwnedPeoplePage, LibraryError> {
        let db = self.db();
        page(db.conn(), ask).map_err(|e| db.error(e))
    }
}

fn page(conn: &Connection, ask: &PeopleAsk) -> rusqlite::Result<OwnedPeoplePage> {
    let (everyone, all, most): (i64, i64, i64) = conn
        .prepare_cached(
            "SELECT count(*), ifnull(sum(words), 0), ifnull(max(words), 0) FROM people",
        )?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    let (total, people, kept_at) = match ask.name.is_empty() {
        true => everyone_window(conn, ask, everyone as usize)?,
        false => named_window(conn, ask)?,
    };
    Ok(OwnedPeoplePage {
        total,
        everyone: everyone as usize,
        words: Words {
            all: all.max(0) as usize,
            most: most.max(0) as usize,
        },
        offset: ask.offset,
        people,
        kept_at,
    })
}

type Window = (usize, Vec<Totals>, Option<usize>);

/// Everyone's window: a page of the order's index, and where the person
/// kept stands, counted along the same index.
fn everyone_window(
    conn: &Connection,
    ask: &PeopleAsk,
    everyone: usize,
) -> rusqlite::Result<Window> {
    let sql = format!(
        "SELECT {COLUMNS} FROM people ORDER BY {} LIMIT ?1 OFFSET ?2",
        order_sql(ask.order)
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let limit = i64::try_from(ask.limit).unwrap_or(i64::MAX);
    let offset = i64::try_from(ask.offset).unwrap_or(i64::MAX);
    let rows = statement.query_map(params![limit, offset], |row| person(row, ask.order))?;
    let people = rows
        .map(|r| r.map(|(totals, _)| totals))
        .collect::<rusqlite::Result<_>>()?;
    let kept_at = match &ask.keep {
        Some(name) => place_of(conn, ask.order, name)?,
        None => None,
    };
    Ok((everyone, people, kept_at))
}

/// Where the first person named `name` stands in `order`: how many sort
/// before them.
fn place_of(conn: &Connection, order: PeopleOrder, name: &str) -> rusqlite::Result<Option<usize>> {
    let sql = format!("SELECT {COLUMNS} FROM people WHERE name = ?1");
    let mut statement = conn.prepare_cached(&sql)?;
    let named = statement.query_map([name], |row| person(row, order))?;
    let mut best: Option<(Reverse<i64>, String, String)> = None;
    for found in named {
        let (_, key) = found?;
        if best.as_ref().is_none_or(|b| key < *b) {
            best = Some(key);
        }
    }
    let Some((Reverse(count), surname, key)) = best else {
        return Ok(None);
    };
    let before = match count_column(order) {
        Some(column) => format!(
            "SELECT count(*) FROM people WHERE {column} > ?1
             OR ({column} = ?1 AND (surname < ?2 OR (surname = ?2 AND key < ?3)))"
        ),
        // ?1 unused: SQLite numbers the parameters up to the highest.
        None => {
            "SELECT count(*) FROM people WHERE surname < ?2 OR (surname = ?2 AND key < ?3)".into()
        }
    };
    let place: i64 = conn
        .prepare_cached(&before)?
        .query_row(params![count, surname, key], |row| row.get(0))?;
    Ok(Some(place as usize))
}

/// The window of the people whose name `ask.name` matches: those a word
/// of their names or aliases begins each word of (an index's ranges),
/// kept where the filter language matches their name, sorted here.
fn named_window(conn: &Connection, ask: &PeopleAsk) -> rusqlite::Result<Window> {
    let ids = search::names::candidate_ids(conn, std::slice::from_ref(&ask.name))?;
    let sql = format!("SELECT {COLUMNS} FROM people WHERE speaker_id = ?1");
    let mut statement = conn.prepare_cached(&sql)?;
    let mut matching: Vec<Sorted> = Vec::new();
    for id in ids {
        let mut rows = statement.query_map([id], |row| person(row, ask.order))?;
        if let Some(found) = rows.next() {
            let found = found?;
            if name_matches(&ask.name, &fold::words(&found.0.name)) {
                matching.push(found);
            }
        }
    }
    matching.sort_by(|a, b| a.1.cmp(&b.1));
    let kept_at = ask
        .keep
        .as_ref()
        .and_then(|name| matching.iter().position(|(p, _)| p.name == *name));
    let total = matching.len();
    let people = matching
        .into_iter()
        .skip(ask.offset)
        .take(ask.limit)
        .map(|(p, _)| p)
        .collect();
    Ok((total, people, kept_at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::speakers::{Person, read};
    use crate::library::window::people_page;
    use crate::library::{rows, samples};
    use crate::story::Story;

    /// The samples, and stories of a generated corpus whose people recur
    /// under several spellings of their names.
    fn stories() -> Vec<Story> {
        let generated = crate::library::search::parity::generated(11, 60);
        samples::bundled().into_iter().chain(generated).collect()
    }

    fn owned(person: &Person) -> Totals {
        Totals {
            name: person.name.clone(),
            roles: person.roles.clone(),
            turns: person.turns,
            stories: person.stories.len(),
            words: person.words,
        }
    }

    /// The asks to compare: every order, everyone and some names, pages at
    /// the start, in the middle and past the end, someone kept.
    fn asks(index: &crate::library::SpeakerIndex) -> Vec<PeopleAsk> {
        let some: Vec<String> = index
            .people()
            .map(|(_, p)| p.name.clone())
            .step_by(7)
            .collect();
        let orders = [
            PeopleOrder::Turns,
            PeopleOrder::Words,
            PeopleOrder::Stories,
            PeopleOrder::Surname,
        ];
        let names: [&[&str]; 5] = [&[], &["a"], &["ma"], &["s", "k"], &["zzz"]];
        let mut asks = Vec::new();
        for order in orders {
            for name in names {
                for (offset, limit) in [(0, 5), (3, 10), (40, 1000), (5000, 3)] {
                    for keep in some.iter().take(4).map(Some).chain([None]) {
                        asks.push(PeopleAsk {
                            order,
                            name: name.iter().map(|w| w.to_string()).collect(),
                            keep: keep.cloned(),
                            offset,
                            limit,
                        });
                    }
                }
            }
        }
        asks
    }

    /// The stored totals' page is the speaker index's, ask for ask.
    fn assert_pages_agree(library: &Library, context: &str) {
        let index = read(library.db().conn()).unwrap();
        assert!(index.len() > 20, "{context}: {}", index.len());
        let mut kept = 0;
        for ask in asks(&index) {
            let expected = people_page(&index, &ask);
            let page = library.people_page(&ask).unwrap();
            let context = format!("{context}: {ask:?}");
            assert_eq!(
                page.people,
                expected.people.iter().map(|p| owned(p)).collect::<Vec<_>>(),
                "{context}"
            );
            assert_eq!(
                (
                    page.total,
                    page.everyone,
                    page.words,
                    page.offset,
                    page.kept_at
                ),
                (
                    expected.total,
                    expected.everyone,
                    expected.words,
                    expected.offset,
                    expected.kept_at
                ),
                "{context}"
            );
            kept += usize::from(page.kept_at.is_some_and(|at| at > 0));
        }
        assert!(kept > 20, "{context}: {kept}");
    }

    fn parsed(text: &str) -> Story {
        crate::story::parse::parse(text.as_bytes(), None, jiff::Timestamp::UNIX_EPOCH).unwrap()
    }

    /// The name the speakers view shows for the person whose name has `word`.
    fn shown_as(library: &Library, word: &str) -> Vec<String> {
        let ask = PeopleAsk {
            name: vec![word.to_string()],
            limit: 9,
            ..PeopleAsk::default()
        };
        let page = library.people_page(&ask).unwrap();
        page.people.into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn the_stored_totals_page_as_the_speaker_index_through_deletes_and_reimports() {
        let dir = tempfile::tempdir().unwrap();
        let mut library = Library::open(dir.path()).unwrap();
        // One person named two ways: the first story's way is theirs.
        let first = parsed("Alpha\n\nCHIEF ODALYS QUENT, HOST: One two.\n\nBO REY: Three.");
        let second = parsed("Beta\n\nODALYS QUENT: Four five six.\n\nBO REY, BYLINE: Seven.");
        let third = parsed("Gamma\n\nCHIEF ODALYS QUENT: Eight.");
        let stories = stories();
        for story in [&first, &second]
            .into_iter()
            .chain(&stories)
            .chain([&third])
        {
            library.add(story).unwrap();
        }
        assert_eq!(shown_as(&library, "quent"), ["Chief Odalys Quent"]);
        assert_pages_agree(&library, "added");
        // The first stories go: their people take the next story's name.
        for story in [&first, &stories[0], &stories[1]] {
            library.remove(&story.id).unwrap();
        }
        assert_eq!(shown_as(&library, "quent"), ["Odalys Quent"]);
        assert_pages_agree(&library, "removed");
        // Back again, last now; and one put over itself with a new name
        // for its first speaker, as a correction does.
        for story in [&first, &stories[0], &stories[1]] {
            library.add(story).unwrap();
        }
        let mut renamed = stories[10].clone();
        let speaker = &mut renamed.speakers[0];
        let (old, new) = (speaker.name.clone(), format!("{} Junior", speaker.name));
        speaker.name = new.clone();
        for turn in &mut renamed.turns {
            if turn.speaker.as_deref() == Some(old.as_str()) {
                turn.speaker = Some(new.clone());
            }
        }
        library
            .db_mut()
            .write(|txn| rows::put_story(txn, &renamed))
            .unwrap();
        assert_pages_agree(&library, "re-imported");
        library.remove(&second.id).unwrap();
        assert_eq!(shown_as(&library, "quent"), ["Chief Odalys Quent"]);
        assert_pages_agree(&library, "removed again");
    }

    /// Every story's heading is in the headings' index, each of its words
    /// finding it.
    fn assert_headings_indexed(library: &Library) {
        let db = library.db();
        let conn = db.conn();
        let rowids: Vec<i64> = conn
            .prepare("SELECT rowid FROM stories")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut find = conn
            .prepare(
                "SELECT count(*) FROM story_headings WHERE story_headings MATCH ?1 AND rowid = ?2",
            )
            .unwrap();
        for rowid in &rowids {
            let heading = headings::of_story(conn, *rowid).unwrap().unwrap();
            for word in heading.split([' ', '|']).filter(|w| !w.is_empty()) {
                let found: i64 = find
                    .query_row(params![format!("\"{word}\""), rowid], |row| row.get(0))
                    .unwrap();
                assert_eq!(found, 1, "{word} in {heading}");
            }
        }
        assert!(rowids.len() > 30, "{}", rowids.len());
    }

    /// A library stored before the totals were kept gets them on opening,
    /// and `hark check --repair` adds them up again when they are wrong.
    #[test]
    fn an_older_library_is_migrated_and_a_repair_recounts() {
        let dir = tempfile::tempdir().unwrap();
        let mut library = Library::open(dir.path()).unwrap();
        for story in stories().iter().take(40) {
            library.add(story).unwrap();
        }
        library.remove(&stories()[0].id).unwrap();
        library
            .db_mut()
            .write(|txn| {
                txn.execute_batch(
                    "DROP TRIGGER people_lose_a_story; DROP TRIGGER story_headings_delete;
                     DROP TABLE people; DROP TABLE person_names; DROP TABLE story_headings;
                     DROP TABLE word_counts; DROP TABLE word_counts_kept;",
                )?;
                // Back to before schema_7.sql, the sixth step: it and the
                // steps after it run again.
                txn.pragma_update(None, "user_version", 5)
            })
            .unwrap();
        drop(library);
        let mut library = Library::open(dir.path()).unwrap();
        assert_pages_agree(&library, "migrated");
        assert_headings_indexed(&library);
        library
            .db_mut()
            .write(|txn| txn.execute_batch("UPDATE people SET turns = 0, name = 'x'"))
            .unwrap();
        drop(library);
        crate::library::db::repair(dir.path()).unwrap();
        let library = Library::open(dir.path()).unwrap();
        assert_pages_agree(&library, "repaired");
    }
}
