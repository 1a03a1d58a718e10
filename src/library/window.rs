//! Windows over the library, for views that show a screen at a time: how
//! many stories, the stories a filter lets through as row ids in any of
//! the list's orders (`each_listed`), the rows of those on screen
//! (`entries_at`), one page of a search's turns with the total, and how
//! relevant turns are by FTS5's bm25. The view asks for what is on
//! screen; the database answers from its indexes (schema_5.sql gives each
//! order one), never by reading the whole catalog.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;

use super::catalog::{COLUMNS as ENTRY_COLUMNS, entry_without_speakers as list_entry};
pub use super::people::{PeopleAsk, PeopleOrder, Words, surname_first};
use super::speakers::Person;
use super::{CatalogEntry, Library, LibraryError, SpeakerIndex, search};
use crate::query::{Filter, Keyword, name_matches};
use crate::story::{Story, fold};

/// One page of a search's matching speech turns, and how many there are
/// in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnsPage {
    pub total: usize,
    /// (story id, turn index), in list order, each story's turns in order.
    pub turns: Vec<(String, usize)>,
}

/// How many stories, and the highest row id: `Library::story_tally`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoryTally {
    pub count: usize,
    pub last_rowid: i64,
}

/// The story list's orders, each one the database walks by an index:
/// ties go by the air-date order, and the id makes every order total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum StoryOrder {
    /// Newest first (by air date, else import day), then by title.
    #[default]
    AirDate,
    /// By title, letters folded to lower case.
    Title,
    /// By program; stories without one last.
    Program,
    /// By station; stories without one last.
    Station,
    /// The latest imported first.
    RecentlyImported,
}

impl StoryOrder {
    /// The order after this one, as the story list's `o` cycles them.
    pub fn next(self) -> StoryOrder {
        match self {
            StoryOrder::AirDate => StoryOrder::Title,
            StoryOrder::Title => StoryOrder::Program,
            StoryOrder::Program => StoryOrder::Station,
            StoryOrder::Station => StoryOrder::RecentlyImported,
            StoryOrder::RecentlyImported => StoryOrder::AirDate,
        }
    }

    /// What the order is by, in words.
    pub fn label(self) -> &'static str {
        match self {
            StoryOrder::AirDate => "air date",
            StoryOrder::Title => "title",
            StoryOrder::Program => "program",
            StoryOrder::Station => "station",
            StoryOrder::RecentlyImported => "recently imported",
        }
    }

    /// The ORDER BY clause, term for term the index schema_5.sql (or
    /// schema_1.sql, for the air date) makes for it.
    fn sql(self) -> &'static str {
        match self {
            StoryOrder::AirDate => "sort_date DESC, title, id",
            StoryOrder::Title => "lower(title), sort_date DESC, title, id",
            StoryOrder::Program => "program IS NULL, lower(program), sort_date DESC, title, id",
            StoryOrder::Station => "station IS NULL, lower(station), sort_date DESC, title, id",
            StoryOrder::RecentlyImported => "imported_at DESC, sort_date DESC, title, id",
        }
    }
}

impl Library {
    /// How many stories, counted by the database.
    pub fn story_count(&self) -> usize {
        self.db()
            .conn()
            .query_row("SELECT count(*) FROM stories", [], |row| {
                row.get::<_, i64>(0)
            })
            .map_or(0, |n| n as usize)
    }

    /// How many stories there are, and the highest row id any has had:
    /// a story added since has a higher one, so a reader can tell how
    /// many came and went between two looks.
    pub fn story_tally(&self) -> Result<StoryTally, LibraryError> {
        let db = self.db();
        let sql = "SELECT count(*), coalesce(max(rowid), 0) FROM stories";
        let tally = db.conn().query_row(sql, [], |row| {
            Ok(StoryTally {
                count: row.get::<_, i64>(0)? as usize,
                last_rowid: row.get(1)?,
            })
        });
        tally.map_err(|e| self.sql_error(e))
    }

    /// How many stories have a row id above `rowid`: those added since a
    /// tally that ended there.
    pub fn stories_after(&self, rowid: i64) -> Result<usize, LibraryError> {
        let db = self.db();
        let sql = "SELECT count(*) FROM stories WHERE rowid > ?1";
        let count = db
            .conn()
            .query_row(sql, [rowid], |row| row.get::<_, i64>(0));
        count.map(|n| n as usize).map_err(|e| self.sql_error(e))
    }

    /// The list entries of the stories at `rowids`, each with its row id,
    /// in that order; a row gone since is left out.
    pub fn entries_at(&self, rowids: &[i64]) -> Result<Vec<(i64, CatalogEntry)>, LibraryError> {
        let db = self.db();
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM stories WHERE rowid = ?1");
        let read = (|| {
            let mut statement = db.conn().prepare_cached(&sql)?;
            let mut found = Vec::with_capacity(rowids.len());
            let mut entries = Vec::with_capacity(rowids.len());
            for &rowid in rowids {
                let mut rows = statement.query_map([rowid], list_entry)?;
                if let Some(entry) = rows.next() {
                    found.push(rowid);
                    entries.push(entry?);
                }
            }
            with_speakers(db.conn(), &mut entries)?;
            Ok(found.into_iter().zip(entries).collect())
        })();
        read.map_err(|e| self.sql_error(e))
    }

