//! The catalog and the indexes kept in step with the story files: checked
//! against the stories folder on open, and rebuilt from the files when
//! they are missing, stale or of an older format.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

use super::catalog::{self, CatalogEntry};
use super::indexes::{self, Folding, Index, NewIndex, Stamp};
use super::lock::WriteLock;
use super::paths::Layout;
use super::placement::{IndexLines, json_line};
use super::store::{is_read_only, read, story_files};
use super::{Library, LibraryError, SpeakerIndex, atomic, pipeline};
use crate::story::Story;

impl Library {
    /// Checks the indexes against the stories folder and rebuilds them if
    /// they do not match. On opening a library that keeps its catalog, the
    /// catalog is read while the folder is listed: the two take about as
    /// long as each other. A write (`held`) never reads it.
    ///
    /// `held` is the write lock when the caller holds it already: a second
    /// lock on the same file from the same process would wait for itself.
    pub(super) fn open_indexes(&mut self, held: Option<&WriteLock>) -> Result<(), LibraryError> {
        let read_catalog = self.keeps_catalog && held.is_none();
        let layout = &self.layout;
        let (scan, catalog) = std::thread::scope(|scope| {
            let scan = scope.spawn(|| Stamp::scan(&layout.stories()));
            let catalog = read_catalog.then(|| catalog::read(layout));
            (scan.join().expect("the stamp does not panic"), catalog)
        });
        let (stamp, leftovers) = scan?;
        if held.is_none() && (leftovers || atomic::has_leftovers(&layout.root)) {
            self.clear_leftovers_if_free();
        }
        if !all_current(&self.layout, stamp) || catalog.as_ref().is_some_and(Option::is_none) {
            return self.rebuild(stamp, held);
        }
        self.adopt(stamp, catalog.flatten());
        Ok(())
    }

    /// Takes the indexes on disk as current for `stamp`, with the catalog
    /// if it was read for it.
    fn adopt(&mut self, stamp: Stamp, catalog: Option<(Stamp, Vec<CatalogEntry>)>) {
        if self.stamp != stamp {
            // Another process wrote since: what we hold is out of date.
            self.entries = OnceLock::new();
            self.speakers = OnceLock::new();
            self.stamp = stamp;
        }
        if let Some((written_for, entries)) = catalog
            && written_for == stamp
        {
            self.entries = OnceLock::from(entries);
        }
        self.on_disk = true;
    }

    /// Marks the indexes stale if the story file at `path` changed after
    /// they were last written: edited by hand, in place, which the stamp
    /// of the folder does not see. Only when no writer is at work.
    pub(super) fn notice_edited(&self, path: &Path) {
        let catalog = self.layout.index(Index::Catalog);
        let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
        // A file dated in the future (a skewed clock, `touch -d`) would
        // mark them stale on every read, and every open would rebuild.
        let edited = matches!(
            (modified(path), modified(&catalog)),
            (Some(story), Some(indexes)) if story > indexes && story <= SystemTime::now()
        );
        if edited
            && self.on_disk
            && let Ok(Some(_lock)) = WriteLock::try_acquire(&self.layout.lock())
        {
            let _ = indexes::restamp(&self.layout, Index::Catalog, Stamp::default());
        }
    }

    /// How many story files changed after the indexes were last written,
    /// looking at every one, with the indexes marked stale if any did: what
    /// `hark check` does, since a stat of every file on each open would
    /// double the cost of `hark list` (a story is also checked whenever it
    /// is read).
    pub fn notice_all_edited(&self) -> Result<usize, LibraryError> {
        let stories = self.layout.stories();
        let catalog = self.layout.index(Index::Catalog);
        let Ok(indexed) = fs::metadata(&catalog).and_then(|m| m.modified()) else {
            return Ok(0);
        };
        let now = SystemTime::now();
        let entries = fs::read_dir(&stories).map_err(|e| LibraryError::io(&stories, e))?;
        let edited = entries
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .filter_map(|e| e.metadata().and_then(|m| m.modified()).ok())
            .filter(|&modified| modified > indexed && modified <= now)
            .count();
        if edited > 0
            && self.on_disk
            && let Ok(Some(_lock)) = WriteLock::try_acquire(&self.layout.lock())
        {
            indexes::restamp(&self.layout, Index::Catalog, Stamp::default())?;
        }
        Ok(edited)
    }

    /// Clears temp files that killed writers left, if no writer is at work
    /// now (a live one owns its temp files); a reader killed during a
    /// rebuild leaves them too, and they can be large.
    fn clear_leftovers_if_free(&self) {
        if let Ok(Some(_lock)) = WriteLock::try_acquire(&self.layout.lock()) {
            atomic::clear_leftovers(&self.layout.stories());
            atomic::clear_leftovers(&self.layout.root);
        }
    }

    /// The catalog on disk, or, if it no longer matches, one made from the
    /// story files (kept in memory; the next write saves it).
    pub(super) fn read_catalog(&self) -> Vec<CatalogEntry> {
        if self.on_disk
            && let Some((stamp, entries)) = catalog::read(&self.layout)
            && stamp == self.stamp
        {
            return entries;
        }
        let mut entries = Vec::new();
        self.each_story(|story| entries.push(CatalogEntry::of(&story)));
        catalog::sort(&mut entries);
        entries
    }

