//! Reading and writing story files, the catalog and the indexes, and
//! keeping them in step.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use serde::Serialize;

use super::atomic::Staged;
use super::catalog::{self, CatalogEntry};
use super::indexes::{self, Appender, Folding, Index, NewIndex, Stamp};
use super::lock::WriteLock;
use super::paths::{self, Layout};
use super::speakers::StorySpeakers;
use super::{Imported, Library, LibraryError, SpeakerIndex, atomic, packed, pipeline, reading};
use crate::story::{FORMAT_VERSION, Story, sanitize};

/// Larger than the file of any story a transcript makes (JSON escaping can
/// double the largest transcript); past this a story file is refused.
pub const MAX_STORY_BYTES: u64 = 4 * super::import::MAX_FILE_BYTES;

/// Reads one story file, refusing damaged files, newer formats and
/// anything but a regular file by name. What it returns is clean: a
/// hand-edited file's text is sanitized and its id must be one hark could
/// have given it.
pub fn read(path: &Path) -> Result<Story, LibraryError> {
    let bytes =
        reading::read_regular(path, MAX_STORY_BYTES).map_err(|e| LibraryError::io(path, e))?;
    from_json(path, &bytes)
}

/// A story file's bytes as `read` takes them, for the file at `path`: the
/// way in for the fuzz target, which has no disk to spare.
pub fn from_json(path: &Path, bytes: &[u8]) -> Result<Story, LibraryError> {
    // serde's messages quote the bad value, escapes and all.
    let damaged = |reason: String| LibraryError::Damaged {
        path: path.to_path_buf(),
        reason: sanitize::clean_line(&reason).into_owned(),
    };
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| damaged(e.to_string()))?;
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
    let mut story: Story = serde_json::from_value(value).map_err(|e| damaged(e.to_string()))?;
    let named = path.file_stem().is_some_and(|stem| *stem == *story.id);
    if !is_content_id(&story.id) || !named {
        return Err(damaged("its id is not its file's name".into()));
    }
    sanitize::clean_story(&mut story);
    Ok(story)
}

/// An id as `content_id` makes them: 12 lower-case hex digits.
fn is_content_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
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
    /// now. Says whether this call put it there, and whether over a
    /// damaged file. Safe on every core: the file is written whole beside
    /// its place before it is renamed there.
    pub fn place(
        &self,
        layout: &Layout,
        id: &str,
        placing: &Placing,
    ) -> Result<Placed, LibraryError> {
        let target = layout.story(id)?;
        let Some(found) = holds_story(&target) else {
            return Ok(Placed::AlreadyThere);
        };
        let staged = Staged::new(&target, |out| out.write_all(&self.json))?;
        if !placing.claim(id, &target) {
            return Ok(Placed::AlreadyThere);
        }
        staged.commit().inspect_err(|_| placing.release(id))?;
        Ok(found)
    }
}

/// What `Encoded::place` did with a story's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// The library holds the story already (or another worker placed it).
    AlreadyThere,
    New,
    /// Over a damaged file of the same story, whose index lines (if it
    /// has any) must go before the new ones come in.
    OverDamaged,
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
        let free = !ids.contains(id) && holds_story(target).is_some();
        if free {
            ids.insert(id.to_string());
        }
        free
    }

    fn release(&self, id: &str) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(id);
    }
}

/// Whether a story's file is in place: None if it is, else what placing
/// it would be. A damaged one does not count, so that importing the story
/// again repairs it; one from a newer hark does.
fn holds_story(path: &Path) -> Option<Placed> {
    match read(path) {
        Err(LibraryError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Some(Placed::New)
        }
        Err(LibraryError::Damaged { .. }) => Some(Placed::OverDamaged),
        _ => None,
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

pub(super) fn story_files(dir: &Path) -> Result<Vec<PathBuf>, LibraryError> {
    let entries = fs::read_dir(dir).map_err(|e| LibraryError::io(dir, e))?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| paths::id_of(p).is_some())
        .collect();
    files.sort();
    Ok(files)
}

fn is_read_only(err: &LibraryError) -> bool {
    matches!(err, LibraryError::Io { source, .. } if matches!(
        source.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    ))
}
