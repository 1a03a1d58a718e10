//! Which stories hold a word anywhere: in a turn of any kind, or in the
//! story's heading (its title, program and speakers' names). Two FTS5
//! indexes find them: the turns' and the headings' (`headings`). Where the
//! index decides a keyword alone (see `plan::index_decides`) the stories
//! it finds are the answer; else each one found is read and the matcher
//! decides, so a word matches as the filter language matches it: folded
//! words, the last a prefix unless the keyword is exact, never across
//! paragraphs. Stories are named by rowid: 8 bytes each, where an answer
//! may hold every story.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;

use super::{indexed, plan};
use crate::library::{Library, LibraryError, headings, word_counts};
use crate::query::{Filter, Keyword};
use crate::story::Story;

/// A keyword's words as they sit in a folded line: a space before each
/// word, and one after the last when it must end there.
struct Needle {
    pattern: String,
}

impl Needle {
    fn new(keyword: &Keyword) -> Needle {
        let mut pattern = String::new();
        for word in &keyword.words {
            pattern.push(' ');
            pattern.push_str(word);
        }
        if keyword.exact {
            pattern.push(' ');
        }
        Needle { pattern }
    }

    fn found_in(&self, line: &str) -> bool {
        line.contains(&self.pattern)
    }
}

/// For each keyword, the rowids of the stories holding it, ascending;
/// none when cancelled.
pub fn holding_each(
    library: &Library,
    keywords: &[Keyword],
    cancel: &AtomicBool,
) -> Result<Option<Vec<Vec<i64>>>, LibraryError> {
    let db = library.db();
    let mut each = Vec::with_capacity(keywords.len());
    for keyword in keywords {
        let found = holding(db.conn(), keyword, cancel).map_err(|e| db.error(e))?;
        if cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
        each.push(found);
    }
    Ok(Some(each))
}

/// The rowids of the stories holding `keyword`, in a heading or a turn,
/// ascending and each once.
fn holding(
    conn: &Connection,
    keyword: &Keyword,
    cancel: &AtomicBool,
) -> rusqlite::Result<Vec<i64>> {
    let mut found = headings_holding(conn, keyword, cancel)?;
    found.sort_unstable();
    turns_holding(conn, keyword, &mut found, cancel)?;
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

/// The stories whose heading holds `keyword`: those the headings' index
/// finds, where it decides the keyword alone; else those it finds (or,
/// when it can look nothing up, every story) whose heading the needle is
/// in.
fn headings_holding(
    conn: &Connection,
    keyword: &Keyword,
    cancel: &AtomicBool,
) -> rusqlite::Result<Vec<i64>> {
    let expression = plan::phrase(keyword);
    let sql = match expression {
        Some(_) => "SELECT rowid FROM story_headings WHERE story_headings MATCH ?1",
        None => "SELECT rowid FROM stories",
    };
    let mut statement = conn.prepare_cached(sql)?;
    let candidates: rusqlite::Result<Vec<i64>> = match &expression {
        Some(expression) => statement
            .query_map([expression], |row| row.get::<_, i64>(0))?
            .collect(),
        None => statement
            .query_map([], |row| row.get::<_, i64>(0))?
            .collect(),
    };
    let candidates = candidates?;
    if expression.is_some() && plan::index_decides(keyword) {
        return Ok(candidates);
    }
    let needle = Needle::new(keyword);
    let mut found = Vec::new();
    for rowid in candidates {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        let heading = headings::of_story(conn, rowid)?;
        if heading.is_some_and(|line| needle.found_in(&line)) {
            found.push(rowid);
        }
    }
    Ok(found)
}

/// Adds to `found` (ascending) the stories with a turn holding `keyword`:
/// those the index finds, where it decides the keyword alone; else each
/// story it finds (or, when it can look nothing up, every story) not
/// found already, read, and the matcher's answer taken. A word too common
/// for the index to gather at once is looked up as the longer prefixes it
/// stands for, each on its own (`word_counts::split`): the stories are
/// the same, and FTS5 holds no more than one part's matches at a time.
fn turns_holding(
    conn: &Connection,
    keyword: &Keyword,
    found: &mut Vec<i64>,
    cancel: &AtomicBool,
) -> rusqlite::Result<()> {
    let expression = plan::phrase(keyword);
    let decided = expression.is_some() && plan::index_decides(keyword);
    let expressions = match (expression, keyword.words.as_slice()) {
        (Some(_), [word]) if decided && !keyword.exact => word_counts::split(conn, word)?
            .into_iter()
            .map(Some)
            .collect(),
        // Not decided by the index: candidates, which may be fewer.
        (Some(_), _) => vec![plan::gathered_phrase(conn, keyword)?.0],
        (None, _) => vec![None],
    };
    let alone = Filter {
        keywords: vec![keyword.clone()],
        ..Filter::default()
    };
    let in_headings: HashSet<i64> = match decided {
        true => HashSet::new(),
        false => found.iter().copied().collect(),
    };
    let mut kept_once = found.len();
    for expression in expressions {
        // Each story once, by its rowid, from the distinct ids of its turns.
        let sql = match expression {
            Some(_) => {
                "SELECT s.rowid, s.id FROM stories s WHERE s.id IN (
                     SELECT t.story_id FROM turns_fts JOIN turns t ON t.id = turns_fts.rowid
                     WHERE turns_fts MATCH ?1)"
            }
            None => "SELECT rowid, id FROM stories",
        };
        let mut statement = conn.prepare_cached(sql)?;
        let mut rows = match &expression {
            Some(expression) => statement.query([expression])?,
            None => statement.query([])?,
        };
        let mut seen = 0usize;
        while let Some(row) = rows.next()? {
            if seen.is_multiple_of(4096) && cancel.load(Ordering::Relaxed) {
                return Ok(());
            }
            seen += 1;
            let rowid: i64 = row.get(0)?;
            if decided {
                found.push(rowid);
            } else if !in_headings.contains(&rowid) {
                let story: String = row.get(1)?;
                if holds(&indexed::load(conn, &story)?, &alone) {
                    found.push(rowid);
                }
            }
        }
        // The parts find many of the same stories: kept once each
        // whenever they have doubled since.
        if found.len() > 2 * kept_once.max(1024) {
            found.sort_unstable();
            found.dedup();
            kept_once = found.len();
        }
    }
    Ok(())
}

