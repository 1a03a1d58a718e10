//! The reader's filter history, per view, kept between runs in the
//! library's database (before it, in `filter-history.json`, which the
//! database takes over once: see `migrate`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

use super::LibraryError;
use super::db::Database;

/// Where history was kept before the database.
pub const LEGACY_FILE: &str = "filter-history.json";

/// Filters kept per view at most; the oldest go first.
pub const LIMIT: usize = 100;

/// Filters as the reader kept them, oldest first, by view name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterHistory {
    views: BTreeMap<String, Vec<String>>,
}

impl FilterHistory {
    /// The history kept under `root`; empty when there is none yet, or
    /// when it cannot be read (a history is not worth refusing to start
    /// over). A library that cannot take a database (read-only) still
    /// shows a history kept in the old file.
    pub fn load(root: &Path) -> FilterHistory {
        let from_database = || -> Result<Option<FilterHistory>, LibraryError> {
            let Some(db) = Database::open_for_reading(root)? else {
                return Ok(None);
            };
            read(db.conn()).map(Some).map_err(|e| db.error(e))
        };
        from_database()
            .ok()
            .flatten()
            .or_else(|| read_legacy(&root.join(LEGACY_FILE)).ok().flatten())
            .unwrap_or_default()
    }

    /// Writes the history under `root`, whole or not at all.
    pub fn save(&self, root: &Path) -> Result<(), LibraryError> {
        Database::open(root)?.write(|txn| {
            txn.execute("DELETE FROM filter_history", [])?;
            insert(txn, self)
        })
    }

    /// The filters kept in `view`, oldest first.
    pub fn entries(&self, view: &str) -> &[String] {
        self.views.get(view).map_or(&[], Vec::as_slice)
    }

    /// Keeps `text` as the newest filter of `view`; an earlier copy of it
    /// moves up rather than repeating. Blank text is not kept.
    pub fn push(&mut self, view: &str, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let kept = self.views.entry(view.to_string()).or_default();
        kept.retain(|t| t != text);
        kept.push(text.to_string());
        if kept.len() > LIMIT {
            kept.drain(..kept.len() - LIMIT);
        }
    }
}

fn read(conn: &rusqlite::Connection) -> rusqlite::Result<FilterHistory> {
    let mut statement = conn.prepare("SELECT view, text FROM filter_history ORDER BY id")?;
    let mut rows = statement.query([])?;
    let mut history = FilterHistory::default();
    while let Some(row) = rows.next()? {
        let view: String = row.get(0)?;
        history.views.entry(view).or_default().push(row.get(1)?);
    }
    Ok(history)
}

fn insert(txn: &Transaction, history: &FilterHistory) -> rusqlite::Result<()> {
    let mut add =
        txn.prepare("INSERT OR IGNORE INTO filter_history (view, text) VALUES (?1, ?2)")?;
    for (view, texts) in &history.views {
        for text in texts {
            add.execute([view, text])?;
        }
    }
    Ok(())
}

/// The history in the old file, if there is one. A damaged one is no
/// history, as it always was.
fn read_legacy(path: &Path) -> Result<Option<FilterHistory>, LibraryError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes).unwrap_or_default())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(LibraryError::io(path, err)),
    }
}

/// The old file's history, read now, to go into the database within the
/// migration's transaction (`migrate`); the file to remove once it has.
pub(super) fn take_over(root: &Path) -> Result<Option<Legacy>, LibraryError> {
    let path = root.join(LEGACY_FILE);
    Ok(read_legacy(&path)?.map(|history| Legacy { path, history }))
}

pub(super) struct Legacy {
    pub path: PathBuf,
    history: FilterHistory,
}

impl Legacy {
    pub fn insert(&self, txn: &Transaction) -> rusqlite::Result<()> {
        insert(txn, &self.history)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_survives_a_save_and_load_and_keeps_each_filter_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut history = FilterHistory::default();
        history.push("list", "aleppo");
        history.push("list", "@earnest ");
        history.push("list", "aleppo");
        history.push("quotes", "syria");
        history.push("quotes", "  ");
        history.save(dir.path()).unwrap();
        let loaded = FilterHistory::load(dir.path());
        assert_eq!(loaded.entries("list"), ["@earnest", "aleppo"]);
        assert_eq!(loaded.entries("quotes"), ["syria"]);
        assert!(loaded.entries("speakers").is_empty());
    }

    #[test]
    fn a_missing_or_damaged_store_is_an_empty_history() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(FilterHistory::load(dir.path()), FilterHistory::default());
        std::fs::write(dir.path().join(LEGACY_FILE), b"{not json").unwrap();
        assert_eq!(FilterHistory::load(dir.path()), FilterHistory::default());
        std::fs::write(dir.path().join(crate::library::db::FILE_NAME), b"garbage").unwrap();
        assert_eq!(FilterHistory::load(dir.path()), FilterHistory::default());
    }

    #[test]
    fn only_the_newest_filters_are_kept() {
        let mut history = FilterHistory::default();
        for i in 0..LIMIT + 5 {
            history.push("list", &format!("word{i}"));
        }
        let kept = history.entries("list");
        assert_eq!(kept.len(), LIMIT);
        assert_eq!(kept[0], "word5");
    }
}
