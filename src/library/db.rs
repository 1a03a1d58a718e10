//! The library's SQLite database, `library.sqlite3` in the library folder:
//! opening it (WAL, a busy timeout, so one writer and many readers share
//! it across processes), its schema, and the steps that bring an older
//! schema up to date, counted in SQLite's `user_version`.
//!
//! SQLite's atomic commit is what makes each write whole: a process killed
//! mid-write leaves the database as it was before that write.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::LibraryError;

pub const FILE_NAME: &str = "library.sqlite3";

/// How long a write waits for another process's write to finish before it
/// gives up: an import holds the writer's place for one story at a time,
/// so anything longer than this is a process that is stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Each step brings the schema from its index to the next version: step 0
/// makes version 1. Never edit a step once released; add one.
const MIGRATIONS: &[&str] = &[
    include_str!("schema_1.sql"),
    include_str!("schema_2.sql"),
    include_str!("schema_3.sql"),
    include_str!("schema_4.sql"),
    include_str!("schema_5.sql"),
    // The sixth step is schema_7.sql: a step 6 written on another branch
    // was dropped before it was released. Steps go in only at the end.
    include_str!("schema_7.sql"),
    include_str!("schema_8.sql"),
    include_str!("schema_9.sql"),
];

/// What a step's SQL leaves hark's own code to do, in the same
/// transaction: the word counts of schema_9.sql (the eighth step) are
/// tallied from every story, which SQL cannot read.
fn after_step(step: &str, txn: &rusqlite::Transaction, path: &Path) -> rusqlite::Result<()> {
    if step == include_str!("schema_9.sql") {
        let stories: i64 = txn.query_row("SELECT count(*) FROM stories", [], |row| row.get(0))?;
        if stories > 0 {
            // A minute a hundred thousand stories: said, once.
            super::progress::progress(&format!(
                "counting the words of {stories} stories in {}, once",
                crate::story::sanitize::path(path)
            ));
        }
        super::rows::recount_words(txn)?;
    }
    Ok(())
}

/// The oldest version a library that may not be written to is read at,
/// without the steps after it: those add indexes only, which a query uses
/// where it finds them and does without where not.
const READ_ONLY_FROM: i64 = 6;

/// An open database, and the file it is, for naming in errors.
#[derive(Debug)]
pub struct Database {
    conn: Connection,
    path: PathBuf,
}

