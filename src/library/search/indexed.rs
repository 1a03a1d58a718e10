//! Search over the database: the FTS5 index (and the speaker words, for
//! `@name`) narrows the turns to candidates, and the filter language's own
//! matcher decides on each, so that the answer is always the matcher's.
//! The candidates are a superset by construction: the index holds the
//! same folded words the matcher compares, every keyword's last word is
//! looked up as a prefix, and what the index cannot say (phrases within a
//! paragraph, `-word`, `-@name`, dates) is left to the matcher.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;

use crate::library::LibraryError;
use crate::query::{Filter, Keyword};
use crate::story::{Story, TurnKind, fold};

/// The speech turns `filter` matches, by story id, each story's turns in
/// order; stories in id order. (The library's own searches take them as
/// they come, through `each_match`.)
#[cfg(test)]
pub fn matching_turns(
    conn: &Connection,
    filter: &Filter,
) -> rusqlite::Result<BTreeMap<String, Vec<usize>>> {
    let mut found: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    each_candidate_story(conn, filter, &AtomicBool::new(false), |story, turns| {
        let matched: Vec<usize> = turns
            .into_iter()
            .filter(|&i| {
                story
                    .turns
                    .get(i)
                    .is_some_and(|t| is_match(filter, story, t))
            })
            .collect();
        if !matched.is_empty() {
            found.insert(story.id.clone(), matched);
        }
    })?;
    Ok(found)
}

/// Calls `found(story_id, turn, speaker_key)` for each speech turn
/// `filter` matches, story by story in id order, each story's turns in
/// order. Returns false when cancelled; `db_path` names the database in
/// an error.
pub fn each_match(
    conn: &Connection,
    db_path: &Path,
    filter: &Filter,
    cancel: &AtomicBool,
    mut found: impl FnMut(&str, usize, &str),
) -> Result<bool, LibraryError> {
    let finished = each_candidate_story(conn, filter, cancel, |story, turns| {
        for i in turns {
            let Some(turn) = story.turns.get(i) else {
                continue;
            };
            if is_match(filter, story, turn) {
                let key = turn.speaker.as_deref().map(fold::name_key);
                found(&story.id, i, key.as_deref().unwrap_or_default());
            }
        }
    });
    finished.map_err(|e| super::super::db::error(db_path, e))
}

/// Calls `each(story, candidate turns)` for every story with candidates.
/// Returns false when cancelled.
fn each_candidate_story(
    conn: &Connection,
    filter: &Filter,
    cancel: &AtomicBool,
    mut each: impl FnMut(&Story, Vec<usize>),
) -> rusqlite::Result<bool> {
    for (story_id, turns) in candidates(conn, filter)? {
        if cancel.load(Ordering::Relaxed) {
            return Ok(false);
        }
        each(&load(conn, &story_id)?, turns);
    }
    Ok(!cancel.load(Ordering::Relaxed))
}

fn is_match(filter: &Filter, story: &Story, turn: &crate::story::Turn) -> bool {
    turn.kind == TurnKind::Speech && filter.matches_turn(story, turn)
}

/// The story stored under `id`, from its JSON.
pub fn load(conn: &Connection, id: &str) -> rusqlite::Result<Story> {
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Blob, e)
    };
    let json = crate::library::rows::stored_json(conn, id, u64::MAX)?
        .ok_or(rusqlite::Error::QueryReturnedNoRows)?
        .map_err(|e| failed(Box::new(e)))?;
    serde_json::from_slice(&json).map_err(|e| failed(Box::new(e)))
}

/// The speech turns that may match, by story, each story's in order:
/// from the text index when there are keywords, else from the speakers'
/// words when there are `@name`s, else every speech turn.
fn candidates(
    conn: &Connection,
    filter: &Filter,
) -> rusqlite::Result<BTreeMap<String, Vec<usize>>> {
    let (sql, argument) = if let Some(expression) = match_expression(&filter.keywords) {
        (
            "SELECT t.story_id, t.idx FROM turns_fts JOIN turns t ON t.id = turns_fts.rowid
             WHERE turns_fts MATCH ?1 AND t.kind = 'speech'",
            Some(expression),
        )
    } else if !filter.speakers.is_empty() {
        return speaker_candidates(conn, &filter.speakers);
    } else {
        (
            "SELECT story_id, idx FROM turns WHERE kind = 'speech'",
            None,
        )
    };
    let mut statement = conn.prepare_cached(sql)?;
    let rows = match &argument {
        Some(expression) => statement.query([expression])?,
        None => statement.query([])?,
    };
    collect_turns(rows)
}

/// The speech turns of everyone with a word that each `@name`'s first
/// word begins: a range of the speaker-words index per name.
fn speaker_candidates(
    conn: &Connection,
    terms: &[Vec<String>],
) -> rusqlite::Result<BTreeMap<String, Vec<usize>>> {
    let mut all: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut statement = conn.prepare_cached(
        "SELECT t.story_id, t.idx FROM turns t
         WHERE t.kind = 'speech' AND t.speaker_id IN (
             SELECT speaker_id FROM speaker_words WHERE word >= ?1 AND word < ?2)",
    )?;
    for first in terms.iter().filter_map(|term| term.first()) {
        let end = format!("{first}\u{10FFFF}");
        let found = collect_turns(statement.query([first.as_str(), end.as_str()])?)?;
        for (story, turns) in found {
            all.entry(story).or_default().extend(turns);
        }
    }
    for turns in all.values_mut() {
        turns.sort_unstable();
        turns.dedup();
    }
    Ok(all)
}

fn collect_turns(mut rows: rusqlite::Rows) -> rusqlite::Result<BTreeMap<String, Vec<usize>>> {
    let mut found: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let idx: i64 = row.get(1)?;
        found.entry(row.get(0)?).or_default().push(idx as usize);
    }
    for turns in found.values_mut() {
        turns.sort_unstable();
    }
    Ok(found)
}

/// Every keyword as an FTS5 phrase, its last word a prefix unless it is a
/// quoted phrase, all of them required; none when there are no keywords
/// the index can look up.
pub fn match_expression(keywords: &[Keyword]) -> Option<String> {
    let phrases: Vec<String> = keywords.iter().filter_map(phrase).collect();
    (!phrases.is_empty()).then(|| phrases.join(" AND "))
}

/// One keyword as an FTS5 phrase. A phrase's last word is still looked up
/// as a prefix when the tokenizer would cut it: the matcher decides.
pub(super) fn phrase(keyword: &Keyword) -> Option<String> {
    let text = keyword.words.join(" ");
    // A word of ASCII punctuation alone gives the index nothing to look up:
    // leaving the keyword to the matcher keeps the candidates a superset.
    if !text
        .chars()
        .any(|c| c.is_ascii_alphanumeric() || !c.is_ascii())
    {
        return None;
    }
    let quoted = format!("\"{}\"", text.replace('"', "\"\""));
    let whole_last_word = keyword.exact
        && keyword.words.last().is_some_and(|w| {
            w.chars()
                .all(|c| c.is_ascii_alphanumeric() || !c.is_ascii())
        });
    Some(match whole_last_word {
        true => quoted,
        false => format!("{quoted} *"),
    })
}