    /// Hands `found` the row ids of the stories `filter` lets through, in
    /// `order`, a batch at a time: those with a speaker each `@name`
    /// names and none a `-@name` names, holding every word somewhere and
    /// no left-out one (`search::stories`), aired as asked, and that
    /// `keep` keeps by id. The order's index is walked once; the sets of
    /// stories the names and words allow are made before. Returns false
    /// when cancelled.
    pub fn each_listed(
        &self,
        order: StoryOrder,
        filter: &Filter,
        keep: impl Fn(&str) -> bool,
        cancel: &AtomicBool,
        mut found: impl FnMut(Vec<i64>),
    ) -> Result<bool, LibraryError> {
        let Some(allowed) = Allowed::of(self, filter, cancel)? else {
            return Ok(false);
        };
        let facts = filter.narrows_stories();
        let sql = listed_sql(order, facts);
        let db = self.db();
        let walk = (|| {
            let mut statement = db.conn().prepare_cached(&sql)?;
            let mut rows = statement.query([])?;
            let mut batch = Vec::new();
            let mut seen = 0usize;
            while let Some(row) = rows.next()? {
                seen += 1;
                if seen.is_multiple_of(4096) && cancel.load(Ordering::Relaxed) {
                    return Ok(false);
                }
                let rowid: i64 = row.get(0)?;
                if !allowed.lets_through(rowid) || !keep(&row.get::<_, String>(1)?) {
                    continue;
                }
                if facts {
                    let date: Option<String> = row.get(2)?;
                    let date = date.and_then(|d| d.parse().ok());
                    let program: Option<String> = row.get(3)?;
                    if !filter.matches_story_facts(date, program.as_deref()) {
                        continue;
                    }
                }
                batch.push(rowid);
                if batch.len() >= LISTED_BATCH {
                    found(std::mem::take(&mut batch));
                }
            }
            if !batch.is_empty() {
                found(batch);
            }
            Ok(!cancel.load(Ordering::Relaxed))
        })();
        walk.map_err(|e| self.sql_error(e))
    }

    /// Up to `limit` of the speech turns `filter` matches, from the
    /// `offset`th, with the total, in list order; None when cancelled.
    pub fn matching_turns_page(
        &self,
        filter: &Filter,
        offset: usize,
        limit: usize,
        cancel: &AtomicBool,
    ) -> Result<Option<TurnsPage>, LibraryError> {
        let Some(found) = search::matching_turns(self, filter, cancel)? else {
            return Ok(None);
        };
        let mut stories: Vec<(String, Vec<usize>)> = found.into_iter().collect();
        let places = self.list_places(stories.iter().map(|(id, _)| id.as_str()))?;
        stories.sort_by_key(|(id, _)| places.get(id.as_str()).copied().unwrap_or(usize::MAX));
        let all = stories
            .into_iter()
            .flat_map(|(id, turns)| turns.into_iter().map(move |t| (id.clone(), t)));
        let mut total = 0;
        let mut turns = Vec::new();
        for (i, turn) in all.enumerate() {
            total += 1;
            if i >= offset && turns.len() < limit {
                turns.push(turn);
            }
        }
        Ok(Some(TurnsPage { total, turns }))
    }

    /// Where each of the stories `ids` stands among them in the air-date
    /// order, read for those stories alone.
    fn list_places<'a>(
        &self,
        ids: impl Iterator<Item = &'a str>,
    ) -> Result<HashMap<String, usize>, LibraryError> {
        let db = self.db();
        let read = (|| {
            let mut statement = db
                .conn()
                .prepare_cached("SELECT sort_date, title FROM stories WHERE id = ?1")?;
            let mut keys = Vec::new();
            for id in ids {
                let mut rows = statement.query([id])?;
                if let Some(row) = rows.next()? {
                    let (date, title): (String, String) = (row.get(0)?, row.get(1)?);
                    keys.push((std::cmp::Reverse(date), title, id));
                }
            }
            keys.sort();
            let places = keys.into_iter().enumerate();
            Ok(places.map(|(i, k)| (k.2.to_string(), i)).collect())
        })();
        read.map_err(|e| self.sql_error(e))
    }
}

/// `each_listed`'s walk of the stories in `order`: the row id and id of
/// each, and its air date and program when the filter asks (`facts`).
fn listed_sql(order: StoryOrder, facts: bool) -> String {
    let columns = match facts {
        true => "rowid, id, air_date, program",
        false => "rowid, id, NULL, NULL",
    };
    format!("SELECT {columns} FROM stories ORDER BY {}", order.sql())
}