impl Database {
    /// Opens (creating if needed) the database in the library at `root`,
    /// and brings its schema up to date.
    pub fn open(root: &Path) -> Result<Database, LibraryError> {
        if !root.is_dir() {
            super::atomic::create_private_dir(root)?;
        }
        let path = root.join(FILE_NAME);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| error(&path, e))?;
        let mut db = Database { conn, path };
        db.configure()?;
        db.migrate()?;
        Ok(db)
    }

    /// Opens the database to read what it holds: None when the library
    /// has none yet (nothing is created). A library hark may not write to
    /// (a read-only mount, a full disk) is opened as immutable, which
    /// SQLite reads without the WAL's side files it could not create there
    /// (a library closed cleanly has none: its last close folded them in).
    pub fn open_for_reading(root: &Path) -> Result<Option<Database>, LibraryError> {
        if !root.join(FILE_NAME).is_file() {
            return Ok(None);
        }
        match Database::open(root) {
            Err(err) if is_permission(&err) || is_full(&err) => {
                Database::open_immutable(root).map(Some)
            }
            opened => opened.map(Some),
        }
    }

    /// A database in memory standing for the one in the library at
    /// `root`, which may not be written to: what a read-only library still
    /// in the old files is read into, so that it browses.
    pub fn open_in_memory(root: &Path) -> Result<Database, LibraryError> {
        let path = root.join(FILE_NAME);
        let conn = Connection::open_in_memory().map_err(|e| error(&path, e))?;
        let mut db = Database { conn, path };
        db.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| db.error(e))?;
        db.migrate()?;
        Ok(db)
    }

    fn open_immutable(root: &Path) -> Result<Database, LibraryError> {
        let path = root.join(FILE_NAME);
        let absolute = std::path::absolute(&path).map_err(|e| LibraryError::io(&path, e))?;
        let uri = url::Url::from_file_path(&absolute).map_err(|()| LibraryError::Database {
            path: path.clone(),
            reason: "not a path SQLite can open".into(),
        })?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(format!("{uri}?immutable=1"), flags)
            .map_err(|e| error(&path, e))?;
        let db = Database { conn, path };
        let version = db.user_version()?;
        if !(READ_ONLY_FROM..=MIGRATIONS.len() as i64).contains(&version) {
            return Err(LibraryError::Database {
                path: db.path.clone(),
                reason: format!(
                    "schema version {version}, and this hark reads {READ_ONLY_FROM} to {} (open it once where it can be written)",
                    MIGRATIONS.len()
                ),
            });
        }
        Ok(db)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The error for `source`, naming this database's file.
    pub fn error(&self, source: rusqlite::Error) -> LibraryError {
        error(&self.path, source)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `change` as one transaction that takes the writer's place at
    /// once (`BEGIN IMMEDIATE`), so that two processes never both read
    /// and then both write: the second waits, up to the busy timeout.
    pub fn write<T>(
        &mut self,
        change: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<T>,
    ) -> Result<T, LibraryError> {
        let written = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .and_then(|txn| {
                let value = change(&txn)?;
                txn.commit().map(|()| value)
            });
        written.map_err(|e| error(&self.path, e))
    }

    /// `write`, for a change that has errors of its own to tell: it gets
    /// the database's path to name in them.
    pub fn transaction<T>(
        &mut self,
        change: impl FnOnce(&rusqlite::Transaction, &Path) -> Result<T, LibraryError>,
    ) -> Result<T, LibraryError> {
        let path = &self.path;
        let txn = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| error(path, e))?;
        let value = change(&txn, path)?;
        txn.commit().map_err(|e| error(path, e))?;
        Ok(value)
    }

    /// Sets this connection up for a long run of large writes (an
    /// import): a page cache of 256 MB, where SQLite's default of 2 MB
    /// made each write spill pages to the log mid-way and read them back;
    /// and a checkpoint every 32 MB of log rather than every 4, each one
    /// an fsync and a copy of pages the next write dirties again. (A
    /// checkpointing thread of its own fell behind the writer, and a log
    /// of gigabytes made every page read search it.)
    pub fn bulk_writes(&self) -> Result<(), LibraryError> {
        self.conn
            .pragma_update(None, "cache_size", -256 * 1024)
            .and_then(|()| self.conn.pragma_update(None, "wal_autocheckpoint", 8192))
            .map_err(|e| self.error(e))
    }

    /// Back to the defaults, after `bulk_writes`.
    pub fn end_bulk_writes(&self) -> Result<(), LibraryError> {
        self.conn
            .pragma_update(None, "cache_size", -2000)
            .and_then(|()| self.conn.pragma_update(None, "wal_autocheckpoint", 1000))
            .map_err(|e| self.error(e))
    }

    /// A number that moves whenever another connection (another process,
    /// say) commits a change to the database.
    pub fn data_version(&self) -> Result<i64, LibraryError> {
        self.conn
            .pragma_query_value(None, "data_version", |row| row.get(0))
            .map_err(|e| self.error(e))
    }

    /// WAL lets readers go on while one process writes; foreign keys keep
    /// a story's rows with it. The first statement is also where a file
    /// that is no database is found out.
    fn configure(&self) -> Result<(), LibraryError> {
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.error(e))?;
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| self.error(e))?;
        self.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| self.error(e))?;
        self.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| self.error(e))
    }

    fn user_version(&self) -> Result<i64, LibraryError> {
        self.conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.error(e))
    }

    /// Runs every step the database has not had, each with its new
    /// version in one transaction, so a step killed half way is not had.
    fn migrate(&mut self) -> Result<(), LibraryError> {
        super::people::register_functions(&self.conn).map_err(|e| self.error(e))?;
        let found = self.user_version()?;
        if found > MIGRATIONS.len() as i64 {
            return Err(LibraryError::Database {
                path: self.path.clone(),
                reason: format!(
                    "written by a newer hark (schema {found}; this one reads up to {})",
                    MIGRATIONS.len()
                ),
            });
        }
        let path = self.path.clone();
        for (done, step) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            self.write(|txn| {
                // Read again inside the transaction: another process may
                // have run this step while we waited for the writer's place.
                let now: i64 = txn.pragma_query_value(None, "user_version", |row| row.get(0))?;
                if now > done as i64 {
                    return Ok(());
                }
                txn.execute_batch(step)?;
                after_step(step, txn, &path)?;
                txn.pragma_update(None, "user_version", done as i64 + 1)
            })?;
        }
        Ok(())
    }

    /// SQLite's own check of every page and index: "ok", or what is wrong.
    pub fn integrity_check(&self) -> Result<Vec<String>, LibraryError> {
        let mut statement = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.error(e))?;
        let rows = statement
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(|e| self.error(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.error(e))
    }

    /// Rebuilds the full-text index of speech from the stories (the index
    /// keeps no text of its own to rebuild from); returns the ids of the
    /// stories that would not read.
    pub fn rebuild_text_index(&mut self) -> Result<Vec<String>, LibraryError> {
        self.write(super::rows::reindex_text)
    }
}

