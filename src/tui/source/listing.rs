//! The story list of stories held in memory, made as the library makes
//! its own in SQL (`Library::each_listed`): the stories the filter lets
//! through (`@name`s on the speakers' names, words anywhere in the story,
//! dates and shows), those the list's mode keeps, in the list's order.

use std::collections::HashMap;

use crate::library::StoryOrder;
use crate::query::{Filter, Keyword, name_matches};
use crate::story::{Story, fold};

use super::{ListAsk, ListEntry, StoryKey};

/// The keys of the stories `ask` lets through, in its order; `entries`
/// are `stories`' rows, place for place.
pub(super) fn listed(stories: &[Story], entries: &[ListEntry], ask: &ListAsk) -> Vec<StoryKey> {
    let names = SpeakerNames::of(entries);
    let filter = ask.query.bind_to_names(&names.distinct);
    let matching = names.matching(&filter.speakers);
    let unnamed = names.matching(&filter.without_speakers);
    let words = |keywords: Vec<Keyword>| Filter {
        keywords,
        ..Filter::default()
    };
    let every = words(filter.keywords.clone());
    let left_out: Vec<Filter> = (filter.without.iter())
        .map(|k| words(vec![k.clone()]))
        .collect();
    let has_words = |story: &Story| {
        (every.keywords.is_empty() || every.matches_story(story))
            && !left_out.iter().any(|one| one.matches_story(story))
    };
    let mut shown: Vec<usize> = (0..entries.len())
        .filter(|&i| {
            let entry = &entries[i];
            entry_matches(&matching, &unnamed, &names.by_entry[i])
                && filter.matches_story_facts(entry.date, entry.program.as_deref())
                && ask.show.keeps(&ask.marks, &entry.id)
                && has_words(&stories[i])
        })
        .collect();
    let ranks = ranks(ask.order, entries);
    shown.sort_unstable_by_key(|&i| ranks[i]);
    shown.into_iter().map(|i| entries[i].key).collect()
}

/// Each entry's place in `order`, as the library's index has it
/// (`StoryOrder::sql`): letters folded to lower case as SQLite's
/// `lower` folds them, stories without the field last, and ties by air
/// date, newest first; stories that tie on that too keep the order they
/// were given in (files named on the command line, say), where the
/// library goes by title and id.
pub(super) fn ranks(order: StoryOrder, entries: &[ListEntry]) -> Vec<u32> {
    let lower = |field: &Option<String>| match field {
        Some(text) => (false, text.to_ascii_lowercase()),
        None => (true, String::new()),
    };
    let mut places: Vec<usize> = (0..entries.len()).collect();
    // A stable sort: ties keep the order given.
    places.sort_by_cached_key(|&i| {
        let entry = &entries[i];
        let field = match order {
            StoryOrder::AirDate => (false, String::new()),
            StoryOrder::Title => (false, entry.title.to_ascii_lowercase()),
            StoryOrder::Program => lower(&entry.program),
            StoryOrder::Station => lower(&entry.station),
            StoryOrder::RecentlyImported => (false, String::new()),
        };
        let imported = match order {
            StoryOrder::RecentlyImported => Some(std::cmp::Reverse(entry.imported_at)),
            _ => None,
        };
        (field, imported, std::cmp::Reverse(entry.sort_date()))
    });
    let mut ranks = vec![0; entries.len()];
    for (rank, &i) in places.iter().enumerate() {
        ranks[i] = rank as u32;
    }
    ranks
}

/// Every distinct speaker name, folded, and which of them speak in each
/// entry.
struct SpeakerNames {
    /// Each distinct name once, as folded words.
    distinct: Vec<Vec<String>>,
    /// By entry, indices into `distinct`.
    by_entry: Vec<Box<[u32]>>,
}

impl SpeakerNames {
    fn of(entries: &[ListEntry]) -> SpeakerNames {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut distinct = Vec::new();
        let by_entry = entries
            .iter()
            .map(|e| {
                e.speakers
                    .iter()
                    .map(|name| {
                        *ids.entry(name).or_insert_with(|| {
                            distinct.push(fold::words(name));
                            distinct.len() as u32 - 1
                        })
                    })
                    .collect()
            })
            .collect();
        SpeakerNames { distinct, by_entry }
    }

    /// For each of `terms` (a filter's `@name`s), which distinct names it
    /// matches.
    fn matching(&self, terms: &[Vec<String>]) -> Vec<Vec<bool>> {
        terms
            .iter()
            .map(|term| {
                self.distinct
                    .iter()
                    .map(|n| name_matches(term, n))
                    .collect()
            })
            .collect()
    }
}

/// Every `@name` of the filter names one of the entry's speakers, and no
/// `-@name` does; `matching` and `left_out` are `SpeakerNames::matching`.
fn entry_matches(matching: &[Vec<bool>], left_out: &[Vec<bool>], speakers: &[u32]) -> bool {
    let names_one = |names: &Vec<bool>| speakers.iter().any(|&id| names[id as usize]);
    matching.iter().all(names_one) && !left_out.iter().any(names_one)
}
