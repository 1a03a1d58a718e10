//! Library-wide search, the one place a query is run over the store:
//! which speech turns a filter matches and how many (`plan` makes the
//! SQL, `indexed` runs it: the FTS5 index, the appearances and the
//! stories rows decide where they are exact, the matcher over the story
//! where they are not; `parity` checks the answers are the matcher's),
//! who an `@name` names (`names`: the speaker words' index, never every
//! person), and which stories hold a word anywhere (`stories`).

pub mod indexed;
pub(crate) mod names;
#[cfg(test)]
pub(crate) mod parity;
pub mod plan;
mod stories;

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::AtomicBool;

pub use indexed::Counts;
pub use plan::Order;

use super::{Library, LibraryError, SpeakerIndex};
use crate::query::{Filter, Keyword, Query, name_matches};
use crate::story::{Story, fold};

/// Matching speech turns, by story id, each story's turns in order.
pub type TurnsByStory = BTreeMap<String, Vec<usize>>;

/// Who the `@name`s of a query can name.
pub trait Names {
    /// Whether anyone answers to `term` (folded words, as `name_matches`
    /// compares them).
    fn names_someone(&self, term: &[String]) -> bool;
}

/// The library asks its database: a range of the speaker words' index a
/// word, then the few people found there. A database that will not
/// answer names no one (the search that follows says why).
impl Names for Library {
    fn names_someone(&self, term: &[String]) -> bool {
        names::is_named(self.db().conn(), term).unwrap_or(false)
    }
}

/// A speaker index already in memory answers from itself.
impl Names for SpeakerIndex {
    fn names_someone(&self, term: &[String]) -> bool {
        self.people().any(|(_, person)| {
            std::iter::once(&person.name)
                .chain(&person.aliases)
                .any(|name| name_matches(term, &fold::words(name)))
        })
    }
}

/// The identity keys of everyone `terms` match; none for no terms.
pub fn keys_named(
    library: &Library,
    terms: &[Vec<String>],
) -> Result<Option<HashSet<String>>, LibraryError> {
    if terms.is_empty() {
        return Ok(None);
    }
    let keys = names::keys_named(library.db().conn(), terms);
    keys.map(Some).map_err(|e| library.sql_error(e))
}

/// The person whose name or an alias is nearest to `name`, if any is
/// near: what a reader who mistyped meant.
pub fn closest_name(library: &Library, name: &str) -> Result<Option<String>, LibraryError> {
    names::closest_name(library.db().conn(), name).map_err(|e| library.sql_error(e))
}

/// Binds `query` against everyone in the library, so `@josh earnest` is
/// one person wherever he speaks.
pub fn bind_to_library(query: &Query, names: &(impl Names + ?Sized)) -> Filter {
    query.bind(|term| names.names_someone(term))
}

/// How many speech turns `filter` matches in the library, and in how many
/// stories, from the index wherever it decides (see `indexed::count`);
/// intros left out when `leave_out_intros`. None when cancelled.
pub fn count_matching_turns(
    library: &Library,
    filter: &Filter,
    leave_out_intros: bool,
    cancel: &AtomicBool,
) -> Result<Option<Counts>, LibraryError> {
    let db = library.db();
    indexed::count(db.conn(), db.path(), filter, leave_out_intros, cancel)
}

/// Calls `found(story, turns)` for each story with speech turns `filter`
/// matches, in `order`, with those turns in order; a story that will not
/// read comes as its error, for the caller to skip or stop at. The story
/// is read once, whether or not the index decided. Returns false when
/// cancelled.
pub fn for_each_matching_story<E: From<LibraryError>>(
    library: &Library,
    filter: &Filter,
    order: Order,
    cancel: &AtomicBool,
    found: impl FnMut(Result<&Story, LibraryError>, &[usize]) -> Result<(), E>,
) -> Result<bool, E> {
    let db = library.db();
    let plan = plan::Plan::new(db.conn(), filter).map_err(|e| db.error(e))?;
    indexed::each_matching_story(db.conn(), db.path(), &plan, order, cancel, found)
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

/// A story quoted, as a view shows it beside its quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedHeading {
    pub rowid: i64,
    pub id: String,
    pub title: String,
    pub date: Option<jiff::civil::Date>,
}

/// How many stories past its first screen a common word's quotes are read
/// for, one at a time, before the index gives the rest (see
/// `plan::ListWalk`): a story takes from a third of a millisecond to one
/// (at a million stories), so at most some 20 s, in the background, with
/// the quotes on screen from the first story on.
const GOING_ON_STORIES: usize = 20_000;