/// Whether a turn of `story` holds the one keyword of `alone`.
fn holds(story: &Story, alone: &Filter) -> bool {
    story.turns.iter().any(|t| alone.keywords_in(&t.paragraphs))
}

/// The ids of the stories at `rowids` (ascending), ascending by id: each
/// looked up, or, when they are many of the stories, read off the ids'
/// index in one pass.
pub fn ids_of(conn: &Connection, rowids: &[i64]) -> rusqlite::Result<Vec<String>> {
    let stories: i64 = conn
        .prepare_cached("SELECT count(*) FROM stories")?
        .query_row([], |row| row.get(0))?;
    let mut ids = Vec::with_capacity(rowids.len());
    if (rowids.len() as i64).saturating_mul(8) < stories {
        let mut statement = conn.prepare_cached("SELECT id FROM stories WHERE rowid = ?1")?;
        for rowid in rowids {
            let mut rows = statement.query([rowid])?;
            if let Some(row) = rows.next()? {
                ids.push(row.get(0)?);
            }
        }
        ids.sort_unstable();
    } else {
        let mut statement = conn.prepare_cached("SELECT rowid, id FROM stories ORDER BY id")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            if rowids.binary_search(&row.get(0)?).is_ok() {
                ids.push(row.get(1)?);
            }
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Query;

    fn stories_with(library: &Library, query: &str) -> Vec<Vec<i64>> {
        let keywords = Query::parse(query).unwrap().bind(|_| false).keywords;
        holding_each(library, &keywords, &AtomicBool::new(false))
            .unwrap()
            .unwrap()
    }

    #[test]
    fn words_are_found_in_headings_and_any_turn_but_never_across_paragraphs() {
        let dir = tempfile::tempdir().unwrap();
        let mut library = Library::open(dir.path()).unwrap();
        let text =
            b"Harbor Vote\n\nANA LIMA, HOST: The bridge.\n\nIt opens.\n\n(SOUNDBITE OF GULLS)";
        let story = crate::story::parse::parse(text, None, jiff::Timestamp::UNIX_EPOCH).unwrap();
        library.add(&story).unwrap();
        let rowid: i64 = library
            .db()
            .conn()
            .query_row(
                "SELECT rowid FROM stories WHERE id = ?1",
                [&story.id],
                |r| r.get(0),
            )
            .unwrap();
        // The title, a speaker's name, speech, a prefix of a word.
        for query in [
            "harbor",
            "lima",
            "bridge",
            "brid",
            "gulls",
            "\"harbor vote\"",
        ] {
            assert_eq!(stories_with(&library, query), [vec![rowid]], "{query}");
        }
        // A phrase across two paragraphs or two parts of the heading, or
        // past a word's end: no.
        for query in ["\"bridge it\"", "\"brid\"", "\"vote ana\"", "lighthouse"] {
            assert!(stories_with(&library, query)[0].is_empty(), "{query}");
        }
        assert_eq!(stories_with(&library, "harbor lighthouse").len(), 2);
        let ids = ids_of(library.db().conn(), &[rowid]).unwrap();
        assert_eq!(ids, std::slice::from_ref(&story.id));
    }

    /// A word too common for the index to gather at once, looked up in
    /// parts, finds the stories it found whole; a cue's word too.
    #[test]
    fn a_word_too_common_to_gather_finds_the_same_stories_in_parts() {
        let generated = crate::library::search::parity::generated(5, 40);
        let cue = b"Harbor Vote\n\nANA LIMA, HOST: It's the U.S. co-op's bridge.\n\n(SOUNDBITE OF ZEPPELINS)";
        let cue = crate::story::parse::parse(cue, None, jiff::Timestamp::UNIX_EPOCH).unwrap();
        let (_dir, library) =
            crate::library::search::parity::library_of(std::iter::once(cue).chain(generated));
        let words = [
            "t",
            "th",
            "s",
            "a",
            "h",
            "ze",
            "z",
            "\"the\"",
            "the harbor",
            "it's",
            "u.s.",
            "co-op",
        ];
        let whole: Vec<_> = words.iter().map(|w| stories_with(&library, w)).collect();
        crate::library::word_counts::with_most_gathered(10, || {
            let db = library.db();
            let split = crate::library::word_counts::split(db.conn(), "t").unwrap();
            assert!(split.len() > 10, "{split:?}");
            drop(db);
            for (word, whole) in words.iter().zip(&whole) {
                assert!(!whole[0].is_empty(), "{word}");
                assert_eq!(&stories_with(&library, word), whole, "{word}");
            }
        });
    }

    /// The headings' index answers as reading every heading did, word for
    /// word, as stories come, are corrected and go.
    #[test]
    fn the_headings_index_answers_as_reading_every_heading() {
        let generated = crate::library::search::parity::generated(3, 40);
        let (_dir, mut library) = crate::library::search::parity::library_of(
            crate::library::samples::bundled()
                .into_iter()
                .chain(generated),
        );
        let words = [
            "the",
            "a",
            "ma",
            "harbor",
            "bridge",
            "\"harbor bridge\"",
            "edition",
            "sz",
            "x",
            "\"o\"",
            "o'donnell",
        ];
        for round in 0..2 {
            let conn = library.db();
            let every: Vec<(i64, String)> = conn
                .conn()
                .prepare("SELECT rowid FROM stories ORDER BY rowid")
                .unwrap()
                .query_map([], |row| row.get::<_, i64>(0))
                .unwrap()
                .map(|r| {
                    let rowid = r.unwrap();
                    (
                        rowid,
                        headings::of_story(conn.conn(), rowid).unwrap().unwrap(),
                    )
                })
                .collect();
            let mut some = 0;
            for word in words {
                let keyword = &Query::parse(word).unwrap().bind(|_| false).keywords[0];
                let needle = Needle::new(keyword);
                let expected: Vec<i64> = every
                    .iter()
                    .filter(|(_, line)| needle.found_in(line))
                    .map(|(rowid, _)| *rowid)
                    .collect();
                let cancel = AtomicBool::new(false);
                let mut found = headings_holding(conn.conn(), keyword, &cancel).unwrap();
                found.sort_unstable();
                assert_eq!(found, expected, "round {round}: {word}");
                some += usize::from(!expected.is_empty());
            }
            assert!(some >= 6, "{some}");
            drop(conn);
            let first = library.entries()[0].id.clone();
            library.remove(&first).unwrap();
        }
    }
}