/// Row ids `each_listed` hands on at once: the first screen's worth
/// comes long before a million rows are walked.
const LISTED_BATCH: usize = 1024;

/// The stories a filter's names and words allow, by row id.
struct Allowed {
    /// For each `@name`, the stories someone it names speaks in.
    named: Vec<HashSet<i64>>,
    /// The stories someone a `-@name` names speaks in.
    unnamed: HashSet<i64>,
    /// The stories holding every word; None where there is no word.
    with_words: Option<HashSet<i64>>,
    /// The stories holding a left-out word.
    without_words: HashSet<i64>,
}

impl Allowed {
    /// What `filter` allows in `library`; None when cancelled.
    fn of(
        library: &Library,
        filter: &Filter,
        cancel: &AtomicBool,
    ) -> Result<Option<Allowed>, LibraryError> {
        let named = (filter.speakers.iter())
            .map(|term| stories_naming(library, std::slice::from_ref(term)))
            .collect::<Result<Vec<_>, _>>()?;
        let unnamed = match filter.without_speakers.is_empty() {
            true => HashSet::new(),
            false => stories_naming(library, &filter.without_speakers)?,
        };
        let with_words = match filter.keywords.is_empty() {
            true => None,
            false => match search::stories_with(library, &filter.keywords, cancel)? {
                Some(all) => Some(all.into_iter().collect()),
                None => return Ok(None),
            },
        };
        let without_words = match filter.without.is_empty() {
            true => HashSet::new(),
            false => match search::stories_with_any(library, &filter.without, cancel)? {
                Some(any) => any.into_iter().collect(),
                None => return Ok(None),
            },
        };
        Ok(Some(Allowed {
            named,
            unnamed,
            with_words,
            without_words,
        }))
    }

    fn lets_through(&self, rowid: i64) -> bool {
        self.named.iter().all(|stories| stories.contains(&rowid))
            && !self.unnamed.contains(&rowid)
            && self.with_words.as_ref().is_none_or(|w| w.contains(&rowid))
            && !self.without_words.contains(&rowid)
    }
}

/// The row ids of the stories in which someone one of `terms` names
/// speaks: the people by `search::keys_named`, their stories by the
/// appearances' index.
fn stories_naming(library: &Library, terms: &[Vec<String>]) -> Result<HashSet<i64>, LibraryError> {
    let keys = search::keys_named(library, terms)?.unwrap_or_default();
    let db = library.db();
    let read = (|| {
        let mut stories = HashSet::new();
        let mut statement = db.conn().prepare_cached(
            "SELECT s.rowid FROM speakers p
             JOIN appearances a ON a.speaker_id = p.id
             JOIN stories s ON s.id = a.story_id
             WHERE p.key = ?1",
        )?;
        for key in keys {
            let rows = statement.query_map([&key], |row| row.get::<_, i64>(0))?;
            for story in rows {
                stories.insert(story?);
            }
        }
        Ok(stories)
    })();
    read.map_err(|e| library.sql_error(e))
}

/// Each entry's speakers' display names, in the order the story gives
/// them (their appearances went in in that order): a page's worth of
/// lookups by the appearances' key.
fn with_speakers(conn: &Connection, entries: &mut [CatalogEntry]) -> rusqlite::Result<()> {
    let mut statement =
        conn.prepare_cached("SELECT name FROM appearances WHERE story_id = ?1 ORDER BY rowid")?;
    for entry in entries {
        let names = statement.query_map([&entry.id], |row| row.get(0))?;
        entry.speakers = names.collect::<rusqlite::Result<_>>()?;
    }
    Ok(())
}

/// One window of people, with the counts around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeoplePage<'a> {
    /// How many people match the name.
    pub total: usize,
    /// How many people there are in all.
    pub everyone: usize,
    /// Everyone's words, and the most anyone spoke: the talk-share bars'
    /// whole and their longest bar, whatever the filter.
    pub words: Words,
    pub offset: usize,
    pub people: Vec<&'a Person>,
    /// Where the person named `keep` stands among those that match.
    pub kept_at: Option<usize>,
}

/// One window of the people in `index`, as `ask` says. Sorts the matches
/// on every call: for stories held in memory. A library answers the same
/// ask from the totals it keeps (`Library::people_page`).
pub fn people_page<'a>(index: &'a SpeakerIndex, ask: &PeopleAsk) -> PeoplePage<'a> {
    let mut matching: Vec<(std::cmp::Reverse<usize>, Vec<String>, &Person)> = index
        .people()
        .map(|(_, p)| p)
        .filter(|p| ask.name.is_empty() || name_matches(&ask.name, &fold::words(&p.name)))
        .map(|p| {
            let count = match ask.order {
                PeopleOrder::Turns => p.turns,
                PeopleOrder::Words => p.words,
                PeopleOrder::Stories => p.stories.len(),
                PeopleOrder::Surname => 0,
            };
            (std::cmp::Reverse(count), surname_first(&p.name), p)
        })
        .collect();
    matching.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let kept_at = ask
        .keep
        .as_ref()
        .and_then(|name| matching.iter().position(|(_, _, p)| p.name == *name));
    let people = matching.iter().skip(ask.offset).take(ask.limit);
    PeoplePage {
        total: matching.len(),
        everyone: index.len(),
        words: Words {
            all: index.people().map(|(_, p)| p.words).sum(),
            most: index.people().map(|(_, p)| p.words).max().unwrap_or(0),
        },
        offset: ask.offset,
        people: people.map(|(_, _, p)| *p).collect(),
        kept_at,
    }
}

