//! Reading and writing story files, the catalog and the indexes, and
//! keeping them in step.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use super::atomic::Staged;
use super::catalog::{self, CatalogEntry, Stamp};
use super::indexes::{self, Appender, Folding, Index, NewIndex};
use super::lock::WriteLock;
use super::paths::{self, Layout};
use super::speakers::StorySpeakers;
use super::{Imported, Library, LibraryError, SpeakerIndex, atomic, packed, pipeline};
use crate::story::{FORMAT_VERSION, Story};

/// Reads one story file, refusing damaged files and newer formats by name.
pub fn read(path: &Path) -> Result<Story, LibraryError> {
    let bytes = fs::read(path).map_err(|e| LibraryError::io(path, e))?;
    let damaged = |reason: String| LibraryError::Damaged {
        path: path.to_path_buf(),
        reason,
    };
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| damaged(e.to_string()))?;
    let found = value
        .get("format_version")
        .and_then(|v| v.as_u64())
        .unwrap_or(0) as u32;
    if found > FORMAT_VERSION {
        return Err(LibraryError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: FORMAT_VERSION,
        });
    }
    serde_json::from_value(value).map_err(|e| damaged(e.to_string()))
}

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
        let (stamp, catalog) = std::thread::scope(|scope| {
            let stamp = scope.spawn(|| Stamp::of(&layout.stories()));
            let catalog = read_catalog.then(|| catalog::read(layout));
            (stamp.join().expect("the stamp does not panic"), catalog)
        });
        let stamp = stamp?;
        let current = Index::ALL
            .iter()
            .all(|&index| indexes::is_current(layout, index, stamp));
        if !current || catalog.as_ref().is_some_and(Option::is_none) {
            return self.rebuild(stamp, held);
        }
        if self.stamp != stamp {
            // Another process wrote since: what we hold is out of date.
            self.entries = OnceLock::new();
            self.speakers = OnceLock::new();
            self.stamp = stamp;
        }
        if let Some(Some((written_for, entries))) = catalog
            && written_for == stamp
        {
            self.entries = OnceLock::from(entries);
        }
        Ok(())
    }

    /// The catalog on disk, or, if it no longer matches, one made from the
    /// story files (kept in memory; the next write saves it).
    pub(super) fn read_catalog(&self) -> Vec<CatalogEntry> {
        if let Some((stamp, entries)) = catalog::read(&self.layout)
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
        match indexes::fold(&self.layout, Index::Speakers, folding) {
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
    /// reading on every core. A read-only library keeps the catalog in
    /// memory only.
    fn rebuild(&mut self, stamp: Stamp, held: Option<&WriteLock>) -> Result<(), LibraryError> {
        let lock = match held {
            Some(_) => None,
            None => writable(WriteLock::acquire(&self.layout.lock()))?,
        };
        let mut out = match held.is_some() || lock.is_some() {
            true => writable(NewIndexes::create(&self.layout, stamp))?,
            false => None,
        };
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
                    failed.get_or_insert(err);
                }
            }
            Err(err) => self.problems.push(err),
        });
        if let Some(err) = failed {
            return Err(err);
        }
        catalog::sort(&mut entries);
        if let Some(out) = out {
            out.commit(&entries)?;
            remove_older_formats(&self.layout);
        }
        self.entries = match self.keeps_catalog {
            true => OnceLock::from(entries),
            false => OnceLock::new(),
        };
        self.speakers = OnceLock::new();
        self.stamp = stamp;
        Ok(())
    }

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

/// `Ok(None)` for a write refused because the library is read-only.
fn writable<T>(result: Result<T, LibraryError>) -> Result<Option<T>, LibraryError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(LibraryError::Io { source, .. }) if is_read_only(&source) => Ok(None),
        Err(err) => Err(err),
    }
}

/// Format 1 kept the catalog and speaker index as single JSON documents.
fn remove_older_formats(layout: &Layout) {
    for name in ["catalog.json", "speakers.json"] {
        let _ = fs::remove_file(layout.root.join(name));
    }
}

/// A story's lines in the three indexes.
pub struct IndexLines {
    catalog: Vec<u8>,
    speakers: Vec<u8>,
    packed: String,
}