/// Calls `found(story, turns)` for each story with speech turns `filter`
/// matches, in list order (newest first, then by title), with those
/// turns in order, each with its speaker's key, until `limit` turns are
/// found (it sets `cancel` then, and the story that reached it still goes
/// out) or the caller sets `cancel`. Returns false when cancelled.
pub fn for_each_quoted_story(
    library: &Library,
    filter: &Filter,
    limit: usize,
    cancel: &AtomicBool,
    mut found: impl FnMut(QuotedHeading, Vec<(usize, String)>),
) -> Result<bool, LibraryError> {
    let db = library.db();
    let mut plan = plan::Plan::new(db.conn(), filter).map_err(|e| db.error(e))?;
    if plan.looks_up_words() {
        let walk = plan::ListWalk {
            going_on_turns: limit,
            going_on_stories: GOING_ON_STORIES,
            ..plan.list_walk()
        };
        plan = plan.walking_the_list(walk);
    }
    let mut story: Option<(String, Vec<(usize, String)>)> = None;
    let (mut turns_found, mut turns_handed) = (0usize, 0usize);
    let mut hand_on = |(id, turns): (String, Vec<(usize, String)>)| {
        // Turns found after the limit's (the index's rest looks at
        // `cancel` every few hundred rows) go nowhere.
        if turns_handed >= limit {
            return;
        }
        // A story gone since the search began has no quotes.
        if let Ok(Some(heading)) = heading(db.conn(), id) {
            turns_handed += turns.len();
            found(heading, turns);
        }
    };
    let finished = indexed::each_planned(
        db.conn(),
        db.path(),
        &plan,
        Order::List,
        cancel,
        |id, turn, key| {
            // Said as the limit's turn comes, not once its story has gone
            // out: the walk must not go on to the index's rest, whose
            // first row can cost the most.
            turns_found += 1;
            if turns_found >= limit {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            let turn = (turn, key.to_string());
            match &mut story {
                Some((open, turns)) if open == id => turns.push(turn),
                _ => {
                    if let Some(done) = story.replace((id.to_string(), vec![turn])) {
                        hand_on(done);
                    }
                }
            }
        },
    )?;
    story.into_iter().for_each(hand_on);
    Ok(finished)
}

/// Story `id`'s row id, title and air date; None for no such story.
fn heading(conn: &rusqlite::Connection, id: String) -> rusqlite::Result<Option<QuotedHeading>> {
    let mut statement =
        conn.prepare_cached("SELECT rowid, title, air_date FROM stories WHERE id = ?1")?;
    let mut rows = statement.query([&id])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let date: Option<String> = row.get(2)?;
    Ok(Some(QuotedHeading {
        rowid: row.get(0)?,
        title: row.get(1)?,
        date: date.and_then(|d| d.parse().ok()),
        id,
    }))
}

/// Calls `found(story_id)` once for each story holding every keyword
/// somewhere in its title, program, speakers' names or text, in order of
/// id. Returns false when cancelled.
pub fn for_each_story_with(
    library: &Library,
    keywords: &[Keyword],
    cancel: &AtomicBool,
    found: impl FnMut(&str),
) -> Result<bool, LibraryError> {
    let Some(rowids) = stories_with(library, keywords, cancel)? else {
        return Ok(false);
    };
    each_id(library, &rowids, found)
}

/// Calls `found(story_id)` once for each story holding any of `keywords`
/// anywhere, in order of id: the stories a `-word` leaves out. Returns
/// false when cancelled.
#[cfg(test)]
pub fn for_each_story_with_any(
    library: &Library,
    keywords: &[Keyword],
    cancel: &AtomicBool,
    found: impl FnMut(&str),
) -> Result<bool, LibraryError> {
    let Some(rowids) = stories_with_any(library, keywords, cancel)? else {
        return Ok(false);
    };
    each_id(library, &rowids, found)
}

/// The rowids of the stories holding every keyword somewhere in their
/// title, program, speakers' names or text, ascending (none for no keyword);
/// None when cancelled.
pub fn stories_with(
    library: &Library,
    keywords: &[Keyword],
    cancel: &AtomicBool,
) -> Result<Option<Vec<i64>>, LibraryError> {
    let Some(mut each) = stories::holding_each(library, keywords, cancel)? else {
        return Ok(None);
    };
    let Some(mut all) = each.pop() else {
        return Ok(Some(Vec::new()));
    };
    for others in &each {
        all.retain(|rowid| others.binary_search(rowid).is_ok());
    }
    Ok(Some(all))
}

/// The rowids of the stories holding any of `keywords` anywhere,
/// ascending; None when cancelled.
pub fn stories_with_any(
    library: &Library,
    keywords: &[Keyword],
    cancel: &AtomicBool,
) -> Result<Option<Vec<i64>>, LibraryError> {
    let Some(each) = stories::holding_each(library, keywords, cancel)? else {
        return Ok(None);
    };
    let mut any: Vec<i64> = each.into_iter().flatten().collect();
    any.sort_unstable();
    any.dedup();
    Ok(Some(any))
}

/// Calls `found` with the id of each story at `rowids`, in order of id.
fn each_id(
    library: &Library,
    rowids: &[i64],
    mut found: impl FnMut(&str),
) -> Result<bool, LibraryError> {
    let db = library.db();
    let ids = stories::ids_of(db.conn(), rowids).map_err(|e| db.error(e))?;
    drop(db);
    ids.iter().for_each(|id| found(id));
    Ok(true)
}
