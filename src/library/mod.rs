//! The store, and the only layer that touches the disk. It may use `story`
//! and `query` (it runs queries over the store: `search`).
//!
//! Everything lives in one SQLite database in the library folder (`db`,
//! schema in `schema_*.sql`): the stories as rows (`rows`: the story's
//! JSON packed against its original (`packing`), its turns' folded text in
//! the FTS5 index, its people by identity key), their originals and the
//! reader's corrections, the reader's state (`state`), the filter history
//! and the feeds; each person's totals (`people`) and every story's
//! heading in an index (`headings`), kept in step with the stories. SQLite's atomic commit makes each write whole. A library
//! in the old files (one JSON file a story, and indexes beside them) is
//! moved in once, on the first open that finds them (`migrate`).

mod atomic;
pub mod catalog;
pub mod corrections;
pub mod db;
mod error;
pub mod export;
pub mod feeds;
mod headings;
pub mod history;
pub mod import;
pub mod migrate;
pub mod originals;
mod packing;
mod paths;
pub mod people;
mod pipeline;
pub mod progress;
mod reading;
mod revise;
pub mod rows;
pub mod samples;
pub mod search;
pub mod speakers;
pub mod state;
mod store;
pub mod web;
mod window;
pub mod word_counts;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

pub use catalog::CatalogEntry;
pub use corrections::{Corrections, SpeakerFix};
pub use error::{ImportError, LibraryError};
pub use import::read_stories;
pub use paths::default_root;
pub use people::OwnedPeoplePage;
pub use revise::Reparsed;
pub use speakers::SpeakerIndex;
pub use store::from_json as story_from_json;
pub use window::{
    PeopleAsk, PeopleOrder, PeoplePage, StoryOrder, StoryTally, TurnScores, Words, people_page,
    story_relevance,
};

use db::Database;

use crate::story::Story;

/// An open library: its database, and the catalog and speaker index read
/// from it when first needed and kept in step with this library's writes.
#[derive(Debug)]
pub struct Library {
    root: PathBuf,
    /// Behind a lock so that the TUI's searches can share the library
    /// across threads (a connection is not for two at once).
    db: Mutex<Database>,
    /// The database's file, for naming in errors without the lock.
    db_path: PathBuf,
    entries: OnceLock<Vec<CatalogEntry>>,
    /// Read on first use: listing and opening a story never need it.
    speakers: OnceLock<SpeakerIndex>,
    /// The database's data version when the catalog was read: another
    /// process's write moves it.
    opened_at: i64,
    /// Story files of the old layout that could not be moved in, each
    /// costing only that story (they stay where they are).
    problems: Vec<LibraryError>,
    /// Why the library was opened only to read (a read-only mount, a full
    /// disk): what a write is told.
    read_only: Option<(std::io::ErrorKind, String)>,
    /// The people this library's writes have put in so far.
    known_speakers: rows::KnownSpeakers,
    /// Stops the statement running on the database, from another thread:
    /// a search made moot must let go of the lock at once.
    interrupt: Interrupt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Added,
    AlreadyPresent,
}

/// The database's interrupt handle, which says nothing of itself.
struct Interrupt(rusqlite::InterruptHandle);

impl std::fmt::Debug for Interrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Interrupt")
    }
}

impl Library {
    /// Opens the library at `root`, creating it (private to its owner) if
    /// needed, and moving a library in the old files into its database. A
    /// read-only library opens for reading.
    pub fn open(root: impl Into<PathBuf>) -> Result<Library, LibraryError> {
        let root = root.into();
        let (db, problems, read_only) = open_database(&root)?;
        let opened_at = db.data_version()?;
        let interrupt = Interrupt(db.conn().get_interrupt_handle());
        Ok(Library {
            interrupt,
            root,
            db_path: db.path().to_path_buf(),
            db: Mutex::new(db),
            entries: OnceLock::new(),
            speakers: OnceLock::new(),
            opened_at,
            problems,
            read_only,
            known_speakers: rows::KnownSpeakers::default(),
        })
    }

    /// `open`: kept for callers that add stories or search, and never
    /// list them; the catalog is read only if asked for, either way.
    pub fn open_lazily(root: impl Into<PathBuf>) -> Result<Library, LibraryError> {
        Library::open(root)
    }