/// Turns with how well each answers the keywords: (story id, [(turn,
/// score)]), higher first. See `Library::turns_relevance`.
pub type TurnScores = Vec<(String, Vec<(usize, u32)>)>;

impl Library {
    /// How well each of `turns` answers `keywords`, by FTS5's bm25 over
    /// the index (no story is read); a turn the index does not hold for
    /// them scores 0. None when cancelled.
    pub fn turns_relevance(
        &self,
        keywords: &[Keyword],
        turns: &[(String, Vec<usize>)],
        cancel: &AtomicBool,
    ) -> Result<Option<TurnScores>, LibraryError> {
        let too_common = {
            let db = self.db();
            let gathered = search::plan::gatherable(db.conn(), keywords);
            gathered.map_err(|e| db.error(e))?.len() < keywords.len()
        };
        if too_common {
            return Ok(self.turns_relevance_read(keywords, turns, cancel));
        }
        // By (the story's place in `turns`, turn).
        let mut scores: HashMap<(usize, usize), u32> = HashMap::new();
        if let Some(expression) = search::plan::match_expression(keywords) {
            let db = self.db();
            let scored = (|| {
                // One read of the database for both: a story imported
                // again in between gets new turns, and a row id another
                // turn's.
                let snapshot = db.conn().unchecked_transaction()?;
                // The wanted turns by their row ids: the index's matches
                // are looked up here, not each joined to its turn (a
                // common word has millions of matches, the view holds
                // a hundred thousand turns at most).
                let Some(wanted) = wanted_rowids(&snapshot, turns, cancel)? else {
                    return Ok(false);
                };
                each_bm25(&snapshot, &expression, cancel, |rowid, bm25| {
                    for &place_and_turn in wanted.get(&rowid).into_iter().flatten() {
                        scores.insert(place_and_turn, relevance_of(bm25));
                    }
                })
            })();
            if !scored.map_err(|e| self.sql_error(e))? {
                return Ok(None);
            }
        }
        let scored = turns.iter().enumerate().map(|(place, (id, wanted))| {
            let score = |t: usize| scores.get(&(place, t)).copied().unwrap_or(0);
            (id.clone(), wanted.iter().map(|&t| (t, score(t))).collect())
        });
        Ok(Some(scored.collect()))
    }
}

impl Library {
    /// `turns_relevance` for keywords too common for the index to gather
    /// (bm25 would have FTS5 hold their millions of matches in memory):
    /// each story read, and its turns scored from their words
    /// (`relevance`: a word that common weighs the same in every turn,
    /// so bm25 ranks by how often and how densely it is said, as this
    /// does). A story that will not read scores 0. None when cancelled.
    fn turns_relevance_read(
        &self,
        keywords: &[Keyword],
        turns: &[(String, Vec<usize>)],
        cancel: &AtomicBool,
    ) -> Option<TurnScores> {
        let mut scored = Vec::with_capacity(turns.len());
        for (id, wanted) in turns {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let story = self.load(id).ok();
            scored.push((
                id.clone(),
                story_relevance(story.as_ref(), keywords, wanted),
            ));
        }
        Some(scored)
    }
}

/// Turn row ids, each with where its score goes: (the place in the ask
/// of the story it is a turn of, the turn).
type WantedTurns = HashMap<i64, Vec<(usize, usize)>>;

/// The row ids of `turns` (story id, its turns), each with the places in
/// `turns` of the stories it is a turn of and the turn (one, unless a
/// story is there twice); None when cancelled. A turn gone since is left
/// out.
fn wanted_rowids(
    conn: &Connection,
    turns: &[(String, Vec<usize>)],
    cancel: &AtomicBool,
) -> rusqlite::Result<Option<WantedTurns>> {
    let mut statement = conn.prepare_cached("SELECT idx, id FROM turns WHERE story_id = ?1")?;
    let mut wanted = HashMap::new();
    for (place, (id, those)) in turns.iter().enumerate() {
        if place.is_multiple_of(256) && cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let those: HashSet<usize> = those.iter().copied().collect();
        let mut rows = statement.query([id])?;
        while let Some(row) = rows.next()? {
            let turn = row.get::<_, i64>(0)? as usize;
            if those.contains(&turn) {
                let places: &mut Vec<_> = wanted.entry(row.get(1)?).or_default();
                places.push((place, turn));
            }
        }
    }
    Ok(Some(wanted))
}