    /// The speaker index on disk, or, if it does not match the catalog, one
    /// made from the story files (kept in memory; the next write saves it).
    pub(super) fn read_speakers(&self) -> SpeakerIndex {
        let folding = Folding {
            each: |index: &mut SpeakerIndex, line: &[u8]| {
                serde_json::from_slice(line)
                    .map(|record| index.add_record(record))
                    .is_ok()
            },
            settle: |_: &mut SpeakerIndex| {},
            merge: SpeakerIndex::merge,
        };
        let on_disk = self
            .on_disk
            .then(|| indexes::fold(&self.layout, Index::Speakers, folding));
        match on_disk.flatten() {
            Some((stamp, index)) if stamp == self.stamp => index,
            _ => {
                let mut index = SpeakerIndex::default();
                self.each_story(|story| index.add(&story));
                index
            }
        }
    }

    fn each_story(&self, mut each: impl FnMut(Story)) {
        let files = story_files(&self.layout.stories()).unwrap_or_default();
        files
            .iter()
            .filter_map(|f| read(f).ok())
            .for_each(&mut each);
    }

    /// Reads every story file and writes the catalog and indexes anew,
    /// reading on every core. A reader that cannot write them (a read-only
    /// library, a full disk) keeps the catalog in memory only, and reads
    /// the rest from the story files; a write (`held`) fails instead.
    fn rebuild(&mut self, stamp: Stamp, held: Option<&WriteLock>) -> Result<(), LibraryError> {
        let lock = match held {
            Some(_) => None,
            None => WriteLock::acquire(&self.layout.lock()).ok(),
        };
        let mut stamp = stamp;
        if lock.is_some() {
            // A writer we waited for may have brought them up to date.
            let now = Stamp::of(&self.layout.stories())?;
            if now != stamp && all_current(&self.layout, now) {
                self.adopt(now, None);
                return Ok(());
            }
            stamp = now;
        }
        let out = match held.is_some() || lock.is_some() {
            true => match NewIndexes::create(&self.layout, stamp) {
                Ok(out) => Some(out),
                // A write into a read-only library goes on to fail on the
                // story it writes, which says more.
                Err(err) if held.is_some() && !is_read_only(&err) => return Err(err),
                Err(_) => None,
            },
            false => None,
        };
        let (entries, out) = self.read_every_story(out, held.is_some())?;
        self.on_disk = match out.map(|out| out.commit(&entries)) {
            Some(Ok(())) => {
                remove_older_formats(&self.layout);
                true
            }
            Some(Err(err)) if held.is_some() => return Err(err),
            _ => false,
        };
        self.entries = match self.keeps_catalog {
            true => OnceLock::from(entries),
            false => OnceLock::new(),
        };
        self.speakers = OnceLock::new();
        self.stamp = stamp;
        Ok(())
    }

    /// Every story's catalog entry, sorted, with its index lines written
    /// to `out` on the way. Damaged files become `problems`. If `out`
    /// fails, a write (`must_write`) fails with it; a reader drops it
    /// (its temp files go) and reads on.
    fn read_every_story(
        &mut self,
        mut out: Option<NewIndexes>,
        must_write: bool,
    ) -> Result<(Vec<CatalogEntry>, Option<NewIndexes>), LibraryError> {
        let files = story_files(&self.layout.stories())?;
        let mut entries = Vec::new();
        let mut failed = None;
        self.problems.clear();
        let prepare =
            |path: PathBuf| read(&path).map(|s| (CatalogEntry::of(&s), IndexLines::of(&s)));
        pipeline::in_order(files.into_iter(), prepare, |story| match story {
            Ok((entry, lines)) => {
                entries.push(entry);
                if let Some(Err(err)) = out.as_mut().map(|out| out.append(&lines)) {
                    out = None;
                    failed.get_or_insert(err);
                }
            }
            Err(err) => self.problems.push(err),
        });
        if let Some(err) = failed.filter(|_| must_write) {
            return Err(err);
        }
        catalog::sort(&mut entries);
        Ok((entries, out))
    }
}

/// Whether every index on disk was written for `stamp` and is whole.
fn all_current(layout: &Layout, stamp: Stamp) -> bool {
    Index::ALL
        .iter()
        .all(|&index| indexes::is_current(layout, index, stamp))
}

/// Format 1 kept the catalog and speaker index as single JSON documents.
fn remove_older_formats(layout: &Layout) {
    for name in ["catalog.json", "speakers.json"] {
        let _ = fs::remove_file(layout.root.join(name));
    }
}

/// A rebuild's indexes, written beside the old ones and renamed over them
/// once whole.
struct NewIndexes {
    speakers: NewIndex,
    packed: NewIndex,
    catalog: NewIndex,
}

impl NewIndexes {
    fn create(layout: &Layout, stamp: Stamp) -> Result<NewIndexes, LibraryError> {
        Ok(NewIndexes {
            speakers: NewIndex::create(layout, Index::Speakers, stamp)?,
            packed: NewIndex::create(layout, Index::Packed, stamp)?,
            catalog: NewIndex::create(layout, Index::Catalog, stamp)?,
        })
    }

    fn append(&mut self, lines: &IndexLines) -> Result<(), LibraryError> {
        self.speakers.append(&lines.speakers)?;
        self.packed.append(lines.packed.as_bytes())
    }

    /// The catalog goes last, in its sorted order, so that it vouches for
    /// the others (see `Index::ALL`).
    fn commit(mut self, entries: &[CatalogEntry]) -> Result<(), LibraryError> {
        self.packed.commit()?;
        self.speakers.commit()?;
        for entry in entries {
            self.catalog.append(&json_line(entry))?;
        }
        self.catalog.commit()
    }
}