    /// Runs `search`, interrupting the statement it runs if `cancel` is
    /// set meanwhile: SQLite sorting every match before the first row
    /// never looks at `cancel`, and a moot search must let go of the lock
    /// for the next. An interrupted search fails with SQLite's
    /// "interrupted", which its caller, cancelled, drops.
    pub fn interruptible<T>(&self, cancel: &AtomicBool, search: impl FnOnce() -> T) -> T {
        let done = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    if cancel.load(Ordering::Relaxed) {
                        self.interrupt.0.interrupt();
                        return;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
            });
            let found = search();
            done.store(true, Ordering::Relaxed);
            found
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The database, for one read: never held across a call that asks
    /// for it again.
    pub(crate) fn db(&self) -> MutexGuard<'_, Database> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn db_mut(&mut self) -> &mut Database {
        self.db
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Refuses a write to a library opened only to read, saying why.
    pub(crate) fn check_writable(&self) -> Result<(), LibraryError> {
        match &self.read_only {
            None => Ok(()),
            Some((kind, why)) => Err(LibraryError::io(
                &self.db_path,
                std::io::Error::new(*kind, why.clone()),
            )),
        }
    }

    /// A database error, naming the database's file.
    pub(crate) fn sql_error(&self, source: rusqlite::Error) -> LibraryError {
        db::error(&self.db_path, source)
    }

    /// Whether the library at `root` holds any story: one look at its
    /// database (or its old story files), for a screen showing the samples
    /// to ask every second.
    pub fn has_stories(root: &Path) -> bool {
        if migrate::has_story_files(root) {
            return true;
        }
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let path = root.join(db::FILE_NAME);
        path.is_file()
            && rusqlite::Connection::open_with_flags(&path, flags).is_ok_and(|conn| {
                conn.query_row("SELECT EXISTS (SELECT 1 FROM stories)", [], |r| r.get(0))
                    .unwrap_or(false)
            })
    }

    /// A number that moves whenever another process adds or removes a
    /// story (any write to the database): asked twice, equal answers say
    /// the library has settled.
    pub fn folder_time(&self) -> Option<u128> {
        self.db().data_version().ok().map(|v| v as u128)
    }

    /// Whether another process wrote to the library since this one was
    /// opened: one cheap question, so that it can be asked every few
    /// seconds.
    pub fn changed_on_disk(&self) -> bool {
        self.db().data_version().is_ok_and(|v| v != self.opened_at)
    }

    /// Newest first, then by title. Empty if the database will not answer
    /// (it answered on open; `load` names the problem).
    pub fn entries(&self) -> &[CatalogEntry] {
        self.entries
            .get_or_init(|| catalog::read_all(self.db().conn()).unwrap_or_default())
    }

    /// Hands the catalog over to a caller that keeps its own copy, such as
    /// the TUI's story list; the library reads it again if asked.
    pub fn take_entries(&mut self) -> Vec<CatalogEntry> {
        self.entries();
        self.entries.take().unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        match self.entries.get() {
            Some(entries) => entries.is_empty(),
            None => self.story_count() == 0,
        }
    }

    pub fn speakers(&self) -> &SpeakerIndex {
        self.speakers
            .get_or_init(|| speakers::read(self.db().conn()).unwrap_or_default())
    }

    /// The reader's state (read marks, stars, the quote sheet), in the
    /// library's database.
    pub fn reader_state(&self) -> Result<state::ReaderState, LibraryError> {
        state::ReaderState::open(&self.root)
    }

    /// Story files of the old layout that could not be moved in.
    pub fn problems(&self) -> &[LibraryError] {
        &self.problems
    }

    /// Reads story `id` from the database.
    pub fn load(&self, id: &str) -> Result<Story, LibraryError> {
        load(self.db().conn(), &self.db_path, id)
    }

