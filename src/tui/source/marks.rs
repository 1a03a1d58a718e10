//! The reader's marks on stories: which they have read and which they
//! starred, as newsboat keeps them. The TUI keeps its own copy (see
//! `app::marks`) and asks a `Marks` to keep each change; a source that
//! keeps marks hands one out through `Stories::marks`. `LibraryMarks`
//! keeps them in the library's database, `MemoryMarks` for one run.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::library::state::ReaderState;

use super::SourceError;
use super::reader::LazyReaderState;

/// Every story read and every story starred, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkSet {
    pub read: HashSet<String>,
    pub starred: HashSet<String>,
}

impl MarkSet {
    pub(crate) fn is_read(&self, id: &str) -> bool {
        self.read.contains(id)
    }

    pub(crate) fn is_starred(&self, id: &str) -> bool {
        self.starred.contains(id)
    }

    /// Sets or clears `mark` on story `id`.
    pub(crate) fn set(&mut self, id: &str, mark: Mark, on: bool) {
        let set = match mark {
            Mark::Read => &mut self.read,
            Mark::Starred => &mut self.starred,
        };
        match on {
            true => set.insert(id.to_string()),
            false => set.remove(id),
        };
    }
}

/// Which stories the story list shows; `u` cycles through them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListShow {
    #[default]
    All,
    Unread,
    Starred,
}

impl ListShow {
    pub(crate) fn next(self) -> ListShow {
        match self {
            ListShow::All => ListShow::Unread,
            ListShow::Unread => ListShow::Starred,
            ListShow::Starred => ListShow::All,
        }
    }

    /// How the list's title names the stories shown; none for all.
    pub(crate) fn label(self) -> Option<&'static str> {
        match self {
            ListShow::All => None,
            ListShow::Unread => Some("unread"),
            ListShow::Starred => Some("starred"),
        }
    }

    /// What the list's title calls the stories it shows.
    pub(crate) fn title(self) -> &'static str {
        match self {
            ListShow::All => "Stories",
            ListShow::Unread => "Unread",
            ListShow::Starred => "Starred",
        }
    }

    /// Whether a story with these marks shows.
    pub(crate) fn keeps(self, marks: &MarkSet, id: &str) -> bool {
        match self {
            ListShow::All => true,
            ListShow::Unread => !marks.is_read(id),
            ListShow::Starred => marks.is_starred(id),
        }
    }
}

/// One kind of mark a story can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Read,
    Starred,
}

/// Where the reader's marks are kept between runs.
pub trait Marks {
    /// Every mark as kept now: read at start and again on a reload, so
    /// marks another hark made show up.
    fn all(&mut self) -> Result<MarkSet, SourceError>;
    /// Sets (`on`) or clears `mark` on story `id`.
    fn set(&mut self, id: &str, mark: Mark, on: bool) -> Result<(), SourceError>;
}

/// Marks kept in memory: for stories named on the command line, the
/// samples, and tests. Clones share one set, so a test can start a second
/// TUI over the marks the first one made, as a restart would.
#[derive(Debug, Clone, Default)]
pub struct MemoryMarks {
    marks: Arc<Mutex<MarkSet>>,
}

impl MemoryMarks {
    /// The marks as they stand, without a `&mut`: for a test that
    /// shares them with an App.
    pub(crate) fn now(&self) -> MarkSet {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MarkSet> {
        // A panic elsewhere cannot leave a set of ids half-changed.
        self.marks
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

impl Marks for MemoryMarks {
    fn all(&mut self) -> Result<MarkSet, SourceError> {
        Ok(self.now())
    }

    fn set(&mut self, id: &str, mark: Mark, on: bool) -> Result<(), SourceError> {
        self.lock().set(id, mark, on);
        Ok(())
    }
}

/// Marks kept in the library's database with the reader's other state,
/// so they outlive the run and two harks on one library share them.
/// Reading them creates nothing (a library with no database yet has no
/// marks, and a read-only one is read as it is); the first mark set
/// opens the database to write, and a failure says so on the status line.
pub(crate) struct LibraryMarks {
    state: LazyReaderState,
}

impl LibraryMarks {
    pub(crate) fn new(root: &Path) -> LibraryMarks {
        LibraryMarks {
            state: LazyReaderState::new(root),
        }
    }

    fn state(&mut self) -> Result<&mut ReaderState, SourceError> {
        self.state.get()
    }
}

impl Marks for LibraryMarks {
    fn all(&mut self) -> Result<MarkSet, SourceError> {
        let Some(state) = self.state.peek()? else {
            return Ok(MarkSet::default());
        };
        Ok(MarkSet {
            read: state.read()?.into_iter().collect(),
            starred: state.starred()?.into_iter().collect(),
        })
    }

    fn set(&mut self, id: &str, mark: Mark, on: bool) -> Result<(), SourceError> {
        let state = self.state()?;
        match (mark, on) {
            (Mark::Read, true) => state.mark_read(id),
            (Mark::Read, false) => state.mark_unread(id),
            (Mark::Starred, true) => state.star(id),
            (Mark::Starred, false) => state.unstar(id),
        }?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_marks_and_clearing_clears_one_kind() {
        let mut first = MemoryMarks::default();
        let second = first.clone();
        first.set("a", Mark::Read, true).unwrap();
        first.set("a", Mark::Starred, true).unwrap();
        first.set("b", Mark::Starred, true).unwrap();
        first.set("a", Mark::Starred, false).unwrap();
        let seen = second.now();
        assert!(seen.is_read("a") && !seen.is_read("b"));
        assert!(!seen.is_starred("a") && seen.is_starred("b"));
    }

    #[test]
    fn library_marks_outlive_the_marks_that_made_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = LibraryMarks::new(dir.path());
        first.set("a", Mark::Read, true).unwrap();
        first.set("b", Mark::Read, true).unwrap();
        first.set("b", Mark::Starred, true).unwrap();
        first.set("a", Mark::Read, false).unwrap();
        drop(first);
        let seen = LibraryMarks::new(dir.path()).all().unwrap();
        assert_eq!(seen.read, HashSet::from(["b".to_string()]));
        let none = tempfile::tempdir().unwrap();
        let nothing = LibraryMarks::new(none.path()).all().unwrap();
        assert_eq!(nothing, MarkSet::default());
        assert!(std::fs::read_dir(none.path()).unwrap().next().is_none());
        assert_eq!(seen.starred, HashSet::from(["b".to_string()]));
    }
}
