//! A write to the library: under the lock, on the library as it is on
//! disk now, story files first, index lines after, headers restamped last.

use std::fs;
use std::io::Write;
use std::sync::OnceLock;

use super::catalog::{self, CatalogEntry};
use super::indexes::{self, Appender, Index, Stamp};
use super::lock::WriteLock;
use super::paths::Layout;
use super::placement::{Encoded, IndexLines, Placed, Placing};
use super::{Imported, Library, LibraryError, atomic};
use crate::story::Story;

impl Library {
    /// Runs `change` holding the write lock, on the library as it is on
    /// disk now (another process may have written since we opened it), and
    /// restamps the indexes after.
    pub(super) fn write<T>(
        &mut self,
        change: impl FnOnce(&mut Txn) -> Result<T, LibraryError>,
    ) -> Result<T, LibraryError> {
        atomic::create_private_dir(&self.layout.root)?;
        let lock = WriteLock::acquire(&self.layout.lock())?;
        atomic::clear_leftovers(&self.layout.stories());
        atomic::clear_leftovers(&self.layout.root);
        atomic::clear_leftovers(&self.layout.originals());
        atomic::clear_leftovers(&self.layout.corrections());
        self.open_indexes(Some(&lock))?;
        let mut txn = Txn {
            library: self,
            appenders: Vec::new(),
            changed: false,
            broken: false,
        };
        let result = change(&mut txn);
        txn.finish()?;
        result
    }
}

/// A write in progress: story files first, index lines after, headers
/// restamped last. A kill at any point leaves either the old state or a
/// stale one that the next open rebuilds.
pub struct Txn<'a> {
    library: &'a mut Library,
    /// Opened at the first story added.
    appenders: Vec<(Index, Appender)>,
    changed: bool,
    /// An index line failed to go in: the headers are left stale, so the
    /// next open rebuilds the indexes rather than trust them.
    broken: bool,
}