    /// The entry a unique id prefix names.
    pub fn find(&self, prefix: &str) -> Result<CatalogEntry, LibraryError> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.is_empty() || !paths::is_story_id(&prefix) {
            return Err(LibraryError::UnknownId(prefix));
        }
        let found = catalog::with_prefix(self.db().conn(), &prefix);
        let mut matches = found.map_err(|e| self.sql_error(e))?.into_iter();
        match (matches.next(), matches.next()) {
            (Some(entry), None) => Ok(entry),
            (None, _) => Err(LibraryError::UnknownId(prefix)),
            (Some(a), Some(b)) => {
                // Each candidate with its title, so the reader can tell
                // which one was meant.
                let named = |e: CatalogEntry| {
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

    /// Every story, read one at a time; a damaged row costs only itself.
    pub fn stories(&self) -> impl Iterator<Item = Result<Story, LibraryError>> + '_ {
        self.entries().iter().map(|e| self.load(&e.id))
    }

    /// Stores one story, with the reader's corrections to it if there are
    /// any (kept from before it was removed); a story already there is
    /// left as it is.
    pub fn add(&mut self, story: &Story) -> Result<Imported, LibraryError> {
        self.add_kept(story, None)
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
        let original = parsed.map(|bytes| NewOriginal::of(bytes.to_vec()));
        self.add_kept(story, original.as_ref())
    }

    /// `add`, with the story's original kept in the same write.
    pub(crate) fn add_kept(
        &mut self,
        story: &Story,
        original: Option<&NewOriginal>,
    ) -> Result<Imported, LibraryError> {
        let mut corrected = story.clone();
        self.apply_corrections(&mut corrected)?;
        self.put_one(&corrected, original)
    }

    /// `put_new` for one story, made into its rows here.
    pub(crate) fn put_one(
        &mut self,
        story: &Story,
        original: Option<&NewOriginal>,
    ) -> Result<Imported, LibraryError> {
        let rows = rows::StoryRows::of(story, original.map(|o| o.raw.as_slice()));
        let added = self.put_new(&[New {
            story,
            rows: &rows,
            original,
        }])?;
        Ok(added[0])
    }

    /// Applies the reader's saved corrections to a story just parsed.
    pub(crate) fn apply_corrections(&self, story: &mut Story) -> Result<(), LibraryError> {
        self.apply_saved_corrections(story).map(drop)
    }

    /// Applies the reader's saved corrections to `story`, if it has any:
    /// true when it did.
    pub(crate) fn apply_saved_corrections(&self, story: &mut Story) -> Result<bool, LibraryError> {
        let saved = corrections::read(self.db().conn(), &story.id);
        let saved = saved.map_err(|e| self.sql_error(e))?;
        if saved.is_empty() {
            return Ok(false);
        }
        saved.apply(story);
        Ok(true)
    }

    /// Puts each story in as it is, with its original, unless a story of
    /// its id is there already (its original is kept all the same, when
    /// it had none): all in one write, so that either all go in or none.
    pub(crate) fn put_new(&mut self, stories: &[New]) -> Result<Vec<Imported>, LibraryError> {
        self.check_writable()?;
        let mut known = std::mem::take(&mut self.known_speakers);
        let added = self.db_mut().write(|txn| {
            let mut added = Vec::with_capacity(stories.len());
            let mut unindexed = Vec::new();
            let mut counts = word_counts::Changes::default();
            for new in stories {
                let (imported, turn_ids) = new.put(txn, &mut known, &mut counts)?;
                added.push(imported);
                unindexed.extend(turn_ids.map(|ids| (new.rows, ids)));
            }
            counts.put(txn)?;
            // The text index last, all at once: see `StoryRows::index`.
            for (rows, turn_ids) in unindexed {
                rows.index(txn, &turn_ids)?;
            }
            Ok(added)
        });
        if added.is_err() {
            known.forget();
        }
        self.known_speakers = known;
        let added = added?;
        for (new, added) in stories.iter().zip(&added) {
            if *added == Imported::Added {
                self.note_put(None, new.story);
            }
        }
        Ok(added)
    }

    /// Keeps the catalog and speaker index in memory in step with a story
    /// this library put in, over `old` if it replaced one.
    fn note_put(&mut self, old: Option<&Story>, story: &Story) {
        if let Some(entries) = self.entries.get_mut() {
            entries.retain(|e| e.id != story.id);
            entries.push(CatalogEntry::of(story));
            catalog::sort(entries);
        }
        if let Some(speakers) = self.speakers.get_mut() {
            if let Some(old) = old {
                speakers.remove(old);
            }
            speakers.add(story);
        }
    }

    /// Removes a story and its original. The reader's corrections stay,
    /// so that importing the story again brings them back.
    pub fn remove(&mut self, prefix: &str) -> Result<CatalogEntry, LibraryError> {
        let entry = self.find(prefix)?;
        self.check_writable()?;
        let story = self.load(&entry.id).ok();
        self.db_mut().write(|txn| {
            rows::delete_story(txn, &entry.id)?;
            originals::remove(txn, &entry.id)
        })?;
        if let Some(entries) = self.entries.get_mut() {
            entries.retain(|e| e.id != entry.id);
        }
        match (story, self.speakers.get_mut()) {
            (Some(story), Some(speakers)) => speakers.remove(&story),
            // Who spoke in a story that would not read is read again.
            _ => self.speakers = OnceLock::new(),
        }
        Ok(entry)
    }
}

/// An original on its way in: its bytes, and those bytes packed (on an
/// import's workers).
#[derive(Debug)]
pub(crate) struct NewOriginal {
    pub raw: Vec<u8>,
    pub packed: Vec<u8>,
}

impl NewOriginal {
    pub fn of(raw: Vec<u8>) -> NewOriginal {
        let packed = originals::pack(&raw);
        NewOriginal { raw, packed }
    }
}

/// A story on its way in, made into its rows against its original.
pub(crate) struct New<'a> {
    pub story: &'a Story,
    pub rows: &'a rows::StoryRows,
    pub original: Option<&'a NewOriginal>,
}

impl New<'_> {
    /// Puts the story in unless it is there, with its original; returns
    /// the ids of its turns when their text is still to be indexed.
    fn put(
        &self,
        txn: &rusqlite::Transaction,
        known: &mut rows::KnownSpeakers,
        counts: &mut word_counts::Changes,
    ) -> rusqlite::Result<(Imported, Option<Vec<i64>>)> {
        let id = &self.story.id;
        let kept_ours = match self.original {
            Some(original) => originals::save(txn, id, &original.packed)?,
            None => false,
        };
        if rows::has_story(txn, id)? {
            return Ok((Imported::AlreadyPresent, None));
        }
        if self.rows.needs_original() && !kept_ours {
            // Packed against bytes that are not the original kept.
            rows::put_story(txn, self.story)?;
            return Ok((Imported::Added, None));
        }
        Ok((Imported::Added, Some(self.rows.put(txn, known, counts)?)))
    }
}

