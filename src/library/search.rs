//! Library-wide search, the one place a query is run over the store:
//! which speech turns a filter matches, without reading a transcript.
//! `@name` is answered from the speaker index, keywords from the packed
//! text; only the stories with hits are opened, and only to show them.
//! `indexed` runs the same filters over the database's FTS5 index, with
//! the same answers (`parity` checks it).

pub mod indexed;
#[cfg(test)]
mod parity;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use super::packed::{Needle, Turn};
use super::{Library, LibraryError, SpeakerIndex};
use crate::query::{Filter, Keyword, Query, name_matches};
use crate::story::fold;

/// Matching speech turns, by story id, each story's turns in order.
pub type TurnsByStory = BTreeMap<String, Vec<usize>>;

/// The identity keys of everyone the filter's `@name`s match; none when it
/// names no one (any speaker will do), and then the speaker index is not
/// even read.
pub fn speaker_keys(library: &Library, filter: &Filter) -> Option<HashSet<String>> {
    keys_named(library, &filter.speakers)
}

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
/// `filter` matches, as it is found: `@name` alone from the speaker index, anything else from
/// one pass over the packed text. A story's turns come in order, but one
/// story may come more than once when `@name`s match several people.
/// Returns false when cancelled.
pub fn for_each_matching_turn(
    library: &Library,
    filter: &Filter,
    cancel: &AtomicBool,
    mut found: impl FnMut(&str, usize, &str),
) -> Result<bool, LibraryError> {
    let speakers = speaker_keys(library, filter);
    let left_out = keys_named(library, &filter.without_speakers).unwrap_or_default();
    let text_free = filter.keywords.is_empty() && filter.without.is_empty();
    if let (true, Some(keys)) = (text_free, &speakers) {
        for key in keys.iter().filter(|k| !left_out.contains(*k)) {
            let person = library
                .speakers()
                .get(key)
                .expect("keys come from the index");
            for (story, spoken) in &person.stories {
                spoken.iter().for_each(|&t| found(story, t as usize, key));
            }
        }
        return Ok(!cancel.load(Ordering::Relaxed));
    }
    // No keywords and no speakers: every line, so every speech turn.
    let without = needles(&filter.without);
    let needles = needles(&filter.keywords);
    library.scan_text_without(&needles, &without, cancel, |hit| {
        let Turn::Speech(turn) = hit.turn else { return };
        let named = speakers
            .as_ref()
            .is_none_or(|keys| keys.contains(hit.speaker_key));
        if named && !left_out.contains(hit.speaker_key) {
            found(hit.story_id, turn, hit.speaker_key);
        }
    })
}

/// Calls `found(story_id)` once for each story holding every keyword
/// somewhere in its title, speakers' names or text, as soon as the last of
/// them turns up. Returns false when cancelled.
pub fn for_each_story_with(
    library: &Library,
    keywords: &[Keyword],
    cancel: &AtomicBool,
    mut found: impl FnMut(&str),
) -> Result<bool, LibraryError> {
    let needles = needles(keywords);
    // Per story, which needles it has shown so far.
    let mut seen: HashMap<String, Vec<bool>> = HashMap::new();
    library.scan_each(&needles, cancel, |story, i| {
        let marks = seen
            .entry(story.to_string())
            .or_insert_with(|| vec![false; needles.len()]);
        if !std::mem::replace(&mut marks[i], true) && marks.iter().all(|&m| m) {
            found(story);
        }
    })
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
    if keywords.is_empty() {
        return Ok(true);
    }
    let needles = needles(keywords);
    let mut seen: HashSet<String> = HashSet::new();
    library.scan_each(&needles, cancel, |story, _| {
        if !seen.contains(story) {
            seen.insert(story.to_string());
            found(story);
        }
    })
}

fn needles(keywords: &[Keyword]) -> Vec<Needle> {
    keywords
        .iter()
        .map(|k| Needle::new(&k.words, k.exact))
        .collect()
}