/// Calls `each(turn row id, bm25)` for every turn the FTS5 index holds
/// for `expression`; false when cancelled.
fn each_bm25(
    conn: &Connection,
    expression: &str,
    cancel: &AtomicBool,
    mut each: impl FnMut(i64, f64),
) -> rusqlite::Result<bool> {
    let mut statement = conn
        .prepare_cached("SELECT rowid, bm25(turns_fts) FROM turns_fts WHERE turns_fts MATCH ?1")?;
    let mut rows = statement.query([expression])?;
    let mut seen = 0usize;
    while let Some(row) = rows.next()? {
        if seen.is_multiple_of(4096) && cancel.load(Ordering::Relaxed) {
            return Ok(false);
        }
        seen += 1;
        each(row.get(0)?, row.get(1)?);
    }
    Ok(true)
}

/// FTS5's bm25 as a score that sorts as relevance does, higher first:
/// bm25 is negative and lower for a better match, and a non-negative
/// f32's bits sort as the number does.
pub fn relevance_of(bm25: f64) -> u32 {
    ((-bm25).max(0.0) as f32).to_bits()
}

/// Stories held in memory (files, the samples) have no index: there a
/// turn's relevance is counted from its words, as below.
/// The `wanted` turns of `story`, each with its `relevance`; 0 for all
/// when the story is missing.
pub fn story_relevance(
    story: Option<&Story>,
    keywords: &[Keyword],
    wanted: &[usize],
) -> Vec<(usize, u32)> {
    let text = |t: usize| {
        let turn = story.and_then(|s| s.turns.get(t));
        turn.map_or_else(String::new, |turn| turn.paragraphs.join("\n"))
    };
    wanted
        .iter()
        .map(|&t| (t, relevance(keywords, &text(t))))
        .collect()
}

/// How well `text` answers `keywords`: how often their words occur in it,
/// per word of it, as term frequency does in bm25, so a short turn that
/// says the word twice beats a long one that says it once. A keyword of
/// several words counts where they occur in a row; 0 for no keyword.
pub fn relevance(keywords: &[Keyword], text: &str) -> u32 {
    let words = fold::words(text);
    let occurrences: usize = keywords
        .iter()
        .filter(|k| !k.words.is_empty())
        .map(|k| words.windows(k.words.len()).filter(|w| said(k, w)).count())
        .sum();
    // Ten words of length smooth the score of very short turns, as
    // bm25's length norm does; per ten thousand keeps it an integer.
    let per_word = occurrences.saturating_mul(10_000) / (words.len() + 10);
    u32::try_from(per_word).unwrap_or(u32::MAX)
}

