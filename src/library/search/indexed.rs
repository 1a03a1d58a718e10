//! Search over the database, deciding from the index wherever the index
//! is exact, and from the story only where it is not.
//!
//! The FTS5 index holds the same folded words the matcher compares, split
//! where the matcher splits them (fold.rs keeps every word character one
//! its `ascii` tokenizer keeps in a word), so a keyword of one word made
//! of such characters matches a turn exactly when the index says so: as a
//! prefix, or whole when quoted. `@name` is decided on the appearance's
//! name and aliases (those of the story's speaker), air dates and shows
//! on the stories row. What the index cannot say (a phrase of several
//! words, which must stay within one paragraph; a word holding
//! punctuation) makes it give candidates only, and the story is read for
//! the filter language's matcher to decide, so the answer is always the
//! matcher's (`parity` checks both ways).

#[cfg(test)]
use std::collections::BTreeMap;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, params_from_iter};

use super::plan::{Order, Plan, lone_word};
use crate::library::{LibraryError, word_counts};
use crate::query::Filter;
use crate::story::{Speaker, Story, TurnKind};

/// How many speech turns a filter matches, and in how many stories.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub quotes: usize,
    pub stories: usize,
}

/// The speech turns `filter` matches, by story id, each story's turns in
/// order. (The library's own searches take them as they come, through
/// `each_match`.)
#[cfg(test)]
pub fn matching_turns(
    conn: &Connection,
    filter: &Filter,
) -> Result<BTreeMap<String, Vec<usize>>, LibraryError> {
    let mut found: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let never = AtomicBool::new(false);
    each_match(conn, Path::new("test"), filter, &never, |story, turn, _| {
        found.entry(story.to_string()).or_default().push(turn)
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
    found: impl FnMut(&str, usize, &str),
) -> Result<bool, LibraryError> {
    let plan = Plan::new(conn, filter).map_err(|e| db_error(db_path, e))?;
    each_planned(conn, db_path, &plan, Order::ById, cancel, found)
}

/// `each_match`, in the order `order` asks, over the turns `plan` says.
pub fn each_planned(
    conn: &Connection,
    db_path: &Path,
    plan: &Plan,
    order: Order,
    cancel: &AtomicBool,
    mut found: impl FnMut(&str, usize, &str),
) -> Result<bool, LibraryError> {
    // `@name` in list order goes story by story, as `hark quotes` does:
    // the rest of the list sorted by the index joined the person's every
    // turn to its story first.
    let by_story = order == Order::List && !plan.filter().speakers.is_empty();
    if plan.words_decided() && !by_story {
        // In list order the first screen comes from walking the list, as
        // `each_matching_story`'s does; the index gives the rest.
        let rows = match order {
            Order::List => {
                let walked = walk_the_list(conn, db_path, plan, cancel, &mut |story, turns| {
                    // A story that will not read is passed over: its
                    // quotes could not be shown either.
                    if let Ok(story) = story {
                        hand_on_turns(story, turns, &mut found);
                    }
                    Ok::<(), LibraryError>(())
                })?;
                match walked {
                    Walked::Whole => return Ok(true),
                    Walked::Cancelled => return Ok(false),
                    Walked::UpTo(last) => rest_of_the_list(plan, last),
                }
            }
            order => plan.rows_sql(order),
        };
        return each_row_of(conn, db_path, plan, rows, cancel, |row| {
            found(
                &row.story_id,
                row.turn,
                row.speaker_key.as_deref().unwrap_or(""),
            );
            Ok::<(), LibraryError>(())
        });
    }
    each_matching_story(conn, db_path, plan, order, cancel, |story, turns| {
        hand_on_turns(story?, turns, &mut found);
        Ok::<(), LibraryError>(())
    })
}

/// Calls `found(story_id, turn, speaker_key)` for each of `turns`.
fn hand_on_turns(story: &Story, turns: &[usize], found: &mut impl FnMut(&str, usize, &str)) {
    for &turn in turns {
        let speaker = story.turns[turn].speaker.as_deref();
        let key = speaker.map(crate::story::fold::name_key);
        found(&story.id, turn, key.as_deref().unwrap_or_default());
    }
}

/// Calls `found(story, turns)` for each story with speech turns the plan
/// matches, in `order`, with those turns in order; a story that will not
/// read is handed on as its error, for the caller to skip or stop at.
/// Returns false when cancelled.
pub fn each_matching_story<E: From<LibraryError>>(
    conn: &Connection,
    db_path: &Path,
    plan: &Plan,
    order: Order,
    cancel: &AtomicBool,
    mut found: impl FnMut(Result<&Story, LibraryError>, &[usize]) -> Result<(), E>,
) -> Result<bool, E> {
    let rows = match order {
        Order::List => match walk_the_list(conn, db_path, plan, cancel, &mut found)? {
            Walked::Whole => return Ok(true),
            Walked::Cancelled => return Ok(false),
            Walked::UpTo(last) => rest_of_the_list(plan, last),
        },
        order => plan.rows_sql(order),
    };
    let mut story: Option<String> = None;
    let mut turns = Vec::new();
    let mut hand_on = |id: String, turns: &mut Vec<usize>| {
        let result = match crate::library::load(conn, db_path, &id) {
            Ok(story) => {
                let filter = plan.filter();
                turns.retain(|&t| {
                    story
                        .turns
                        .get(t)
                        .is_some_and(|turn| plan.words_decided() || is_match(filter, &story, turn))
                });
                match turns.is_empty() {
                    true => Ok(()),
                    false => found(Ok(&story), turns),
                }
            }
            Err(err) => found(Err(err), turns),
        };
        turns.clear();
        result
    };
    let finished = each_row_of(conn, db_path, plan, rows, cancel, |row| -> Result<(), E> {
        if story.as_ref().is_some_and(|s| *s != row.story_id) {
            hand_on(story.take().expect("checked"), &mut turns)?;
        }
        story.get_or_insert(row.story_id);
        turns.push(row.turn);
        Ok(())
    })?;
    if let Some(id) = story.filter(|_| finished) {
        hand_on(id, &mut turns)?;
    }
    Ok(finished)
}

/// How far `walk_the_list` went.
enum Walked {
    /// Every story was read.
    Whole,
    Cancelled,
    /// Up to the story with this sort date, title and id (none read).
    UpTo(Option<[String; 3]>),
}

/// The query for the matching turns of the stories `walk_the_list` did
/// not read, in the list's order. A filter without words reads every
/// speech turn of those stories, sorted or not: the rest is walked down
/// the list story by story rather than all of it sorted first (see
/// `Plan::rows_down_the_list_sql`). Words have the index lead, and an
/// `@name` the stories the person appears in, so theirs stay sorted.
pub(super) fn rest_of_the_list(plan: &Plan, last: Option<[String; 3]>) -> (String, Vec<String>) {
    let Some([date, title, id]) = last else {
        return plan.rows_sql(Order::List);
    };
    if plan.filter().speakers.is_empty()
        && let Some(rows) = plan.rows_down_the_list_sql(&date, &title, &id)
    {
        return rows;
    }
    plan.rows_after_sql(&date, &title, &id)
}

/// Reads the stories that may match in the list's order (every story by
/// the list's index, or those an `@name`'s people appear in), and hands
/// on each with speech turns the matcher finds, those turns in order,
/// until the plan's `ListWalk` says to stop: the first screen of a common
/// word without sorting its every match. A story that will not read is
/// handed on as its error, with no turns.
///
/// A word that `ListWalk::stories` stories did not fill a screen with
/// has its turns read from the index (when they are neither too few to
/// sort nor too many to hold), and the walk goes on, reading only the
/// stories whose turns' ids take in one of them. One that did may go on
/// reading every story, as far as `ListWalk::going_on_turns` and
/// `going_on_stories` say.
fn walk_the_list<E: From<LibraryError>>(
    conn: &Connection,
    db_path: &Path,
    plan: &Plan,
    cancel: &AtomicBool,
    found: &mut impl FnMut(Result<&Story, LibraryError>, &[usize]) -> Result<(), E>,
) -> Result<Walked, E> {
    let sql = |e| E::from(db_error(db_path, e));
    let walk = plan.list_walk();
    let stories_sql = plan.stories_in_list_order_sql(conn).map_err(sql)?;
    let mut in_list_order = conn.prepare(&stories_sql).map_err(sql)?;
    let mut stories = in_list_order.query([]).map_err(sql)?;
    let (mut read, mut matched) = (0usize, 0usize);
    let mut last = None;
    let mut sifting: Option<Vec<i64>> = None;
    // The stories read by which the walk that goes on past its screen
    // stops.
    let mut going_on: Option<usize> = None;
    // Where the window of stories read while going on began: (read, matched).
    let mut window = (0, 0);
    loop {
        if matched >= walk.turns && going_on.is_none() {
            let common = || -> rusqlite::Result<bool> {
                let stories: i64 =
                    conn.query_row("SELECT ifnull(max(rowid), 0) FROM stories", [], |r| {
                        r.get(0)
                    })?;
                let in_library = matched as f64 / read.max(1) as f64 * stories as f64;
                Ok(in_library >= walk.going_on_from as f64)
            };
            if sifting.is_some() || walk.going_on_turns <= walk.turns || !common().map_err(sql)? {
                break;
            }
            going_on = Some(read.saturating_add(walk.going_on_stories));
            window = (read, matched);
        }
        if going_on.is_some() {
            if matched >= walk.going_on_turns {
                break;
            }
            if read - window.0 >= walk.going_on_window.max(1) {
                if matched - window.1 < walk.going_on_window {
                    break;
                }
                window = (read, matched);
            }
        }
        if read == walk.stories && going_on.is_none() {
            sifting = plan
                .matching_rowids(conn, walk.few, walk.most)
                .map_err(sql)?;
        }
        let budget = match (going_on, &sifting) {
            (Some(until), _) => until,
            (None, Some(_)) => walk.stories.saturating_add(walk.sifted),
            (None, None) => walk.stories,
        };
        if read >= budget {
            break;
        }
        if cancel.load(Ordering::Relaxed) {
            return Ok(Walked::Cancelled);
        }
        let Some(row) = stories.next().map_err(sql)? else {
            return Ok(Walked::Whole);
        };
        let story: [String; 3] = [row.get(0), row.get(1), row.get(2)]
            .map(|cell: rusqlite::Result<String>| cell.unwrap_or_default());
        read += 1;
        let may_match = match &sifting {
            Some(rowids) => holds_one_of(conn, &story[2], rowids).map_err(sql)?,
            None => true,
        };
        if may_match {
            matched += hand_on_matching(conn, db_path, plan, &story[2], found)?;
        }
        last = Some(story);
    }
    // A caller that has enough (or wants no more) says so before the
    // rest's query starts: its first row may cost the most.
    if cancel.load(Ordering::Relaxed) {
        return Ok(Walked::Cancelled);
    }
    Ok(Walked::UpTo(last))
}

/// Reads story `id` and hands it on with the speech turns the matcher
/// finds in it, if any (or as its error); returns how many.
fn hand_on_matching<E: From<LibraryError>>(
    conn: &Connection,
    db_path: &Path,
    plan: &Plan,
    id: &str,
    found: &mut impl FnMut(Result<&Story, LibraryError>, &[usize]) -> Result<(), E>,
) -> Result<usize, E> {
    let story = match crate::library::load(conn, db_path, id) {
        Ok(story) => story,
        Err(err) => return found(Err(err), &[]).map(|()| 0),
    };
    let turns: Vec<usize> = (0..story.turns.len())
        .filter(|&t| is_match(plan.filter(), &story, &story.turns[t]))
        .collect();
    if !turns.is_empty() {
        found(Ok(&story), &turns)?;
    }
    Ok(turns.len())
}

/// Whether the ids of story `id`'s turns span one of `rowids` (sorted).
fn holds_one_of(conn: &Connection, id: &str, rowids: &[i64]) -> rusqlite::Result<bool> {
    let span: (Option<i64>, Option<i64>) = conn
        .prepare_cached("SELECT min(id), max(id) FROM turns WHERE story_id = ?1")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))?;
    let (Some(first), Some(last)) = span else {
        return Ok(false);
    };
    let at = rowids.partition_point(|&rowid| rowid < first);
    Ok(rowids.get(at).is_some_and(|&rowid| rowid <= last))
}

