//! The catalog: enough about every story to list it without opening it.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;

use std::collections::HashMap;

use rusqlite::Connection;

use crate::library::LibraryError;
use crate::story::Story;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogEntry {
    pub id: String,
    pub title: String,
    /// The air date, when the page gives one (or the reader set one).
    pub date: Option<Date>,
    pub imported_at: Timestamp,
    #[serde(default)]
    pub program: Option<String>,
    /// Display names, in order of first appearance.
    pub speakers: Vec<String>,
    pub turns: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// How many things the parser was unsure of.
    #[serde(default)]
    pub warnings: usize,
    /// The page it came from, by which a re-import finds it.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub audio_url: Option<String>,
    /// The member station, for sorting the list by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
}

impl CatalogEntry {
    pub fn of(story: &Story) -> CatalogEntry {
        CatalogEntry {
            id: story.id.clone(),
            title: story.title.clone(),
            date: story.date(),
            imported_at: story.imported_at,
            program: story.program.clone(),
            speakers: story.speakers.iter().map(|s| s.name.clone()).collect(),
            turns: story.turns.len(),
            file_name: story.source.file_name.clone(),
            warnings: story.warnings.len(),
            url: story.source.url.clone(),
            audio_url: story.source.audio_url.clone(),
            station: story.source.station.clone(),
        }
    }

    /// Where it sorts: by air date, else by import day (never shown as
    /// its date).
    pub fn sort_date(&self) -> Date {
        self.date
            .unwrap_or_else(|| crate::story::imported_on(self.imported_at))
    }
}

/// The columns of a stories row a catalog entry is made of, for `entry`
/// (and `window`'s pages).
pub(crate) const COLUMNS: &str = "id, title, air_date, imported_at, program, turn_count, file_name,
    warnings, url, audio_url, station";

/// Every story's entry, in list order: newest first, then by title.
pub fn read_all(conn: &Connection) -> rusqlite::Result<Vec<CatalogEntry>> {
    let mut speakers = speaker_names(conn, None)?;
    let sql = format!("SELECT {COLUMNS} FROM stories ORDER BY sort_date DESC, title, id");
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map([], |row| entry(row, &mut speakers))?;
    rows.collect()
}

/// Calls `each` with every story's entry, in list order, as the database
/// reads them: a listing prints its first lines at once, and holds one
/// entry at a time, not the catalog. Each entry's speakers come with it,
/// in the order their appearances went in; `sql_error` says what a
/// database error is to the caller.
pub fn each_entry<E>(
    conn: &Connection,
    sql_error: impl Fn(rusqlite::Error) -> E,
    mut each: impl FnMut(CatalogEntry) -> Result<(), E>,
) -> Result<(), E> {
    let sql = format!(
        "SELECT {COLUMNS}, (SELECT json_group_array(a.name ORDER BY a.rowid)
             FROM appearances a WHERE a.story_id = stories.id)
         FROM stories ORDER BY sort_date DESC, title, id"
    );
    let mut statement = conn.prepare(&sql).map_err(&sql_error)?;
    let mut rows = statement.query([]).map_err(&sql_error)?;
    while let Some(row) = rows.next().map_err(&sql_error)? {
        each(entry_with_speakers(row).map_err(&sql_error)?)?;
    }
    Ok(())
}