/// Whether `words` say keyword `k`, as the filter language matches it:
/// whole words, the last one a prefix unless the keyword is quoted.
fn said(k: &Keyword, words: &[String]) -> bool {
    let last = k.words.len() - 1;
    let each = |(i, (word, wanted)): (usize, (&String, &String))| match i == last && !k.exact {
        true => word.starts_with(wanted.as_str()),
        false => word == wanted,
    };
    words.iter().zip(&k.words).enumerate().all(each)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Filter, Query};
    use crate::story::parse::parse;

    fn story(title: &str, date: &str, body: &str) -> crate::story::Story {
        let text = format!("{title}\n\n{date}\n\n{body}");
        parse(text.as_bytes(), Some("t.txt"), jiff::Timestamp::UNIX_EPOCH).unwrap()
    }

    #[test]
    fn pages_follow_the_list_and_count_everything() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let older = story(
            "Alpha",
            "March 1, 2024",
            "ANA LIMA, HOST: Harbor one.\n\nBO REY: Harbor two.",
        );
        let newer = story(
            "Zulu",
            "May 2, 2024",
            "ANA LIMA, HOST: Harbor three.\n\nBO REY: Not here.",
        );
        lib.add(&older).unwrap();
        lib.add(&newer).unwrap();
        assert_eq!(lib.story_count(), 2);
        let listed = |order| listed_entries(&lib, order, &Filter::default());
        let titles =
            |page: &[CatalogEntry]| page.iter().map(|e| e.title.clone()).collect::<Vec<_>>();
        // Newest first, not by title.
        assert_eq!(titles(&listed(StoryOrder::AirDate)), ["Zulu", "Alpha"]);
        let by_title = listed(StoryOrder::Title);
        assert_eq!(titles(&by_title), ["Alpha", "Zulu"]);
        assert_eq!(by_title[0].speakers, ["Ana Lima", "Bo Rey"]);

        let filter = Query::parse("harbor").unwrap().bind(|_| false);
        let cancel = AtomicBool::new(false);
        let page = lib
            .matching_turns_page(&filter, 1, 1, &cancel)
            .unwrap()
            .unwrap();
        assert_eq!(page.total, 3);
        assert_eq!(page.turns, [(older.id.clone(), 0)]);
        let rest = lib
            .matching_turns_page(&filter, 1, 9, &cancel)
            .unwrap()
            .unwrap();
        assert_eq!(rest.turns, [(older.id.clone(), 0), (older.id.clone(), 1)]);
        cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(
            lib.matching_turns_page(&filter, 0, 9, &cancel).unwrap(),
            None
        );
    }

    #[test]
    fn people_pages_follow_the_order_and_the_name_and_find_the_kept() {
        let mut index = SpeakerIndex::default();
        let one = story(
            "Alpha",
            "March 1, 2024",
            "ANA LIMA, HOST: One two three four.\n\nBO REY: One.\n\nCY PARKER: Hi.\n\nBO REY: Two.",
        );
        index.add(&one);
        let names = |page: &PeoplePage| {
            page.people
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
        };
        let mut ask = PeopleAsk {
            limit: 2,
            ..PeopleAsk::default()
        };
        let page = people_page(&index, &ask);
        assert_eq!((page.total, page.everyone), (3, 3));
        assert_eq!(names(&page), ["Bo Rey", "Ana Lima"], "most turns first");
        ask.order = PeopleOrder::Words;
        ask.offset = 1;
        ask.keep = Some("Cy Parker".into());
        let page = people_page(&index, &ask);
        assert_eq!(names(&page), ["Bo Rey", "Cy Parker"]);
        assert_eq!(page.kept_at, Some(2));
        ask.order = PeopleOrder::Surname;
        ask.offset = 0;
        ask.limit = 9;
        assert_eq!(
            names(&people_page(&index, &ask)),
            ["Ana Lima", "Cy Parker", "Bo Rey"]
        );
        ask.name = vec!["par".into()];
        let page = people_page(&index, &ask);
        assert_eq!(
            (names(&page), page.total, page.everyone),
            (vec!["Cy Parker".to_string()], 1, 3)
        );
        assert_eq!(page.kept_at, Some(0));
        ask.keep = Some("Bo Rey".into());
        assert_eq!(people_page(&index, &ask).kept_at, None, "filtered out");
    }

    fn keywords(text: &str) -> Vec<Keyword> {
        Query::parse(text).unwrap().bind(|_| false).keywords
    }

    #[test]
    fn relevance_rises_with_how_often_and_how_densely_the_words_are_said() {
        let harbor = keywords("harbor");
        let once_short = relevance(&harbor, "The harbor closed.");
        let twice_short = relevance(&harbor, "The harbor closed, the harbors too.");
        let once_long = relevance(
            &harbor,
            "After a long week of meetings and votes and delays the harbor closed.",
        );
        assert_eq!(relevance(&harbor, "Nothing about boats."), 0);
        assert!(twice_short > once_short, "{twice_short} > {once_short}");
        assert!(once_short > once_long, "{once_short} > {once_long}");
        assert_eq!(relevance(&[], "The harbor closed."), 0);
        let phrase = keywords("\"harbor closed\"");
        assert!(relevance(&phrase, "The harbor closed.") > 0);
        assert_eq!(relevance(&phrase, "The harbor is closed."), 0);
        assert_eq!(
            relevance(&phrase, "The harbor closedown."),
            0,
            "quoted: whole"
        );
    }

    #[test]
    fn turns_are_scored_from_their_story() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let one = story(
            "Alpha",
            "March 1, 2024",
            "ANA LIMA, HOST: Harbor one.\n\nBO REY: Harbor, harbor, harbor.",
        );
        lib.add(&one).unwrap();
        let cancel = AtomicBool::new(false);
        let wanted = [(one.id.clone(), vec![0, 1]), ("gone".to_string(), vec![2])];
        let scores = lib
            .turns_relevance(&keywords("harbor"), &wanted, &cancel)
            .unwrap()
            .unwrap();
        let (first, second) = (scores[0].1[0].1, scores[0].1[1].1);
        assert!(second > first && first > 0, "{scores:?}");
        assert_eq!(scores[1], ("gone".to_string(), vec![(2, 0)]));
        cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        let cancelled = lib.turns_relevance(&keywords("harbor"), &wanted, &cancel);
        assert_eq!(cancelled.unwrap(), None);
    }

    const WORDS: [&str; 6] = ["tide", "ferry", "budget", "school", "river", "market"];

    /// Story `i` of a generated library: titles, programs and stations
    /// that repeat (so the orders have ties), some without a program or a
    /// station, and "harbor" said a varying number of times in turns of
    /// varying length.
    fn generated(i: usize) -> Story {
        let word = WORDS[i % WORDS.len()];
        let title = format!("{} {word} report", ["Morning", "evening", "Late"][i % 3]);
        let date = format!("March {}, 20{}", 1 + i % 28, 10 + i % 7);
        let harbors = vec!["harbor"; i % 4].join(" ");
        let filler = vec![word; i % 9].join(" ");
        let body = format!(
            "ANA LIMA, HOST: Story {i} {harbors} {filler}.\n\nBO REY{}: The {word} {harbors}.",
            if i.is_multiple_of(5) { ", BYLINE" } else { "" }
        );
        let mut story = self::story(&title, &date, &body);
        story.program =
            [None, Some("Weekend Edition"), Some("all things")][i % 3].map(String::from);
        story.source.station = [Some("WXYZ"), None][i % 2].map(String::from);
        story.imported_at = jiff::Timestamp::from_second(1_700_000_000 + (i % 50) as i64).unwrap();
        story
    }

    fn generated_library(count: usize) -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        for i in 0..count {
            lib.add(&generated(i)).unwrap();
        }
        (dir, lib)
    }

    /// `order` as the list means it, computed from every entry in memory.
    fn sorted(mut entries: Vec<CatalogEntry>, order: StoryOrder) -> Vec<String> {
        let air = |e: &CatalogEntry| (std::cmp::Reverse(e.sort_date()), e.title.clone());
        let lower = |text: &Option<String>| match text {
            Some(text) => (false, text.to_lowercase()),
            None => (true, String::new()),
        };
        entries.sort_by_key(|e| e.id.clone());
        match order {
            StoryOrder::AirDate => entries.sort_by_key(air),
            StoryOrder::Title => entries.sort_by_key(|e| (e.title.to_lowercase(), air(e))),
            StoryOrder::Program => entries.sort_by_key(|e| (lower(&e.program), air(e))),
            StoryOrder::Station => entries.sort_by_key(|e| (lower(&e.station), air(e))),
            StoryOrder::RecentlyImported => {
                entries.sort_by_key(|e| (std::cmp::Reverse(e.imported_at), air(e)))
            }
        }
        entries.into_iter().map(|e| e.id).collect()
    }

    const ORDERS: [StoryOrder; 5] = [
        StoryOrder::AirDate,
        StoryOrder::Title,
        StoryOrder::Program,
        StoryOrder::Station,
        StoryOrder::RecentlyImported,
    ];

    /// What the story list shows for `filter`, worked out from the stories
    /// in memory: each `@name` names a speaker, no `-@name` does, every
    /// word is somewhere in the story and no left-out one, aired as asked.
    fn lets_through(filter: &Filter, story: &Story) -> bool {
        use crate::query::speaker_matches;
        let names = |term: &Vec<String>| story.speakers.iter().any(|s| speaker_matches(term, s));
        let words = |keywords: &[Keyword]| Filter {
            keywords: keywords.to_vec(),
            ..Filter::default()
        };
        filter.speakers.iter().all(names)
            && !filter.without_speakers.iter().any(names)
            && (filter.keywords.is_empty() || words(&filter.keywords).matches_story(story))
            && !filter
                .without
                .iter()
                .any(|k| words(std::slice::from_ref(k)).matches_story(story))
            && filter.matches_story_facts(story.date(), story.program.as_deref())
    }

    #[test]
    fn each_listed_walks_the_order_keeping_what_the_filter_and_the_caller_keep() {
        let count = 300;
        let (_dir, lib) = generated_library(count);
        let stories: HashMap<String, Story> = (0..count)
            .map(generated)
            .map(|story| (story.id.clone(), story))
            .collect();
        let keep = |id: &str| !id.ends_with(['0', '1']);
        let cancel = AtomicBool::new(false);
        let texts = [
            "",
            "after:2013 show:weekend",
            "@\"bo rey\" harbor",
            "-harbor before:2012-06-01",
            "ferry -school",
        ];
        let mut listed_any = 0;
        for text in texts {
            let filter = search::bind_to_library(&Query::parse(text).unwrap(), &lib);
            for order in ORDERS {
                let mut rowids = Vec::new();
                let finished = lib
                    .each_listed(order, &filter, keep, &cancel, |batch| rowids.extend(batch))
                    .unwrap();
                assert!(finished);
                let rows = lib.entries_at(&rowids).unwrap();
                let listed: Vec<String> = rows.into_iter().map(|(_, e)| e.id).collect();
                let expected: Vec<String> = sorted(lib.entries().to_vec(), order)
                    .into_iter()
                    .filter(|id| keep(id) && lets_through(&filter, &stories[id]))
                    .collect();
                assert_eq!(listed, expected, "{text:?} {order:?}");
                listed_any += usize::from(!listed.is_empty() && listed.len() < count);
            }
        }
        assert_eq!(
            listed_any,
            texts.len() * ORDERS.len(),
            "each narrows, none empties"
        );
        cancel.store(true, Ordering::Relaxed);
        let everything = Filter::default();
        let cancelled = lib.each_listed(StoryOrder::Title, &everything, keep, &cancel, |_| {});
        assert!(!cancelled.unwrap());
    }

    /// The entries `each_listed` lists for `filter`, in `order`.
    fn listed_entries(lib: &Library, order: StoryOrder, filter: &Filter) -> Vec<CatalogEntry> {
        let mut rowids = Vec::new();
        let never = AtomicBool::new(false);
        lib.each_listed(
            order,
            filter,
            |_| true,
            &never,
            |batch| rowids.extend(batch),
        )
        .unwrap();
        let rows = lib.entries_at(&rowids).unwrap();
        rows.into_iter().map(|(_, entry)| entry).collect()
    }

    #[test]
    fn every_order_lists_the_right_stories_by_an_index() {
        let count = 1_500;
        let (_dir, lib) = generated_library(count);
        assert_eq!(lib.story_count(), count);
        for order in ORDERS {
            let expected = sorted(lib.entries().to_vec(), order);
            let listed = listed_entries(&lib, order, &Filter::default());
            let ids: Vec<String> = listed.into_iter().map(|e| e.id).collect();
            assert_eq!(ids, expected, "{order:?}");
            for facts in [false, true] {
                let plan = query_plan(&lib, order, facts);
                assert!(!plan.contains("TEMP B-TREE"), "{order:?} sorts: {plan}");
            }
        }
    }

    /// How SQLite means to walk the stories in `order` for `each_listed`.
    fn query_plan(lib: &Library, order: StoryOrder, facts: bool) -> String {
        let sql = format!("EXPLAIN QUERY PLAN {}", listed_sql(order, facts));
        let db = lib.db();
        let mut statement = db.conn().prepare(&sql).unwrap();
        let rows = statement
            .query_map([], |row| row.get::<_, String>(3))
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
    }

    /// The turns of `lib` that match `harbor`, by story, with the filter.
    fn harbor_turns(lib: &Library) -> (Filter, Vec<(String, Vec<usize>)>) {
        let filter = Query::parse("harbor").unwrap().bind(|_| false);
        let found = search::matching_turns(lib, &filter, &AtomicBool::new(false))
            .unwrap()
            .unwrap();
        (filter, found.into_iter().collect())
    }

    #[test]
    fn relevance_follows_bm25_as_sqlite_ranks_it() {
        let (_dir, lib) = generated_library(300);
        let (filter, turns) = harbor_turns(&lib);
        let cancel = AtomicBool::new(false);
        let scored = lib
            .turns_relevance(&filter.keywords, &turns, &cancel)
            .unwrap()
            .unwrap();
        let mut ours: Vec<(u32, String, usize)> = scored
            .into_iter()
            .flat_map(|(id, turns)| turns.into_iter().map(move |(t, s)| (s, id.clone(), t)))
            .collect();
        assert!(ours.iter().all(|(score, _, _)| *score > 0), "all scored");
        ours.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| (&a.1, a.2).cmp(&(&b.1, b.2))));
        let db = lib.db();
        let mut statement = db
            .conn()
            .prepare(
                "SELECT turns.story_id, turns.idx, bm25(turns_fts) FROM turns_fts
                 JOIN turns ON turns.id = turns_fts.rowid
                 WHERE turns_fts MATCH 'harbor*' AND turns.kind = 'speech'
                 ORDER BY bm25(turns_fts), turns.story_id, turns.idx",
            )
            .unwrap();
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? as usize)));
        let reference: Vec<(String, usize)> = rows.unwrap().map(Result::unwrap).collect();
        let ours: Vec<(String, usize)> = ours.into_iter().map(|(_, id, t)| (id, t)).collect();
        assert!(reference.len() > 100, "{}", reference.len());
        assert_eq!(ours, reference);
    }

    /// A word too common for the index to gather is ranked from the
    /// stories' words, as stories held in memory are: every turn that says
    /// it scores, as `relevance` scores it.
    #[test]
    fn a_word_too_common_to_gather_is_ranked_from_the_stories() {
        let (_dir, lib) = generated_library(60);
        let (filter, turns) = harbor_turns(&lib);
        let cancel = AtomicBool::new(false);
        let ranked = || lib.turns_relevance(&filter.keywords, &turns, &cancel);
        let scored = crate::library::word_counts::with_most_gathered(5, ranked);
        let scored = scored.unwrap().unwrap();
        assert_eq!(scored.len(), turns.len());
        for (id, scores) in &scored {
            let story = lib.load(id).unwrap();
            let wanted: Vec<usize> = scores.iter().map(|&(t, _)| t).collect();
            let expected = story_relevance(Some(&story), &filter.keywords, &wanted);
            assert_eq!(scores, &expected);
            assert!(scores.iter().all(|&(_, score)| score > 0), "{id}");
        }
        cancel.store(true, Ordering::Relaxed);
        let ranked = || lib.turns_relevance(&filter.keywords, &turns, &cancel);
        let cancelled = crate::library::word_counts::with_most_gathered(5, ranked);
        assert!(cancelled.unwrap().is_none());
    }
}
