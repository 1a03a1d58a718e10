//! Which stories hold a word anywhere: in a turn of any kind, or in the
//! story's heading (its title, program and speakers' names). The FTS5
//! index finds the turns; where it decides a keyword alone (see
//! `plan::index_decides`) its stories are the answer, else each is read
//! and the matcher decides, so a word matches as the filter language
//! matches it: folded words, the last a prefix unless the keyword is
//! exact, never across paragraphs.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;

use super::{indexed, plan};
use crate::library::{Library, LibraryError};
use crate::query::{Filter, Keyword};
use crate::story::{Story, fold};

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

/// For each keyword, the ids of the stories holding it; none when
/// cancelled.
pub fn holding_each(
    library: &Library,
    keywords: &[Keyword],
    cancel: &AtomicBool,
) -> Result<Option<Vec<HashSet<String>>>, LibraryError> {
    let db = library.db();
    let sql = |e| library.sql_error(e);
    if keywords.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let needles: Vec<Needle> = keywords.iter().map(Needle::new).collect();
    let mut each: Vec<HashSet<String>> = vec![HashSet::new(); keywords.len()];
    for (id, line) in headings(db.conn()).map_err(sql)? {
        for (i, needle) in needles.iter().enumerate() {
            if needle.found_in(&line) {
                each[i].insert(id.clone());
            }
        }
    }
    for (i, keyword) in keywords.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
        turns_holding(db.conn(), keyword, &mut each[i], cancel).map_err(sql)?;
    }
    Ok((!cancel.load(Ordering::Relaxed)).then_some(each))
}

/// Adds to `found` the stories with a turn holding `keyword`: those the
/// index finds, where it decides the keyword alone; else each story it
/// finds (or, when it can look nothing up, every story) read, and the
/// matcher's answer taken.
fn turns_holding(
    conn: &Connection,
    keyword: &Keyword,
    found: &mut HashSet<String>,
    cancel: &AtomicBool,
) -> rusqlite::Result<()> {
    let expression = plan::phrase(keyword);
    let sql = match expression {
        Some(_) => {
            "SELECT DISTINCT t.story_id FROM turns_fts JOIN turns t ON t.id = turns_fts.rowid
             WHERE turns_fts MATCH ?1"
        }
        None => "SELECT id FROM stories",
    };
    let mut statement = conn.prepare_cached(sql)?;
    let mut rows = match &expression {
        Some(expression) => statement.query([expression])?,
        None => statement.query([])?,
    };
    let decided = expression.is_some() && plan::index_decides(keyword);
    let alone = Filter {
        keywords: vec![keyword.clone()],
        ..Filter::default()
    };
    while let Some(row) = rows.next()? {
        if cancel.load(Ordering::Relaxed) {
            return Ok(());
        }
        let story: String = row.get(0)?;
        if found.contains(&story) {
            continue;
        }
        if decided || holds(&indexed::load(conn, &story)?, &alone) {
            found.insert(story);
        }
    }
    Ok(())
}

/// Whether a turn of `story` holds the one keyword of `alone`.
fn holds(story: &Story, alone: &Filter) -> bool {
    story.turns.iter().any(|t| alone.keywords_in(&t.paragraphs))
}

/// Every story's heading as one folded line: its title, program and
/// speakers' names, joined as paragraphs are.
fn headings(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let mut names: HashMap<String, Vec<String>> = HashMap::new();
    let mut statement = conn.prepare("SELECT story_id, name FROM appearances ORDER BY rowid")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        names.entry(row.get(0)?).or_default().push(row.get(1)?);
    }
    let mut statement = conn.prepare("SELECT id, title, program FROM stories")?;
    let mut rows = statement.query([])?;
    let mut headings = Vec::new();
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let title: String = row.get(1)?;
        let program: Option<String> = row.get(2)?;
        let speakers = names.remove(&id).unwrap_or_default();
        let parts = std::iter::once(title)
            .chain(program)
            .chain(speakers)
            .collect::<Vec<_>>();
        let mut line = String::new();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                line.push_str(" |");
            }
            fold::push_words(part, &mut line);
        }
        line.push(' ');
        headings.push((id, line));
    }
    Ok(headings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Query;

    fn stories_with(library: &Library, query: &str) -> Vec<HashSet<String>> {
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
        let id = HashSet::from([story.id.clone()]);
        // The title, a speaker's name, speech, a prefix of a word.
        for query in ["harbor", "lima", "bridge", "brid", "gulls"] {
            assert_eq!(
                stories_with(&library, query),
                std::slice::from_ref(&id),
                "{query}"
            );
        }
        // A phrase across two paragraphs, or past a word's end: no.
        for query in ["\"bridge it\"", "\"brid\"", "lighthouse"] {
            assert!(stories_with(&library, query)[0].is_empty(), "{query}");
        }
        assert_eq!(stories_with(&library, "harbor lighthouse").len(), 2);
    }
}
