//! Windows over the library, for views that show a screen at a time: how
//! many stories, one page of the list, one page of a search's turns with
//! the total. The view asks for what is on screen; how the store answers
//! (the catalog read from the database, and its FTS5 index) stays behind these.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use super::{CatalogEntry, Library, LibraryError, search};
use crate::query::Filter;

/// One page of a search's matching speech turns, and how many there are
/// in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnsPage {
    pub total: usize,
    /// (story id, turn index), in list order, each story's turns in order.
    pub turns: Vec<(String, usize)>,
}

impl Library {
    /// How many stories, counted by the database unless the catalog is
    /// read already.
    pub fn story_count(&self) -> usize {
        if let Some(entries) = self.entries.get() {
            return entries.len();
        }
        self.db()
            .conn()
            .query_row("SELECT count(*) FROM stories", [], |row| {
                row.get::<_, i64>(0)
            })
            .map_or(0, |n| n as usize)
    }

    /// Up to `limit` list entries from the `offset`th, in list order.
    pub fn entries_page(&self, offset: usize, limit: usize) -> &[CatalogEntry] {
        let entries = self.entries();
        let start = offset.min(entries.len());
        &entries[start..start.saturating_add(limit).min(entries.len())]
    }

    /// Up to `limit` of the speech turns `filter` matches, from the
    /// `offset`th, with the total; None when cancelled.
    pub fn matching_turns_page(
        &self,
        filter: &Filter,
        offset: usize,
        limit: usize,
        cancel: &AtomicBool,
    ) -> Result<Option<TurnsPage>, LibraryError> {
        let Some(found) = search::matching_turns(self, filter, cancel)? else {
            return Ok(None);
        };
        let place: HashMap<&str, usize> = self
            .entries()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut stories: Vec<(String, Vec<usize>)> = found.into_iter().collect();
        stories.sort_by_key(|(id, _)| place.get(id.as_str()).copied().unwrap_or(usize::MAX));
        let all = stories
            .into_iter()
            .flat_map(|(id, turns)| turns.into_iter().map(move |t| (id.clone(), t)));
        let mut total = 0;
        let mut turns = Vec::new();
        for (i, turn) in all.enumerate() {
            total += 1;
            if i >= offset && turns.len() < limit {
                turns.push(turn);
            }
        }
        Ok(Some(TurnsPage { total, turns }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Query;
    use crate::story::parse::parse;

    fn story(title: &str, date: &str, body: &str) -> crate::story::Story {
        let text = format!("{title}\n\n{date}\n\n{body}");
        parse(text.as_bytes(), Some("t.txt"), jiff::Timestamp::UNIX_EPOCH).unwrap()
    }

    #[test]
    fn pages_follow_the_list_and_count_everything() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let older = story(
            "Alpha",
            "March 1, 2024",
            "ANA LIMA, HOST: Harbor one.\n\nBO REY: Harbor two.",
        );
        let newer = story(
            "Zulu",
            "May 2, 2024",
            "ANA LIMA, HOST: Harbor three.\n\nBO REY: Not here.",
        );
        lib.add(&older).unwrap();
        lib.add(&newer).unwrap();
        assert_eq!(lib.story_count(), 2);
        let titles =
            |page: &[CatalogEntry]| page.iter().map(|e| e.title.clone()).collect::<Vec<_>>();
        // Newest first, not by title.
        assert_eq!(titles(lib.entries_page(0, 1)), ["Zulu"]);
        assert_eq!(titles(lib.entries_page(1, 5)), ["Alpha"]);
        assert!(lib.entries_page(7, 5).is_empty());

        let filter = Query::parse("harbor").unwrap().bind(|_| false);
        let cancel = AtomicBool::new(false);
        let page = lib
            .matching_turns_page(&filter, 1, 1, &cancel)
            .unwrap()
            .unwrap();
        assert_eq!(page.total, 3);
        assert_eq!(page.turns, [(older.id.clone(), 0)]);
        let rest = lib
            .matching_turns_page(&filter, 1, 9, &cancel)
            .unwrap()
            .unwrap();
        assert_eq!(rest.turns, [(older.id.clone(), 0), (older.id.clone(), 1)]);
        cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(
            lib.matching_turns_page(&filter, 0, 9, &cancel).unwrap(),
            None
        );
    }
}