type Opened = (
    Database,
    Vec<LibraryError>,
    Option<(std::io::ErrorKind, String)>,
);

/// Opens the database of the library at `root`, moving the old files in
/// when it finds them. A library that may not be written to is read as
/// it is: its database opened read-only, or its old files read into a
/// database in memory and left where they are; with why, for its writes.
fn open_database(root: &Path) -> Result<Opened, LibraryError> {
    match Database::open(root) {
        Ok(mut db) => {
            let problems = migrate::take_over(&mut db, root, migrate::Old::Remove)?;
            Ok((db, problems, None))
        }
        Err(LibraryError::Io { source, .. }) if is_not_writable(&source) => {
            let why = Some((source.kind(), source.to_string()));
            if let Some(db) = Database::open_for_reading(root)? {
                return Ok((db, Vec::new(), why));
            }
            let mut db = Database::open_in_memory(root)?;
            let problems = migrate::take_over(&mut db, root, migrate::Old::Keep)?;
            Ok((db, problems, why))
        }
        Err(err) => Err(err),
    }
}

fn is_not_writable(source: &std::io::Error) -> bool {
    use std::io::ErrorKind::{PermissionDenied, ReadOnlyFilesystem, StorageFull};
    matches!(
        source.kind(),
        PermissionDenied | ReadOnlyFilesystem | StorageFull
    )
}

/// Story `id` from the database at `db_path`.
pub(crate) fn load(
    conn: &rusqlite::Connection,
    db_path: &Path,
    id: &str,
) -> Result<Story, LibraryError> {
    let stored = rows::stored_json(conn, id, store::MAX_STORY_BYTES + 1)
        .map_err(|e| db::error(db_path, e))?;
    match stored {
        Some(Ok(json)) => store::from_stored(db_path, id, &json),
        Some(Err(err)) => Err(LibraryError::Damaged {
            path: db_path.to_path_buf(),
            reason: format!("story {id} is not readable: {err}"),
        }),
        None if paths::is_story_id(id) => Err(LibraryError::UnknownId(id.to_string())),
        None => Err(LibraryError::BadId(id.to_string())),
    }
}

#[cfg(test)]
mod tests;