impl Txn<'_> {
    pub fn layout(&self) -> &Layout {
        &self.library.layout
    }

    /// The catalog as it is on disk now, under the lock.
    pub fn entries(&self) -> &[CatalogEntry] {
        self.library.entries()
    }

    pub fn load(&self, id: &str) -> Result<Story, LibraryError> {
        self.library.load(id)
    }

    pub fn add(&mut self, story: &Story) -> Result<Imported, LibraryError> {
        let encoded = Encoded::of(story);
        let placing = Placing::default();
        let placed = encoded.place(self.layout(), &story.id, &placing)?;
        self.add_placed(story, &encoded.lines, placed, &placing)
    }

    /// Takes in a story whose file a worker has put in place (see
    /// `Encoded::place`), appending its index lines.
    pub fn add_placed(
        &mut self,
        story: &Story,
        lines: &IndexLines,
        placed: Placed,
        placing: &Placing,
    ) -> Result<Imported, LibraryError> {
        if placed == Placed::AlreadyThere {
            return Ok(Imported::AlreadyPresent);
        }
        placing.release(&story.id);
        self.changed = true;
        if placed == Placed::OverDamaged {
            self.forget(&story.id)?;
        }
        self.append(lines)?;
        if let Some(entries) = self.library.entries.get_mut() {
            entries.push(CatalogEntry::of(story));
        }
        if let Some(speakers) = self.library.speakers.get_mut() {
            speakers.add(story);
        }
        Ok(Imported::Added)
    }

    /// Takes story `id`'s lines out of every index, as for a story whose
    /// damaged file is being replaced: its old lines may still be there,
    /// and the new ones must not join them.
    fn forget(&mut self, id: &str) -> Result<(), LibraryError> {
        let closed = self.close_appenders();
        self.note_failure(closed)?;
        for index in Index::ALL {
            let removed = indexes::remove_story(&self.library.layout, index, id);
            self.note_failure(removed)?;
        }
        if let Some(entries) = self.library.entries.get_mut() {
            entries.retain(|e| e.id != id);
        }
        // Who spoke in the damaged file cannot be read back to take away.
        self.library.speakers = OnceLock::new();
        Ok(())
    }

    fn append(&mut self, lines: &IndexLines) -> Result<(), LibraryError> {
        if self.appenders.is_empty() {
            for index in Index::ALL {
                let appender = Appender::open(&self.library.layout, index);
                let appender = self.note_failure(appender)?;
                self.appenders.push((index, appender));
            }
        }
        let mut appended = Ok(());
        for (index, appender) in &mut self.appenders {
            appended = appended.and_then(|()| appender.append(lines.of_index(*index)));
        }
        self.note_failure(appended)
    }

    pub fn remove(&mut self, prefix: &str) -> Result<CatalogEntry, LibraryError> {
        let entry = self.library.find(prefix)?.clone();
        let story = self.library.load(&entry.id)?;
        let path = self.library.layout.story(&entry.id)?;
        let closed = self.close_appenders();
        self.note_failure(closed)?;
        fs::remove_file(&path).map_err(|e| LibraryError::io(&path, e))?;
        self.changed = true;
        if let Some(entries) = self.library.entries.get_mut() {
            entries.retain(|e| e.id != entry.id);
        }
        for index in Index::ALL {
            let removed = indexes::remove_story(&self.library.layout, index, &entry.id);
            self.note_failure(removed)
                .map_err(|source| LibraryError::IndexesBehind {
                    removed: Box::new(entry.clone()),
                    source: Box::new(source),
                })?;
        }
        if let Some(speakers) = self.library.speakers.get_mut() {
            speakers.remove(&story);
        }
        Ok(entry)
    }

    /// Puts a re-derived story over the stored one of the same id, and
    /// swaps its index lines. The indexes are marked stale first, so a
    /// write killed part way leaves them to be rebuilt at the next open.
    pub fn replace(&mut self, story: &Story) -> Result<(), LibraryError> {
        let old = self.library.load(&story.id)?;
        let closed = self.close_appenders();
        self.note_failure(closed)?;
        self.mark_indexes_stale()?;
        self.overwrite(story)?;
        self.changed = true;
        for index in Index::ALL {
            let removed = indexes::remove_story(&self.library.layout, index, &story.id);
            self.note_failure(removed)?;
        }
        if let Some(entries) = self.library.entries.get_mut() {
            entries.retain(|e| e.id != story.id);
            entries.push(CatalogEntry::of(story));
        }
        if let Some(speakers) = self.library.speakers.get_mut() {
            speakers.remove(&old);
            speakers.add(story);
        }
        self.append(&IndexLines::of(story))
    }

    /// Stamps the indexes as written for no folder, so that the next open
    /// rebuilds them unless this write restamps them at its end.
    pub fn mark_indexes_stale(&mut self) -> Result<(), LibraryError> {
        for index in Index::ALL {
            let marked = indexes::restamp(&self.library.layout, index, Stamp::default());
            self.note_failure(marked)?;
        }
        Ok(())
    }

    /// Writes a story's file over the stored one, for a caller that has
    /// marked the indexes stale and rebuilds them once after many
    /// (`replace` rewrites every index for each story).
    pub fn overwrite(&mut self, story: &Story) -> Result<(), LibraryError> {
        let path = self.library.layout.story(&story.id)?;
        let json = serde_json::to_vec(story).expect("a story serializes");
        atomic::write_with(&path, |out| out.write_all(&json))
    }

    fn note_failure<T>(&mut self, result: Result<T, LibraryError>) -> Result<T, LibraryError> {
        self.broken |= result.is_err();
        result
    }

    fn close_appenders(&mut self) -> Result<(), LibraryError> {
        self.appenders
            .drain(..)
            .try_for_each(|(_, appender)| appender.close())
    }

    fn finish(mut self) -> Result<(), LibraryError> {
        let closed = self.close_appenders();
        self.note_failure(closed)?;
        if self.broken {
            // Left stale on disk: reads come from the story files.
            self.library.on_disk = false;
        }
        if !self.changed || self.broken {
            return Ok(());
        }
        let layout = &self.library.layout;
        let stamp = Stamp::of(&layout.stories())?;
        for index in Index::ALL {
            indexes::restamp(layout, index, stamp)?;
        }
        self.library.stamp = stamp;
        if let Some(entries) = self.library.entries.get_mut() {
            catalog::sort(entries);
        }
        Ok(())
    }
}