/// Calls `each(row)` for each row of `query` (one of the plan's) that
/// passes its speaker and story checks. Returns false when cancelled.
fn each_row_of<E: From<LibraryError>>(
    conn: &Connection,
    db_path: &Path,
    plan: &Plan,
    (query, params): (String, Vec<String>),
    cancel: &AtomicBool,
    mut each: impl FnMut(Row) -> Result<(), E>,
) -> Result<bool, E> {
    let sql = |e| E::from(db_error(db_path, e));
    let mut checks = RowChecks::new(plan.filter());
    let mut statement = conn.prepare(&query).map_err(sql)?;
    let mut rows = statement.query(params_from_iter(&params)).map_err(sql)?;
    let mut seen = 0usize;
    while let Some(row) = rows.next().map_err(sql)? {
        seen += 1;
        if seen.is_multiple_of(256) && cancel.load(Ordering::Relaxed) {
            return Ok(false);
        }
        let row = Row::read(row).map_err(sql)?;
        if checks.pass(&row) {
            each(row)?;
        }
    }
    Ok(!cancel.load(Ordering::Relaxed))
}

/// How many speech turns `filter` matches and in how many stories; a
/// page's intro (its text before anyone is named) is left out when
/// `leave_out_intros`, as `hark quotes` leaves it out. A filter of one
/// word and nothing else is read from the counts kept for its prefix
/// (`word_counts`); else counted by SQL alone when the index decides
/// everything the filter asks; else the rows are checked, and stories
/// read only where the index cannot decide the words. None when
/// cancelled.
pub fn count(
    conn: &Connection,
    db_path: &Path,
    filter: &Filter,
    leave_out_intros: bool,
    cancel: &AtomicBool,
) -> Result<Option<Counts>, LibraryError> {
    let sql = |e| db_error(db_path, e);
    if let Some(counts) = counted_ahead(conn, filter, leave_out_intros).map_err(sql)? {
        return Ok(Some(counts));
    }
    let plan = Plan::new(conn, filter)
        .map_err(sql)?
        .leaving_out_intros(leave_out_intros);
    if let Some(sql_and_params) = plan.count_sql() {
        return count_story_ids(conn, sql_and_params, cancel).map_err(sql);
    }
    let mut quotes = 0;
    let mut stories: HashSet<String> = HashSet::new();
    let finished = each_planned(conn, db_path, &plan, Order::AsStored, cancel, |id, _, _| {
        quotes += 1;
        if !stories.contains(id) {
            stories.insert(id.to_string());
        }
    })?;
    Ok(finished.then_some(Counts {
        quotes,
        stories: stories.len(),
    }))
}