/// Whether `err` says the library may not be written to.
pub fn is_permission(err: &LibraryError) -> bool {
    matches!(err, LibraryError::Io { source, .. } if matches!(
        source.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    ))
}

/// Whether `err` says the disk refused a write (full, or a size limit).
pub fn is_full(err: &LibraryError) -> bool {
    matches!(err, LibraryError::Io { source, .. }
        if source.kind() == std::io::ErrorKind::StorageFull)
}

/// What `repair` found and did.
#[derive(Debug, Default)]
pub struct Repair {
    /// What SQLite's integrity check said before the repair; empty when
    /// all was well.
    pub problems: Vec<String>,
    /// Where a file that was no database at all was moved, a new one
    /// taking its place.
    pub set_aside: Option<PathBuf>,
    /// How many rows were read back out of the file set aside.
    pub salvaged: usize,
    /// What the integrity check says after the repair; empty when whole.
    pub left: Vec<String>,
}

/// The tables, in an order where what a row points to comes first.
const TABLES: &[&str] = &[
    "stories",
    "speakers",
    "speaker_words",
    "appearances",
    "turns",
    "originals",
    "corrections",
    "filter_history",
    "feeds",
    "feed_episodes",
    "read_marks",
    "stars",
    "sheet",
];

/// Copies into `db` every row SQLite can still read from the damaged
/// file at `damaged`, table by table, each up to the first page it cannot
/// read; then drops what lost the row it belonged to. Returns how many
/// rows it kept.
fn salvage(db: &mut Database, damaged: &Path) -> Result<usize, LibraryError> {
    let path = damaged.to_string_lossy().into_owned();
    // Outside any transaction, as SQLite attaches.
    if db
        .conn
        .execute("ATTACH DATABASE ?1 AS damaged", [&path])
        .is_err()
    {
        return Ok(0);
    }
    let copied = db.transaction(|txn, db_path| {
        let sql = |e| error(db_path, e);
        let mut kept = 0;
        for table in TABLES {
            kept += copy_readable_rows(txn, table);
        }
        txn.execute_batch(
            "DELETE FROM turns WHERE story_id NOT IN (SELECT id FROM stories);
             DELETE FROM appearances WHERE story_id NOT IN (SELECT id FROM stories)
                 OR speaker_id NOT IN (SELECT id FROM speakers);
             DELETE FROM speaker_words WHERE speaker_id NOT IN (SELECT id FROM speakers);
             DELETE FROM feed_episodes WHERE feed_url NOT IN (SELECT url FROM feeds);",
        )
        .map_err(sql)?;
        Ok(kept)
    });
    // Detached whatever came of it, so the file is not held open.
    let _ = db.conn.execute("DETACH DATABASE damaged", []);
    copied
}

/// The rows of `table` read from the damaged file until it cannot read
/// further (or none, if it cannot read the table at all), each put in
/// unless one of its key is there. Foreign keys wait for the clean-up.
fn copy_readable_rows(txn: &rusqlite::Transaction, table: &str) -> usize {
    let Ok(mut read) = txn.prepare(&format!("SELECT * FROM damaged.{table}")) else {
        return 0;
    };
    let columns = read.column_count();
    let marks = vec!["?"; columns].join(", ");
    let Ok(mut insert) = txn.prepare(&format!(
        "INSERT OR IGNORE INTO main.{table} VALUES ({marks})"
    )) else {
        return 0;
    };
    let Ok(mut rows) = read.query([]) else {
        return 0;
    };
    let mut kept = 0;
    while let Ok(Some(row)) = rows.next() {
        let values: rusqlite::Result<Vec<rusqlite::types::Value>> =
            (0..columns).map(|i| row.get(i)).collect();
        let Ok(values) = values else { break };
        if insert
            .execute(rusqlite::params_from_iter(values))
            .is_ok_and(|n| n > 0)
        {
            kept += 1;
        }
    }
    kept
}

