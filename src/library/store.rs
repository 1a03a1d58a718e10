//! Reading and writing story files, the catalog and the indexes, and
//! keeping them in step.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::catalog::{self, CatalogEntry, CatalogFile, INDEX_FORMAT, Stamp};
use super::lock::WriteLock;
use super::paths::{self, Layout};
use super::{Imported, Library, LibraryError, SpeakerIndex, atomic, packed};
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

/// Written from a borrowed index, read into an owned one.
#[derive(Serialize, Deserialize)]
struct SpeakersFile<Index = SpeakerIndex> {
    format: u32,
    stamp: Stamp,
    index: Index,
}

/// The packed file's first line records the stamp it was written for, in
/// fixed width so it can be rewritten in place after an append.
fn packed_header(stamp: Stamp) -> String {
    format!(
        "hark-packed {INDEX_FORMAT:04} {:039} {:020}\n",
        stamp.modified_ns, stamp.count
    )
}

const PACKED_HEADER_LEN: usize = "hark-packed 0000  \n".len() + 39 + 20;

impl Library {
    /// Uses the catalog and indexes on disk when they match the stories
    /// folder, and rebuilds them from the story files otherwise.
    ///
    /// `held` is the write lock when the caller holds it already: a second
    /// lock on the same file from the same process would wait for itself.
    pub(super) fn load_or_rebuild(&mut self, held: Option<&WriteLock>) -> Result<(), LibraryError> {
        // Listing a big stories folder and parsing its catalog take about
        // as long as each other, so they overlap.
        let (stamp, catalog) = std::thread::scope(|scope| {
            let stamp = scope.spawn(|| Stamp::of(&self.layout.stories()));
            let catalog = CatalogFile::read(&self.layout.catalog());
            (stamp.join().expect("the stamp does not panic"), catalog)
        });
        let stamp = stamp?;
        if self.load_indexes(stamp, catalog).is_none() {
            self.rebuild(stamp, held)?;
        }
        Ok(())
    }

    fn load_indexes(&mut self, stamp: Stamp, catalog: Option<CatalogFile>) -> Option<()> {
        let catalog = catalog.filter(|c| c.stamp == stamp)?;
        // The speaker index is written before the catalog, so a current
        // catalog means a current index; it is read, and checked, on first use.
        if !self.layout.speakers().is_file() {
            return None;
        }
        let mut header = vec![0; PACKED_HEADER_LEN];
        File::open(self.layout.packed())
            .ok()?
            .read_exact(&mut header)
            .ok()?;
        if header != packed_header(stamp).as_bytes() {
            return None;
        }
        self.entries = catalog.entries;
        self.speakers = OnceLock::new();
        self.stamp = stamp;
        Some(())
    }

    /// The speaker index on disk, or, if it does not match the catalog, one
    /// rebuilt from the story files (kept in memory; the next write saves it).
    pub(super) fn read_speakers(&self) -> SpeakerIndex {
        let on_disk = fs::read(self.layout.speakers())
            .ok()
            .and_then(|bytes| serde_json::from_slice::<SpeakersFile>(&bytes).ok())
            .filter(|file| file.format == INDEX_FORMAT && file.stamp == self.stamp);
        if let Some(file) = on_disk {
            return file.index;
        }
        let mut index = SpeakerIndex::default();
        for story in self.stories().flatten() {
            index.add(&story);
        }
        index
    }

    fn speakers_mut(&mut self) -> &mut SpeakerIndex {
        self.speakers();
        self.speakers.get_mut().expect("just loaded")
    }

    /// Reads every story file and writes the catalog and indexes anew. A
    /// read-only library keeps them in memory only.
    fn rebuild(&mut self, stamp: Stamp, held: Option<&WriteLock>) -> Result<(), LibraryError> {
        self.entries.clear();
        let mut speakers = SpeakerIndex::default();
        self.problems.clear();
        let mut packed_text = String::new();
        for path in story_files(&self.layout.stories())? {
            match read(&path) {
                Ok(story) => {
                    self.entries.push(CatalogEntry::of(&story));
                    speakers.add(&story);
                    packed::pack(&story, &mut packed_text);
                }
                Err(err) => self.problems.push(err),
            }
        }
        catalog::sort(&mut self.entries);
        self.speakers = OnceLock::from(speakers);
        self.stamp = stamp;
        let save = || {
            let packed = format!("{}{packed_text}", packed_header(stamp));
            atomic::write(&self.layout.packed(), packed.as_bytes())?;
            self.save_catalog_and_speakers()
        };
        let saved = match held {
            Some(_) => save(),
            None => WriteLock::acquire(&self.layout.lock()).and_then(|_lock| save()),
        };
        match saved {
            Err(LibraryError::Io { source, .. }) if is_read_only(&source) => Ok(()),
            other => other,
        }
    }

    /// The speaker index first, then the catalog: a current catalog must
    /// vouch for a current index (see `load_indexes`).
    fn save_catalog_and_speakers(&self) -> Result<(), LibraryError> {
        let speakers = SpeakersFile {
            format: INDEX_FORMAT,
            stamp: self.stamp,
            index: self.speakers(),
        };
        atomic::write_with(&self.layout.speakers(), |out| {
            Ok(serde_json::to_writer(out, &speakers)?)
        })?;
        catalog::write(&self.layout.catalog(), self.stamp, &self.entries)
    }

