//! The store, and the only layer that touches the disk. It may use `story`
//! and `query` (it runs queries over the store: `search`).
//!
//! One JSON file per story is still the source of truth; the catalog and
//! the indexes beside it are rebuilt from those files whenever they are
//! missing, stale or old. The SQLite database beside them (`db`, schema in
//! `schema_1.sql`) holds the reader's state (`state`), the filter history
//! and the feeds, taken over from their old files once (`migrate`); its
//! story rows (`rows`) and FTS5 search (`search::indexed`) are ready for
//! the stories to move in (issue 17).

mod atomic;
pub mod catalog;
pub mod corrections;
pub mod db;
mod error;
pub mod feeds;
pub mod history;
pub mod import;
mod indexes;
mod lock;
pub mod migrate;
pub mod originals;
pub mod packed;
mod paths;
mod pipeline;
mod placement;
mod reading;
mod rebuild;
mod revise;
pub mod rows;
pub mod samples;
mod scan;
pub mod search;
pub mod speakers;
pub mod state;
mod store;
mod txn;
pub mod web;
mod window;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use catalog::CatalogEntry;
pub use corrections::{Corrections, SpeakerFix};
pub use error::{ImportError, LibraryError};
pub use import::{read_stories, read_story};
pub use lock::on_wait;
pub use paths::default_root;
pub use revise::Reparsed;
pub use speakers::SpeakerIndex;
pub use store::from_json as story_from_json;
pub use window::{
    PeopleAsk, PeopleOrder, PeoplePage, TurnScores, TurnsPage, Words, people_page, story_relevance,
};

use indexes::Stamp;
use paths::Layout;

use crate::story::Story;

/// An open library: its catalog and speaker index read when first needed,
/// its stories on disk.
#[derive(Debug)]
pub struct Library {
    layout: Layout,
    entries: OnceLock<Vec<CatalogEntry>>,
    /// False when opened lazily: the catalog is then read only if asked
    /// for, never kept from a rebuild, so that it is not held (and grown)
    /// through an import.
    keeps_catalog: bool,
    /// Read on first use: listing and opening a story never need it, and at
    /// 100,000 stories it is most of what opening would read.
    speakers: OnceLock<SpeakerIndex>,
    stamp: Stamp,
    /// Whether the indexes on disk are current. When they are stale and
    /// could not be rewritten (a read-only library, a full disk), the
    /// catalog, the speakers and searches come from the story files.
    on_disk: bool,
    /// Story files that could not be read, each costing only that story.
    problems: Vec<LibraryError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Added,
    AlreadyPresent,
}

impl Library {
    /// Opens the library at `root`, creating it (private to its owner) if
    /// needed, and reads its catalog. A read-only library opens for reading.
    pub fn open(root: impl Into<PathBuf>) -> Result<Library, LibraryError> {
        Library::open_with(root.into(), true)
    }

    /// Opens the library without reading its catalog, which is read only if
    /// asked for: for adding stories (an import's memory must not grow with
    /// the library) and for searches that never list it.
    pub fn open_lazily(root: impl Into<PathBuf>) -> Result<Library, LibraryError> {
        Library::open_with(root.into(), false)
    }

    fn open_with(root: PathBuf, read_catalog: bool) -> Result<Library, LibraryError> {
        let layout = Layout { root };
        if !layout.stories().is_dir() {
            atomic::create_private_dir(&layout.stories())?;
        }
        let mut library = Library {
            layout,
            entries: OnceLock::new(),
            keeps_catalog: read_catalog,
            speakers: OnceLock::new(),
            stamp: Stamp::default(),
            on_disk: false,
            problems: Vec::new(),
        };
        library.open_indexes(None)?;
        library.migrate_if_due()?;
        Ok(library)
    }

    /// Moves the old files the database takes over into it, on the first
    /// open that finds them (see `migrate`). A library that may not be
    /// written to keeps them, and reads them as they are.
    fn migrate_if_due(&self) -> Result<(), LibraryError> {
        if !migrate::is_due(&self.layout.root) {
            return Ok(());
        }
        match migrate::run(&self.layout.root) {
            Err(err) if db::is_permission(&err) => Ok(()),
            migrated => migrated,
        }
    }

    pub fn root(&self) -> &Path {
        &self.layout.root
    }

