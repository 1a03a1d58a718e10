//! The catalog: enough about every story to list it without opening it.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;

use super::indexes::{self, Index, Stamp};
use super::paths::Layout;
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

/// The catalog on disk, sorted, and the stamp it was written for.
pub fn read(layout: &Layout) -> Option<(Stamp, Vec<CatalogEntry>)> {
    // Imports append, so the lines are in import order: each core sorts its
    // part, and the last sort only merges the parts.
    let (stamp, mut entries) = indexes::read(layout, Index::Catalog, sort)?;
    sort(&mut entries);
    Some((stamp, entries))
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