/// `hark check --repair`: SQLite's integrity check, then the full-text
/// index and every other index rebuilt from their tables. A file SQLite
/// cannot read at all is moved aside (kept, for whoever wants to dig in
/// it) and a new database made in its place.
pub fn repair(root: &Path) -> Result<Repair, LibraryError> {
    let mut report = Repair::default();
    let mut db = match Database::open(root) {
        Ok(db) => db,
        Err(LibraryError::Database { path, reason }) if path.is_file() => {
            let aside = path.with_extension("sqlite3.damaged");
            std::fs::rename(&path, &aside).map_err(|e| LibraryError::io(&path, e))?;
            for leftover in ["-wal", "-shm"] {
                let mut name = path.clone().into_os_string();
                name.push(leftover);
                let _ = std::fs::remove_file(name);
            }
            report.problems.push(reason);
            let mut db = Database::open(root)?;
            report.salvaged = salvage(&mut db, &aside)?;
            report.set_aside = Some(aside);
            db
        }
        Err(err) => return Err(err),
    };
    report.problems.extend(
        db.integrity_check()?
            .into_iter()
            .filter(|line| line != "ok"),
    );
    let unreadable = db.rebuild_text_index()?;
    db.write(super::people::rebuild)?;
    db.write(|txn| txn.execute_batch("REINDEX"))?;
    report.left = db
        .integrity_check()?
        .into_iter()
        .filter(|line| line != "ok")
        .collect();
    // A story packed against an original that was lost (salvage keeps
    // what it can read, row by row) is listed but will not open.
    report.left.extend(unreadable.into_iter().map(|id| {
        format!("story {id} does not read (its original, which it is packed against, was lost); `hark rm {id}` and import it again")
    }));
    Ok(report)
}