    /// Runs `change` holding the write lock, on the library as it is on
    /// disk now (another process may have written since we opened it), and
    /// saves the catalog and indexes after.
    pub(super) fn write<T>(
        &mut self,
        change: impl FnOnce(&mut Txn) -> Result<T, LibraryError>,
    ) -> Result<T, LibraryError> {
        atomic::create_private_dir(&self.layout.root)?;
        let lock = WriteLock::acquire(&self.layout.lock())?;
        atomic::clear_leftovers(&self.layout.stories());
        atomic::clear_leftovers(&self.layout.root);
        self.load_or_rebuild(Some(&lock))?;
        let packed = open_packed_for_append(&self.layout)?;
        let ids = self.entries.iter().map(|e| e.id.clone()).collect();
        let mut txn = Txn {
            library: self,
            packed,
            ids,
            changed: false,
        };
        let result = change(&mut txn);
        txn.finish()?;
        result
    }
}

/// A story as it goes to disk: its file and its packed text lines. Made on
/// every core during an import, since it is most of an import's work; the
/// story file may be written there too (see `write_file`).
pub struct Encoded {
    json: Vec<u8>,
    packed: String,
    file_written: bool,
}

impl Encoded {
    pub fn of(story: &Story) -> Encoded {
        let mut packed = String::new();
        packed::pack(story, &mut packed);
        Encoded {
            json: serde_json::to_vec(story).expect("a story serializes"),
            packed,
            file_written: false,
        }
    }

    /// Writes the story's file now, unless the library has it already.
    /// Safe off the writer thread: each file is written whole and renamed
    /// into place, and its name is its content's hash.
    pub fn write_file(
        &mut self,
        layout: &Layout,
        known: &HashSet<String>,
        id: &str,
    ) -> Result<(), LibraryError> {
        if !known.contains(id) {
            atomic::write(&layout.story(id)?, &self.json)?;
            self.file_written = true;
        }
        Ok(())
    }
}

/// A write in progress: story files first, index updates after, so a kill
/// at any point leaves either the old state or a stale one that the next
/// open rebuilds.
pub struct Txn<'a> {
    library: &'a mut Library,
    packed: BufWriter<File>,
    /// The stories in the library, so far in this write.
    ids: HashSet<String>,
    changed: bool,
}

impl Txn<'_> {
    pub fn layout(&self) -> &Layout {
        &self.library.layout
    }

    pub fn ids(&self) -> &HashSet<String> {
        &self.ids
    }
}

impl Txn<'_> {
    pub fn add(&mut self, story: &Story) -> Result<Imported, LibraryError> {
        self.add_encoded(story, &Encoded::of(story))
    }

    /// Stores a story already encoded, as parallel imports hand them over.
    pub fn add_encoded(
        &mut self,
        story: &Story,
        encoded: &Encoded,
    ) -> Result<Imported, LibraryError> {
        let path = self.library.layout.story(&story.id)?;
        if !self.ids.insert(story.id.clone()) {
            return Ok(Imported::AlreadyPresent);
        }
        if !encoded.file_written {
            atomic::write(&path, &encoded.json)?;
        }
        let packed_path = self.library.layout.packed();
        self.packed
            .write_all(encoded.packed.as_bytes())
            .map_err(|e| LibraryError::io(&packed_path, e))?;
        self.library.entries.push(CatalogEntry::of(story));
        self.library.speakers_mut().add(story);
        self.changed = true;
        Ok(Imported::Added)
    }

    pub fn remove(&mut self, prefix: &str) -> Result<CatalogEntry, LibraryError> {
        let entry = self.library.find(prefix)?.clone();
        let story = self.library.load(&entry.id)?;
        let path = self.library.layout.story(&entry.id)?;
        fs::remove_file(&path).map_err(|e| LibraryError::io(&path, e))?;
        self.library.entries.retain(|e| e.id != entry.id);
        self.ids.remove(&entry.id);
        self.library.speakers_mut().remove(&story);
        self.changed = true;
        self.packed
            .flush()
            .map_err(|e| LibraryError::io(&self.library.layout.packed(), e))?;
        rewrite_packed_without(&self.library.layout, &entry.id)?;
        // The rewrite replaced the file: append to the new one.
        self.packed = open_packed_for_append(&self.library.layout)?;
        Ok(entry)
    }

    fn finish(mut self) -> Result<(), LibraryError> {
        let layout = self.library.layout.clone();
        self.packed
            .flush()
            .map_err(|e| LibraryError::io(&layout.packed(), e))?;
        if !self.changed {
            return Ok(());
        }
        catalog::sort(&mut self.library.entries);
        let stamp = Stamp::of(&layout.stories())?;
        self.library.stamp = stamp;
        let mut file = self
            .packed
            .into_inner()
            .map_err(|e| LibraryError::io(&layout.packed(), e.into_error()))?;
        let stamped = file
            .seek(SeekFrom::Start(0))
            .and_then(|_| file.write_all(packed_header(stamp).as_bytes()));
        stamped.map_err(|e| LibraryError::io(&layout.packed(), e))?;
        self.library.save_catalog_and_speakers()
    }
}

/// The packed file, positioned at its end. Not opened in append mode: the
/// header at its start is rewritten in place when the write is done.
fn open_packed_for_append(layout: &Layout) -> Result<BufWriter<File>, LibraryError> {
    let path = layout.packed();
    let mut file = OpenOptions::new()
        .write(true)
        .open(&path)
        .map_err(|e| LibraryError::io(&path, e))?;
    file.seek(SeekFrom::End(0))
        .map_err(|e| LibraryError::io(&path, e))?;
    Ok(BufWriter::new(file))
}

fn rewrite_packed_without(layout: &Layout, id: &str) -> Result<(), LibraryError> {
    let path = layout.packed();
    let text = fs::read_to_string(&path).map_err(|e| LibraryError::io(&path, e))?;
    let prefix = format!("{id}\t");
    let kept: String = text
        .split_inclusive('\n')
        .filter(|l| !l.starts_with(&prefix))
        .collect();
    atomic::write(&path, kept.as_bytes())
}

fn story_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, LibraryError> {
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
