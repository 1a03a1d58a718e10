//! Library-wide search: which speech turns a filter matches, without
//! reading a transcript. `@name` is answered from the speaker index,
//! keywords from the packed text; only the stories with hits are opened,
//! and only to show them.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::AtomicBool;

use super::Filter;
use super::matcher::name_matches;
use crate::library::packed::{Needle, Turn};
use crate::library::{Library, LibraryError, SpeakerIndex};
use crate::story::fold;

/// Matching speech turns, by story id, each story's turns in order.
pub type TurnsByStory = BTreeMap<String, Vec<usize>>;

/// The identity keys of everyone the filter's `@name`s match; none when it
/// names no one (any speaker will do).
pub fn speaker_keys(index: &SpeakerIndex, filter: &Filter) -> Option<HashSet<String>> {
    if filter.speakers.is_empty() {
        return None;
    }
    let keys = index
        .people()
        .filter(|(_, person)| {
            let names = std::iter::once(&person.name).chain(&person.aliases);
            let words: Vec<Vec<String>> = names.map(|n| fold::words(n)).collect();
            filter
                .speakers
                .iter()
                .any(|term| words.iter().any(|w| name_matches(term, w)))
        })
        .map(|(key, _)| key.to_string())
        .collect();
    Some(keys)
}

/// Every speech turn in the library that `filter` matches. Returns `None`
/// when cancelled.
pub fn matching_turns(
    library: &Library,
    filter: &Filter,
    cancel: &AtomicBool,
) -> Result<Option<TurnsByStory>, LibraryError> {
    let speakers = speaker_keys(library.speakers(), filter);
    let mut turns = TurnsByStory::new();
    if let (true, Some(keys)) = (filter.keywords.is_empty(), &speakers) {
        for key in keys {
            let person = library
                .speakers()
                .get(key)
                .expect("keys come from the index");
            for (story, spoken) in &person.stories {
                turns
                    .entry(story.clone())
                    .or_default()
                    .extend(spoken.iter().map(|&t| t as usize));
            }
        }
        turns.values_mut().for_each(|t| t.sort_unstable());
        return Ok(Some(turns));
    }
    // No keywords and no speakers: every line, so every speech turn.
    let needles: Vec<Needle> = filter
        .keywords
        .iter()
        .map(|k| Needle::new(&k.words, k.exact))
        .collect();
    let finished = library.scan_text(&needles, cancel, |hit| {
        let Turn::Speech(turn) = hit.turn else { return };
        if speakers
            .as_ref()
            .is_none_or(|keys| keys.contains(hit.speaker_key))
        {
            turns
                .entry(hit.story_id.to_string())
                .or_default()
                .push(turn);
        }
    })?;
    Ok(finished.then_some(turns))
}
