//! Library-wide search, the one place a query is run over the store:
//! which speech turns a filter matches (`indexed`: the database's FTS5
//! index and speaker words narrow, the matcher decides, with the
//! matcher's answers, which `parity` checks), and which stories hold a
//! word anywhere (`stories`).

pub mod indexed;
#[cfg(test)]
mod parity;
mod stories;

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::AtomicBool;

use super::{Library, LibraryError, SpeakerIndex};
use crate::query::{Filter, Keyword, Query, name_matches};
use crate::story::fold;

/// Matching speech turns, by story id, each story's turns in order.
pub type TurnsByStory = BTreeMap<String, Vec<usize>>;

/// The identity keys of everyone `terms` match; none for no terms.
pub fn keys_named(library: &Library, terms: &[Vec<String>]) -> Option<HashSet<String>> {
    if terms.is_empty() {
        return None;
    }
    let keys = library
        .speakers()
        .people()
        .filter(|(_, person)| {
            let names = std::iter::once(&person.name).chain(&person.aliases);
            let words: Vec<Vec<String>> = names.map(|n| fold::words(n)).collect();
            terms
                .iter()
                .any(|term| words.iter().any(|w| name_matches(term, w)))
        })
        .map(|(key, _)| key.to_string())
        .collect();
    Some(keys)
}

/// Binds `query` against everyone in the library, so `@josh earnest` is
/// one person wherever he speaks.
pub fn bind_to_library(query: &Query, index: &SpeakerIndex) -> Filter {
    let names: Vec<Vec<String>> = index
        .people()
        .flat_map(|(_, p)| std::iter::once(&p.name).chain(&p.aliases))
        .map(|name| fold::words(name))
        .collect();
    query.bind_to_names(&names)
}

/// Every speech turn in the library that `filter` matches. Returns `None`
/// when cancelled.
pub fn matching_turns(
    library: &Library,
    filter: &Filter,
    cancel: &AtomicBool,
) -> Result<Option<TurnsByStory>, LibraryError> {
    let mut turns = TurnsByStory::new();
    let finished = for_each_matching_turn(library, filter, cancel, |story, turn, _| {
        turns.entry(story.to_string()).or_default().push(turn);
    })?;
    turns.values_mut().for_each(|t| {
        t.sort_unstable();
        t.dedup();
    });
    Ok(finished.then_some(turns))
}

/// Calls `found(story_id, turn, speaker_key)` for each speech turn
/// `filter` matches, as it is found, each story's turns in order: the
/// FTS5 index (or, for `@name` alone, the speakers' words) gives the
/// candidates, and the matcher decides (see `indexed`). Returns false
/// when cancelled.
pub fn for_each_matching_turn(
    library: &Library,
    filter: &Filter,
    cancel: &AtomicBool,
    found: impl FnMut(&str, usize, &str),
) -> Result<bool, LibraryError> {
    let db = library.db();
    indexed::each_match(db.conn(), db.path(), filter, cancel, found)
}

/// Calls `found(story_id)` once for each story holding every keyword
/// somewhere in its title, program, speakers' names or text. Returns
/// false when cancelled.
pub fn for_each_story_with(
    library: &Library,
    keywords: &[Keyword],
    cancel: &AtomicBool,
    mut found: impl FnMut(&str),
) -> Result<bool, LibraryError> {
    let Some(mut each) = stories::holding_each(library, keywords, cancel)? else {
        return Ok(false);
    };
    let Some(mut all) = each.pop() else {
        return Ok(true);
    };
    for others in &each {
        all.retain(|id| others.contains(id));
    }
    let mut all: Vec<String> = all.into_iter().collect();
    all.sort_unstable();
    all.iter().for_each(|id| found(id));
    Ok(true)
}

/// Calls `found(story_id)` once for each story holding any of `keywords`
/// anywhere: the stories a `-word` leaves out. Returns false when
/// cancelled.
pub fn for_each_story_with_any(
    library: &Library,
    keywords: &[Keyword],
    cancel: &AtomicBool,
    mut found: impl FnMut(&str),
) -> Result<bool, LibraryError> {
    let Some(each) = stories::holding_each(library, keywords, cancel)? else {
        return Ok(false);
    };
    let mut any: Vec<String> = each.into_iter().flatten().collect();
    any.sort_unstable();
    any.dedup();
    any.iter().for_each(|id| found(id));
    Ok(true)
}