impl IndexLines {
    pub fn of(story: &Story) -> IndexLines {
        let mut packed = String::new();
        packed::pack(story, &mut packed);
        IndexLines {
            catalog: json_line(&CatalogEntry::of(story)),
            speakers: json_line(&StorySpeakers::of(story)),
            packed,
        }
    }

    fn of_index(&self, index: Index) -> &[u8] {
        match index {
            Index::Catalog => &self.catalog,
            Index::Speakers => &self.speakers,
            Index::Packed => self.packed.as_bytes(),
        }
    }
}

/// One JSON value on a line of its own.
fn json_line(value: &impl Serialize) -> Vec<u8> {
    let mut line = serde_json::to_vec(value).expect("index lines serialize");
    line.push(b'\n');
    line
}

/// A story as it goes to disk: its file and its index lines. Made on every
/// core during an import, since it is most of an import's work.
pub struct Encoded {
    json: Vec<u8>,
    pub lines: IndexLines,
}

impl Encoded {
    pub fn of(story: &Story) -> Encoded {
        Encoded {
            json: serde_json::to_vec(story).expect("a story serializes"),
            lines: IndexLines::of(story),
        }
    }

    /// Puts the story's file in place, unless the library holds the story
    /// already or another worker of the same import is putting it there
    /// now. True if this call put it there. Safe on every core: the file
    /// is written whole beside its place before it is renamed there.
    pub fn place(
        &self,
        layout: &Layout,
        id: &str,
        placing: &Placing,
    ) -> Result<bool, LibraryError> {
        let target = layout.story(id)?;
        if holds_story(&target) {
            return Ok(false);
        }
        let staged = Staged::new(&target, |out| out.write_all(&self.json))?;
        if !placing.claim(id, &target) {
            return Ok(false);
        }
        staged.commit().inspect_err(|_| placing.release(id))?;
        Ok(true)
    }
}

/// The stories put in place by an import's workers that its writer has not
/// taken in yet: two copies of one story met at the same moment are one
/// story. It holds no more ids than the import has stories in flight.
#[derive(Debug, Default)]
pub struct Placing(Mutex<HashSet<String>>);

impl Placing {
    /// Whether the caller may put story `id` in place: no other worker is
    /// doing so, and it is not there already.
    fn claim(&self, id: &str, target: &Path) -> bool {
        let mut ids = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let free = !ids.contains(id) && !holds_story(target);
        if free {
            ids.insert(id.to_string());
        }
        free
    }

    fn release(&self, id: &str) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(id);
    }
}

/// Whether a story's file is in place. A damaged one does not count, so
/// that importing the story again repairs it; one from a newer hark does.
fn holds_story(path: &Path) -> bool {
    match read(path) {
        Err(LibraryError::Io { source, .. }) => source.kind() != std::io::ErrorKind::NotFound,
        Err(LibraryError::Damaged { .. }) => false,
        _ => true,
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
        placed: bool,
        placing: &Placing,
    ) -> Result<Imported, LibraryError> {
        if !placed {
            return Ok(Imported::AlreadyPresent);
        }
        placing.release(&story.id);
        self.changed = true;
        self.append(lines)?;
        if let Some(entries) = self.library.entries.get_mut() {
            entries.push(CatalogEntry::of(story));
        }
        if let Some(speakers) = self.library.speakers.get_mut() {
            speakers.add(story);
        }
        Ok(Imported::Added)
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
        for index in Index::ALL {
            let removed = indexes::remove_story(&self.library.layout, index, &entry.id);
            self.note_failure(removed)?;
        }
        if let Some(entries) = self.library.entries.get_mut() {
            entries.retain(|e| e.id != entry.id);
        }
        if let Some(speakers) = self.library.speakers.get_mut() {
            speakers.remove(&story);
        }
        Ok(entry)
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

fn story_files(dir: &Path) -> Result<Vec<PathBuf>, LibraryError> {
    let entries = fs::read_dir(dir).map_err(|e| LibraryError::io(dir, e))?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| paths::id_of(p).is_some())
        .collect();
    files.sort();
    Ok(files)
}

fn is_read_only(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}
