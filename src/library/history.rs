//! The reader's filter history, per view, kept between runs in one small
//! file in the library folder. It stands behind this one module so that
//! moving the reader's state into a database later touches nothing else.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::LibraryError;
use super::atomic;

const FILE_NAME: &str = "filter-history.json";

/// Filters kept per view at most; the oldest go first.
pub const LIMIT: usize = 100;

/// Filters as the reader kept them, oldest first, by view name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterHistory {
    views: BTreeMap<String, Vec<String>>,
}

impl FilterHistory {
    /// The history kept under `root`; empty when there is none yet, or
    /// when the file cannot be read (a history is not worth refusing to
    /// start over).
    pub fn load(root: &Path) -> FilterHistory {
        std::fs::read(root.join(FILE_NAME))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the history under `root`, whole or not at all.
    pub fn save(&self, root: &Path) -> Result<(), LibraryError> {
        let json = serde_json::to_vec(self).expect("strings always serialize");
        atomic::write_with(&root.join(FILE_NAME), |out| out.write_all(&json))
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
    fn a_missing_or_damaged_file_is_an_empty_history() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(FilterHistory::load(dir.path()), FilterHistory::default());
        std::fs::write(dir.path().join(FILE_NAME), b"{not json").unwrap();
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