/// The counts of a filter of one word and nothing else, from those the
/// library keeps for the word as a prefix, when it keeps them.
fn counted_ahead(
    conn: &Connection,
    filter: &Filter,
    leave_out_intros: bool,
) -> rusqlite::Result<Option<Counts>> {
    let Some(word) = lone_word(filter) else {
        return Ok(None);
    };
    let Some(tally) = word_counts::tally(conn, word)? else {
        return Ok(None);
    };
    let (quotes, stories) = match leave_out_intros {
        true => (tally.attributed_turns, tally.attributed_stories),
        false => (tally.turns, tally.stories),
    };
    Ok(Some(Counts {
        quotes: quotes.max(0) as usize,
        stories: stories.max(0) as usize,
    }))
}

/// How many rows `query` gives, and how many story ids among them (its
/// one column): a story's rows mostly come together, so a story id is
/// looked up among those seen only where it changes. None when cancelled.
fn count_story_ids(
    conn: &Connection,
    (query, params): (String, Vec<String>),
    cancel: &AtomicBool,
) -> rusqlite::Result<Option<Counts>> {
    let mut statement = conn.prepare(&query)?;
    let mut rows = statement.query(params_from_iter(&params))?;
    let mut quotes = 0usize;
    let mut stories: HashSet<Vec<u8>> = HashSet::new();
    let mut last: Vec<u8> = Vec::new();
    while let Some(row) = rows.next()? {
        quotes += 1;
        if quotes.is_multiple_of(4096) && cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let id = row.get_ref(0)?.as_bytes()?;
        if quotes == 1 || id != last.as_slice() {
            last.clear();
            last.extend_from_slice(id);
            if !stories.contains(id) {
                stories.insert(last.clone());
            }
        }
    }
    Ok(Some(Counts {
        quotes,
        stories: stories.len(),
    }))
}