    /// The stories folder's modification time, in nanoseconds: it moves
    /// whenever a story is added or removed, by any process.
    /// Whether the library at `root` holds any story file: one look at its
    /// stories folder, for a screen showing the samples to ask every
    /// second.
    pub fn has_stories(root: &Path) -> bool {
        let stories = Layout {
            root: root.to_path_buf(),
        }
        .stories();
        std::fs::read_dir(stories).is_ok_and(|mut entries| {
            entries.any(|e| e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json")))
        })
    }

    pub fn folder_time(&self) -> Option<u128> {
        let modified = std::fs::metadata(self.layout.stories()).and_then(|m| m.modified());
        let since_epoch = modified.ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(since_epoch.as_nanos())
    }

    /// Whether stories were added or removed since this library was opened,
    /// by another process say: one look at the stories folder's time, so
    /// that it can be asked every few seconds.
    pub fn changed_on_disk(&self) -> bool {
        self.folder_time()
            .is_some_and(|t| t != self.stamp.modified_ns)
    }

    /// Newest first, then by title.
    pub fn entries(&self) -> &[CatalogEntry] {
        self.entries.get_or_init(|| self.read_catalog())
    }

    /// Hands the catalog over to a caller that keeps its own copy, such as
    /// the TUI's story list; the library reads it again if asked.
    pub fn take_entries(&mut self) -> Vec<CatalogEntry> {
        self.entries();
        self.entries.take().unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    pub fn speakers(&self) -> &SpeakerIndex {
        self.speakers.get_or_init(|| self.read_speakers())
    }

    /// The reader's state (read marks, stars, the quote sheet), in the
    /// library's database.
    pub fn reader_state(&self) -> Result<state::ReaderState, LibraryError> {
        state::ReaderState::open(&self.layout.root)
    }

    /// Damaged story files met while rebuilding the catalog.
    pub fn problems(&self) -> &[LibraryError] {
        &self.problems
    }

    /// Reads a story from its file. A file edited in place since the
    /// indexes were written marks them stale, so the next open rebuilds
    /// them (noticing that on every open would mean a stat a story).
    pub fn load(&self, id: &str) -> Result<Story, LibraryError> {
        let path = self.layout.story(id)?;
        let story = store::read(&path)?;
        self.notice_edited(&path);
        Ok(story)
    }

    /// The entry a unique id prefix names.
    pub fn find(&self, prefix: &str) -> Result<&CatalogEntry, LibraryError> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.is_empty() || !paths::is_story_id(&prefix) {
            return Err(LibraryError::UnknownId(prefix));
        }
        let mut matches = self.entries().iter().filter(|e| e.id.starts_with(&prefix));
        match (matches.next(), matches.next()) {
            (Some(entry), None) => Ok(entry),
            (None, _) => Err(LibraryError::UnknownId(prefix)),
            (Some(a), Some(b)) => {
                // Each candidate with its title, so the reader can tell
                // which one was meant.
                let named = |e: &CatalogEntry| {
                    format!(
                        "{} “{}”",
                        e.id,
                        crate::story::sanitize::clean_line(&e.title)
                    )
                };
                let mut candidates = vec![named(a), named(b)];
                candidates.extend(matches.map(named));
                Err(LibraryError::AmbiguousId {
                    prefix,
                    matches: candidates,
                })
            }
        }
    }

    /// Every story, read one at a time; a damaged file costs only itself.
    pub fn stories(&self) -> impl Iterator<Item = Result<Story, LibraryError>> + '_ {
        self.entries().iter().map(|e| self.load(&e.id))
    }

    /// Stores one story, with the reader's corrections to it if there are
    /// any (kept from before it was removed); a story already there is
    /// left as it is.
    pub fn add(&mut self, story: &Story) -> Result<Imported, LibraryError> {
        let corrections = corrections::read(&self.layout, &story.id)?;
        if corrections.is_empty() {
            return self.write(|txn| txn.add(story));
        }
        let mut corrected = story.clone();
        corrections.apply(&mut corrected);
        self.write(|txn| txn.add(&corrected))
    }

    /// Stores a story shown from memory (a file opened without importing
    /// it, a bundled sample) with its original, which is kept only if it
    /// still parses to this story.
    pub fn add_with_original(
        &mut self,
        story: &Story,
        original: Option<&[u8]>,
    ) -> Result<Imported, LibraryError> {
        let name = story.source.file_name.as_deref();
        let parsed = original.and_then(|bytes| {
            let again = crate::story::parse::parse_all(bytes, name, story.imported_at).ok()?;
            again.iter().any(|s| s.id == story.id).then_some(bytes)
        });
        if let Some(bytes) = parsed {
            originals::save(&self.layout, &story.id, bytes)?;
        }
        self.add(story)
    }

    /// Removes a story and its original. The reader's corrections stay,
    /// so that importing the story again brings them back.
    pub fn remove(&mut self, id: &str) -> Result<CatalogEntry, LibraryError> {
        let entry = self.write(|txn| txn.remove(id))?;
        originals::remove(&self.layout, &entry.id)?;
        Ok(entry)
    }
}

#[cfg(test)]
mod tests;