/// A row of `each_entry`'s query as an entry.
fn entry_with_speakers(row: &rusqlite::Row) -> rusqlite::Result<CatalogEntry> {
    let names: String = row.get(11)?;
    let speakers = serde_json::from_str(&names).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(11, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let mut by_story = HashMap::from([(row.get(0)?, speakers)]);
    entry(row, &mut by_story)
}

impl crate::library::Library {
    /// Everyone who speaks, with their totals (`speakers::totals`).
    pub fn speaker_totals(&self) -> Result<Vec<super::speakers::Totals>, LibraryError> {
        let db = self.db();
        super::speakers::totals(db.conn()).map_err(|e| db.error(e))
    }

    /// `each_entry` over this library's database.
    pub fn each_entry<E: From<LibraryError>>(
        &self,
        each: impl FnMut(CatalogEntry) -> Result<(), E>,
    ) -> Result<(), E> {
        let db = self.db();
        each_entry(db.conn(), |e| E::from(db.error(e)), each)
    }
}

/// The entries of the stories whose ids begin with `prefix` (lower-case
/// hex, checked by the caller), in list order.
pub fn with_prefix(conn: &Connection, prefix: &str) -> rusqlite::Result<Vec<CatalogEntry>> {
    let end = format!("{prefix}g");
    let mut speakers = speaker_names(conn, Some((prefix, &end)))?;
    let sql = format!(
        "SELECT {COLUMNS} FROM stories WHERE id >= ?1 AND id < ?2
         ORDER BY sort_date DESC, title, id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([prefix, end.as_str()], |row| entry(row, &mut speakers))?;
    rows.collect()
}

/// Each story's speakers' display names, in the order the story gives
/// them (their appearances went in in that order); for the stories whose
/// ids lie in `range`, or all.
fn speaker_names(
    conn: &Connection,
    range: Option<(&str, &str)>,
) -> rusqlite::Result<HashMap<String, Vec<String>>> {
    let mut names: HashMap<String, Vec<String>> = HashMap::new();
    let sql = match range {
        Some(_) => {
            "SELECT story_id, name FROM appearances WHERE story_id >= ?1 AND story_id < ?2 ORDER BY rowid"
        }
        None => "SELECT story_id, name FROM appearances ORDER BY rowid",
    };
    let mut statement = conn.prepare_cached(sql)?;
    let mut rows = match range {
        Some((from, to)) => statement.query([from, to])?,
        None => statement.query([])?,
    };
    while let Some(row) = rows.next()? {
        names.entry(row.get(0)?).or_default().push(row.get(1)?);
    }
    Ok(names)
}

fn entry(
    row: &rusqlite::Row,
    speakers: &mut HashMap<String, Vec<String>>,
) -> rusqlite::Result<CatalogEntry> {
    let mut entry = entry_without_speakers(row)?;
    entry.speakers = speakers.remove(&entry.id).unwrap_or_default();
    Ok(entry)
}

/// A catalog entry from a row of `COLUMNS`, its speakers still to come.
pub(crate) fn entry_without_speakers(row: &rusqlite::Row) -> rusqlite::Result<CatalogEntry> {
    let date: Option<String> = row.get(2)?;
    let imported_at: String = row.get(3)?;
    Ok(CatalogEntry {
        id: row.get(0)?,
        title: row.get(1)?,
        date: date.map(|d| parsed(&d, 2)).transpose()?,
        imported_at: parsed(&imported_at, 3)?,
        program: row.get(4)?,
        speakers: Vec::new(),
        turns: row.get::<_, i64>(5)? as usize,
        file_name: row.get(6)?,
        warnings: row.get::<_, i64>(7)? as usize,
        url: row.get(8)?,
        audio_url: row.get(9)?,
        station: row.get(10)?,
    })
}

/// A date or time column as hark wrote it.
fn parsed<T: std::str::FromStr>(text: &str, column: usize) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse().map_err(|e: T::Err| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Newest first, then by title, so the list reads like a news archive.
///
/// Sorts small keys, then moves each entry once: a catalog read in import
/// order is 100,000 entries of a hundred bytes or more, and moving them at
/// every step of the sort would cost more than the comparing.
pub fn sort(entries: &mut Vec<CatalogEntry>) {
    let mut keys: Vec<(Reverse<Date>, u128, usize)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (Reverse(e.sort_date()), title_head(&e.title), i))
        .collect();
    keys.sort_by(|a, b| {
        (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| {
            let (a, b) = (&entries[a.2], &entries[b.2]);
            (&a.title, &a.id).cmp(&(&b.title, &b.id))
        })
    });
    let mut slots: Vec<Option<CatalogEntry>> = entries.drain(..).map(Some).collect();
    entries.extend(keys.iter().filter_map(|&(.., i)| slots[i].take()));
}

/// Where a story goes in the list: sorting by this is `sort`'s order.
#[cfg(test)]
pub fn list_order<'a>(date: Date, title: &'a str, id: &'a str) -> impl Ord + 'a {
    (Reverse(date), title, id)
}

/// A title's first bytes as a number, in the same order as the titles
/// (no title holds a NUL): it settles most comparisons on its own, where
/// comparing the titles themselves would fetch each from far in memory.
fn title_head(title: &str) -> u128 {
    let mut head = [0; 16];
    let len = title.len().min(16);
    head[..len].copy_from_slice(&title.as_bytes()[..len]);
    u128::from_be_bytes(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read one at a time, the entries are the catalog read whole, in its
    /// order, each with its speakers in theirs.
    #[test]
    fn entries_read_one_at_a_time_are_the_catalog() {
        let dir = tempfile::tempdir().unwrap();
        let mut library = crate::library::Library::open(dir.path()).unwrap();
        for story in crate::library::samples::bundled() {
            library.add(&story).unwrap();
        }
        let mut streamed = Vec::new();
        library
            .each_entry(|entry| {
                streamed.push(entry);
                Ok::<(), LibraryError>(())
            })
            .unwrap();
        assert!(streamed.len() >= 3);
        assert!(streamed.iter().any(|e| e.speakers.len() >= 2));
        assert_eq!(streamed, read_all(library.db().conn()).unwrap());
    }

    #[test]
    fn sort_keeps_list_order_whatever_the_titles_share() {
        let titles = [
            "",
            "a",
            "ab",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnoq",
            "Zürich",
            "Zurich",
            "é",
            "b",
        ];
        let dates = [jiff::civil::date(2024, 1, 2), jiff::civil::date(2025, 6, 1)];
        let mut entries = Vec::new();
        for (i, title) in titles.iter().enumerate() {
            for date in dates {
                for id in ["0b", "0a"] {
                    entries.push(CatalogEntry {
                        id: format!("{id}{i}"),
                        title: title.to_string(),
                        date: Some(date),
                        imported_at: jiff::Timestamp::UNIX_EPOCH,
                        program: None,
                        speakers: Vec::new(),
                        turns: 0,
                        file_name: None,
                        warnings: 0,
                        url: None,
                        audio_url: None,
                        station: None,
                    });
                }
            }
        }
        let mut plainly = entries.clone();
        plainly.sort_by(|a, b| (b.date, &a.title, &a.id).cmp(&(a.date, &b.title, &b.id)));
        sort(&mut entries);
        assert_eq!(entries, plainly);
        let by_list_order = |a: &CatalogEntry, b: &CatalogEntry| {
            list_order(a.sort_date(), &a.title, &a.id).cmp(&list_order(
                b.sort_date(),
                &b.title,
                &b.id,
            ))
        };
        assert!(entries.is_sorted_by(|a, b| by_list_order(a, b).is_le()));
    }
}