/// One row of the plan's query: a speech turn, who speaks it as their
/// story has them, and the story's air date and program.
struct Row {
    story_id: String,
    turn: usize,
    speaker_key: Option<String>,
    /// The appearance's name and aliases (JSON): the story's speaker.
    speaker: Option<(String, String)>,
    air_date: Option<String>,
    program: Option<String>,
}

impl Row {
    fn read(row: &rusqlite::Row) -> rusqlite::Result<Row> {
        let name: Option<String> = row.get(3)?;
        let aliases: Option<String> = row.get(4)?;
        Ok(Row {
            story_id: row.get(0)?,
            turn: row.get::<_, i64>(1)? as usize,
            speaker_key: row.get(2)?,
            speaker: name.map(|name| (name, aliases.unwrap_or_default())),
            air_date: row.get(5)?,
            program: row.get(6)?,
        })
    }
}

/// The filter's speakers and story facts, decided on the rows, each
/// speaker (name and aliases) and each story's facts once.
struct RowChecks<'f> {
    filter: &'f Filter,
    speakers: HashMap<(String, String), bool>,
    facts: Option<(String, bool)>,
}

impl<'f> RowChecks<'f> {
    fn new(filter: &'f Filter) -> RowChecks<'f> {
        RowChecks {
            filter,
            speakers: HashMap::new(),
            facts: None,
        }
    }

    fn pass(&mut self, row: &Row) -> bool {
        self.speaker_passes(row) && self.facts_pass(row)
    }

    /// As `Filter::matches_turn` decides on a speech turn's speaker.
    fn speaker_passes(&mut self, row: &Row) -> bool {
        let filter = self.filter;
        if filter.speakers.is_empty() && filter.without_speakers.is_empty() {
            return true;
        }
        let Some(speaker) = &row.speaker else {
            return filter.speakers.is_empty();
        };
        if let Some(&known) = self.speakers.get(speaker) {
            return known;
        }
        let (name, aliases) = speaker;
        let person = Speaker {
            name: name.clone(),
            label: String::new(),
            role: None,
            aliases: serde_json::from_str(aliases).unwrap_or_default(),
            title: None,
            description: None,
        };
        let passes = filter.matches_speaker(&person);
        self.speakers.insert(speaker.clone(), passes);
        passes
    }

    fn facts_pass(&mut self, row: &Row) -> bool {
        if !self.filter.narrows_stories() {
            return true;
        }
        if let Some((story, passes)) = &self.facts
            && *story == row.story_id
        {
            return *passes;
        }
        let date = row.air_date.as_deref().and_then(|d| d.parse().ok());
        let passes = self
            .filter
            .matches_story_facts(date, row.program.as_deref());
        self.facts = Some((row.story_id.clone(), passes));
        passes
    }
}

fn is_match(filter: &Filter, story: &Story, turn: &crate::story::Turn) -> bool {
    turn.kind == TurnKind::Speech && filter.matches_turn(story, turn)
}

fn db_error(db_path: &Path, e: rusqlite::Error) -> LibraryError {
    super::super::db::error(db_path, e)
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