/// A database error as the library reports it: the file, and what SQLite
/// said, in words a reader can act on when the file is not a database.
pub fn error(path: &Path, source: rusqlite::Error) -> LibraryError {
    use rusqlite::ErrorCode;
    // A library the reader may not write to (a read-only mount, another
    // owner's folder) is told apart as the file store tells it: an I/O
    // error of that kind, so callers that can read without writing do.
    if let Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) =
        source.sqlite_error_code()
    {
        let kind = std::io::ErrorKind::PermissionDenied;
        let reason =
            format!("not permitted to write here (a read-only folder or mount?): {source}");
        return LibraryError::io(path, std::io::Error::new(kind, reason));
    }
    // A write the disk refused (full, or a file size limit): told apart
    // too, so that a reader can still open the library to read it.
    if let Some(ErrorCode::DiskFull | ErrorCode::SystemIoFailure) = source.sqlite_error_code() {
        let reason = format!(
            "{source} (a full disk or a file size limit, say): nothing of this write was kept"
        );
        let kind = std::io::ErrorKind::StorageFull;
        return LibraryError::io(path, std::io::Error::new(kind, reason));
    }
    let reason = match source.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => {
            "not a database (damaged or overwritten); `hark check --repair` recovers what it can"
                .to_string()
        }
        Some(ErrorCode::DatabaseCorrupt) => {
            "the database is damaged; `hark check --repair` recovers what it can".to_string()
        }
        _ => source.to_string(),
    };
    LibraryError::Database {
        path: path.to_path_buf(),
        reason: crate::story::sanitize::clean_line(&reason).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_gets_the_whole_schema_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path()).unwrap();
        assert_eq!(db.user_version().unwrap(), MIGRATIONS.len() as i64);
        let mode: String = db
            .conn()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(db);
        let again = Database::open(dir.path()).unwrap();
        assert_eq!(again.integrity_check().unwrap(), ["ok"]);
    }

    #[test]
    fn fts5_is_built_in() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path()).unwrap();
        let has: bool = db
            .conn()
            .query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(has);
    }

    #[test]
    fn garbage_or_a_cut_file_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), vec![0x5a; 8192]).unwrap();
        let err = Database::open(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(FILE_NAME) && err.contains("not a database"),
            "{err}"
        );

        let other = tempfile::tempdir().unwrap();
        drop(Database::open(other.path()).unwrap());
        let path = other.path().join(FILE_NAME);
        let whole = std::fs::read(&path).unwrap();
        std::fs::write(&path, &whole[..50]).unwrap();
        let err = Database::open(other.path()).unwrap_err().to_string();
        assert!(err.contains(FILE_NAME), "{err}");
    }

    #[test]
    fn repair_sets_a_file_that_is_no_database_aside_and_starts_anew() {
        let dir = tempfile::tempdir().unwrap();
        let whole = repair(dir.path()).unwrap();
        assert!(whole.problems.is_empty() && whole.set_aside.is_none() && whole.left.is_empty());
        std::fs::write(dir.path().join(FILE_NAME), b"garbage, not a database").unwrap();
        let repaired = repair(dir.path()).unwrap();
        let aside = repaired.set_aside.expect("moved aside");
        assert_eq!(std::fs::read(aside).unwrap(), b"garbage, not a database");
        assert!(repaired.problems[0].contains("not a database"));
        assert!(repaired.left.is_empty());
        assert_eq!(
            Database::open(dir.path())
                .unwrap()
                .integrity_check()
                .unwrap(),
            ["ok"]
        );
    }

    /// A library of schema 2 (zlib JSON, gzip originals, folded text in
    /// the turns, an index with content) reads, searches and deletes the
    /// same after the step to schema 3, and new rows beside it pack small.
    #[test]
    fn a_database_of_schema_2_is_brought_up_to_date_losing_nothing() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let original = b"Harbor\n\nANA LIMA, HOST: The harbor bridge.\n\nCUE: (MUSIC)".to_vec();
        let story =
            crate::story::parse::parse(&original, None, jiff::Timestamp::UNIX_EPOCH).unwrap();
        let level = flate2::Compression::default();
        let mut json = flate2::write::ZlibEncoder::new(Vec::new(), level);
        json.write_all(&serde_json::to_vec(&story).unwrap())
            .unwrap();
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), level);
        gzip.write_all(&original).unwrap();
        let (json, gzip) = (json.finish().unwrap(), gzip.finish().unwrap());
        {
            let conn = Connection::open(dir.path().join(FILE_NAME)).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.execute_batch(MIGRATIONS[1]).unwrap();
            conn.pragma_update(None, "user_version", 2).unwrap();
            conn.execute(
                "INSERT INTO stories (id, title, sort_date, imported_at, json)
                 VALUES (?1, 'Harbor', '2020-01-01', '2020-01-01T00:00:00Z', ?2)",
                (&story.id, &json),
            )
            .unwrap();
            for (idx, turn) in story.turns.iter().enumerate() {
                let kind = super::super::rows::kind_name(turn.kind);
                let folded = super::super::rows::folded_text(&turn.paragraphs);
                conn.execute(
                    "INSERT INTO turns (story_id, idx, kind, folded) VALUES (?1, ?2, ?3, ?4)",
                    (&story.id, idx as i64, kind, folded),
                )
                .unwrap();
            }
            conn.execute(
                "INSERT INTO originals (story_id, gzip) VALUES (?1, ?2)",
                (&story.id, &gzip),
            )
            .unwrap();
        }
        let mut db = Database::open(dir.path()).unwrap();
        assert_eq!(db.user_version().unwrap(), MIGRATIONS.len() as i64);
        let path = db.path().to_path_buf();
        let back = crate::library::load(db.conn(), &path, &story.id).unwrap();
        assert_eq!(back, story);
        let kept = super::super::originals::read(db.conn(), &path, &story.id).unwrap();
        assert_eq!(kept.unwrap(), original);
        let found = |db: &Database, word: &str| -> i64 {
            db.conn()
                .query_row(
                    "SELECT count(*) FROM turns_fts WHERE turns_fts MATCH ?1",
                    [word],
                    |r| r.get(0),
                )
                .unwrap()
        };
        assert_eq!(found(&db, "bridge"), 1);
        assert_eq!(found(&db, "music"), 1);
        // Deleting by cascade takes the text out of the contentless index.
        db.write(|txn| super::super::rows::delete_story(txn, &story.id))
            .unwrap();
        assert_eq!(found(&db, "bridge"), 0);
        // Put again, it packs against its original, which then stays.
        db.write(|txn| {
            super::super::originals::save_legacy(txn, &story.id, &gzip)?;
            super::super::rows::put_story(txn, &story)
        })
        .unwrap();
        let packing: String = db
            .conn()
            .query_row("SELECT packing FROM stories", [], |r| r.get(0))
            .unwrap();
        assert_eq!(packing, "zstd+original");
        assert_eq!(
            crate::library::load(db.conn(), &path, &story.id).unwrap(),
            story
        );
        assert_eq!(found(&db, "bridge"), 1);
        let refused = db.write(|txn| super::super::originals::remove(txn, &story.id));
        let refused = refused.unwrap_err().to_string();
        assert!(
            refused.contains("packed against this original"),
            "{refused}"
        );
    }

    /// A story whose original was lost (damage, not a delete: the trigger
    /// refuses those) is named by the repair as still damaged.
    #[test]
    fn repair_names_a_story_whose_original_was_lost() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Database::open(dir.path()).unwrap();
        let original = b"Harbor\n\nANA LIMA, HOST: The harbor bridge.".to_vec();
        let story =
            crate::story::parse::parse(&original, None, jiff::Timestamp::UNIX_EPOCH).unwrap();
        db.write(|txn| {
            super::super::originals::save(
                txn,
                &story.id,
                &super::super::originals::pack(&original),
            )?;
            super::super::rows::put_story(txn, &story)
        })
        .unwrap();
        db.write(|txn| {
            txn.execute_batch("DROP TRIGGER originals_kept_while_needed; DELETE FROM originals")
        })
        .unwrap();
        drop(db);
        let repaired = repair(dir.path()).unwrap();
        assert!(
            repaired.left.iter().any(|line| line.contains(&story.id)),
            "{:?}",
            repaired.left
        );
    }

    #[test]
    fn repair_rebuilds_a_text_index_that_lost_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Database::open(dir.path()).unwrap();
        let story = crate::story::parse::parse(
            b"Harbor\n\nANA LIMA, HOST: The harbor bridge.",
            None,
            jiff::Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        db.write(|txn| super::super::rows::put_story(txn, &story))
            .unwrap();
        let found = |db: &Database| -> i64 {
            db.conn()
                .query_row(
                    "SELECT count(*) FROM turns_fts WHERE turns_fts MATCH 'harbor'",
                    [],
                    |r| r.get(0),
                )
                .unwrap()
        };
        assert_eq!(found(&db), 1);
        // The index emptied behind the turns' back, as damage would.
        db.write(|txn| txn.execute("INSERT INTO turns_fts(turns_fts) VALUES ('delete-all')", []))
            .unwrap();
        assert_eq!(found(&db), 0);
        drop(db);
        repair(dir.path()).unwrap();
        assert_eq!(found(&Database::open(dir.path()).unwrap()), 1);
    }

    #[test]
    fn salvage_keeps_every_row_it_can_read() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        let mut damaged = Database::open(&old).unwrap();
        let story = crate::story::parse::parse(
            b"Harbor\n\nANA LIMA, HOST: The harbor bridge.",
            None,
            jiff::Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        damaged
            .write(|txn| {
                super::super::rows::put_story(txn, &story)?;
                txn.execute("INSERT INTO stars VALUES ('aa', 'now')", [])
            })
            .unwrap();
        drop(damaged);
        let new = dir.path().join("new");
        let mut db = Database::open(&new).unwrap();
        let kept = salvage(&mut db, &old.join(FILE_NAME)).unwrap();
        assert!(kept > 3, "{kept}");
        let count = |db: &Database, sql: &str| -> i64 {
            db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
        };
        assert_eq!(count(&db, "SELECT count(*) FROM stories"), 1);
        assert_eq!(count(&db, "SELECT count(*) FROM turns"), 1);
        assert_eq!(count(&db, "SELECT count(*) FROM stars"), 1);
        db.rebuild_text_index().unwrap();
        let found = count(
            &db,
            "SELECT count(*) FROM turns_fts WHERE turns_fts MATCH 'bridge'",
        );
        assert_eq!(found, 1);
    }

    /// A read-only library written before schema_8.sql still reads; one
    /// from before schema_7.sql, which has no people's totals, does not.
    #[test]
    fn a_library_that_may_not_be_written_reads_from_schema_step_six() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path()).unwrap();
        db.conn()
            .execute_batch(
                "DROP INDEX appearances_by_speaker_story;
                 CREATE INDEX appearances_by_speaker ON appearances (speaker_id);
                 PRAGMA user_version = 6;",
            )
            .unwrap();
        drop(db);
        let db = Database::open_immutable(dir.path()).unwrap();
        let count: i64 = db
            .conn()
            .query_row(
                "SELECT count(*) FROM appearances WHERE speaker_id = 1",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(count, 0);
        drop(db);
        let older = Connection::open(dir.path().join(FILE_NAME)).unwrap();
        older.pragma_update(None, "user_version", 5).unwrap();
        drop(older);
        let err = Database::open_immutable(dir.path())
            .unwrap_err()
            .to_string();
        assert!(err.contains("schema version 5"), "{err}");
    }

    #[test]
    fn a_database_from_a_newer_hark_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path()).unwrap();
        db.conn().pragma_update(None, "user_version", 99).unwrap();
        drop(db);
        let err = Database::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("newer hark"), "{err}");
    }
}
