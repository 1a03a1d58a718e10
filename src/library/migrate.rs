//! Moving a library kept in files into its database: once, on the first
//! open that finds the old files, in one transaction. The old files stay
//! until that transaction has committed and go after, so a migration cut
//! short (killed, a full disk) leaves the library as it was, to be
//! migrated again at the next open.
//!
//! What it takes over: the story files with their originals and the
//! reader's corrections (`legacy`), the filter history and the feeds. The
//! old indexes, which only held what the story files did, go with them.

use std::path::Path;

mod legacy;

use super::db::Database;
use super::progress::progress;
use super::{LibraryError, feeds, history};

/// What becomes of the old files once the database holds what they held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Old {
    /// Removed, once the migration has committed.
    Remove,
    /// Left where they are: a library that may not be written to, read
    /// into a database in memory.
    Keep,
}

/// The folder of the old layout's story files, one JSON file a story.
pub const STORIES_DIR: &str = "stories";

/// The old layout's files that only ever held what the story files did
/// (its indexes, in this format or an older one, and its write lock):
/// removed with them.
const OLD_INDEXES: &[&str] = &[
    "catalog.jsonl",
    "speakers.jsonl",
    "packed.txt",
    "catalog.json",
    "speakers.json",
    ".lock",
];

/// Whether the library at `root` still keeps stories in the old files.
pub(super) fn has_story_files(root: &Path) -> bool {
    std::fs::read_dir(root.join(STORIES_DIR)).is_ok_and(|mut entries| {
        entries.any(|e| e.is_ok_and(|e| super::paths::id_of(&e.path()).is_some()))
    })
}

/// Whether the library at `root` has old files for the database to take.
pub(super) fn is_due(root: &Path) -> bool {
    let folders = [
        STORIES_DIR,
        super::originals::LEGACY_DIR,
        super::corrections::LEGACY_DIR,
    ];
    [history::LEGACY_FILE, feeds::LEGACY_FILE]
        .iter()
        .chain(&folders)
        .chain(OLD_INDEXES)
        .any(|name| root.join(name).exists())
}

/// Opens the database of the library at `root` and moves into it the old
/// files it takes over, then removes them.
#[cfg(test)]
pub(super) fn run(root: &Path) -> Result<Vec<LibraryError>, LibraryError> {
    take_over(&mut Database::open(root)?, root, Old::Remove)
}

/// Moves what the old files of the library at `root` hold into `db`, in
/// one transaction, then (`Old::Remove`) removes them. Returns the story
/// files that could not be read: they are left where they are.
pub(super) fn take_over(
    db: &mut Database,
    root: &Path,
    old: Old,
) -> Result<Vec<LibraryError>, LibraryError> {
    if !is_due(root) {
        return Ok(Vec::new());
    }
    let history = history::take_over(root)?;
    let feeds = feeds::take_over(root)?;
    let files = legacy::Files::list(root)?;
    let mut names: Vec<String> = [
        history.as_ref().map(|_| history::LEGACY_FILE.to_string()),
        feeds.as_ref().map(|_| feeds::LEGACY_FILE.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !files.stories.is_empty() {
        names.insert(0, counted(files.stories.len(), "story", "stories"));
    }
    if !names.is_empty() {
        progress(&format!(
            "moving {} into {}",
            names.join(" and "),
            crate::story::sanitize::path(db.path())
        ));
    }
    let moved = db.transaction(|txn, path| {
        let sql = |e| super::db::error(path, e);
        if let Some(history) = &history {
            history.insert(txn).map_err(sql)?;
        }
        if let Some(feeds) = &feeds {
            feeds.insert(txn).map_err(sql)?;
        }
        files.insert(txn, path)
    })?;
    if old == Old::Keep {
        return Ok(moved.problems);
    }
    let taken = [history.map(|h| h.path), feeds.map(|f| f.path)];
    for path in taken.into_iter().flatten().chain(moved.taken) {
        remove_file(&path)?;
    }
    legacy::remove_leftovers(root, OLD_INDEXES)?;
    Ok(moved.problems)
}

fn counted(n: usize, one: &str, many: &str) -> String {
    crate::story::text::counted(n, one, many)
}

fn remove_file(path: &Path) -> Result<(), LibraryError> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(LibraryError::io(path, err)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;
    use crate::library::history::FilterHistory;

    /// The files as today's hark writes them, by hand.
    fn write_old_files(root: &Path) {
        std::fs::create_dir_all(root).unwrap();
        std::fs::write(
            root.join(history::LEGACY_FILE),
            r#"{"views":{"list":["aleppo","@earnest"],"quotes":["syria"]}}"#,
        )
        .unwrap();
        std::fs::write(
            root.join(feeds::LEGACY_FILE),
            r#"{"version":1,"feeds":[
                {"url":"https://a.example/feed.xml","title":"Tide Tables",
                 "updated_at":"2023-11-14T22:13:20Z",
                 "episodes":[{"guid":"ep-2","story":"bb"},{"guid":"ep-1","story":"aa"}]},
                {"url":"https://b.example/rss","updated_at":"2023-11-15T00:00:00Z","episodes":[]}]}"#,
        )
        .unwrap();
    }

    #[test]
    fn old_files_move_into_the_database_once_and_go() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("lib");
        write_old_files(&root);
        let library = Library::open(&root).unwrap();
        let feeds = library.feeds().unwrap();
        assert_eq!(feeds.len(), 2);
        assert_eq!(feeds[0].title.as_deref(), Some("Tide Tables"));
        let guids: Vec<&str> = feeds[0].episodes.iter().map(|e| e.guid.as_str()).collect();
        assert_eq!(guids, ["ep-2", "ep-1"], "in the order kept");
        assert_eq!(feeds[0].updated_at.to_string(), "2023-11-14T22:13:20Z");
        assert_eq!(
            (feeds[1].title.as_deref(), feeds[1].episodes.len()),
            (None, 0)
        );
        let history = FilterHistory::load(&root);
        assert_eq!(history.entries("list"), ["aleppo", "@earnest"]);
        assert_eq!(history.entries("quotes"), ["syria"]);
        assert!(!root.join(history::LEGACY_FILE).exists());
        assert!(!root.join(feeds::LEGACY_FILE).exists());
        // Opened again, nothing is taken over twice.
        assert_eq!(Library::open(&root).unwrap().feeds().unwrap(), feeds);
    }

    #[test]
    fn a_migration_that_fails_before_its_commit_leaves_the_old_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("lib");
        std::fs::create_dir_all(&root).unwrap();
        // A database whose feeds refuse every row: the migration fails
        // after the history went in, before the commit.
        let conn = rusqlite::Connection::open(root.join(super::super::db::FILE_NAME)).unwrap();
        drop(conn);
        {
            let db = Database::open(&root).unwrap();
            db.conn()
                .execute_batch(
                    "CREATE TRIGGER refuse BEFORE INSERT ON feeds
                     BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
                )
                .unwrap();
        }
        write_old_files(&root);
        let err = run(&root).unwrap_err().to_string();
        assert!(err.contains("simulated failure"), "{err}");
        assert!(root.join(history::LEGACY_FILE).exists());
        assert!(root.join(feeds::LEGACY_FILE).exists());
        let db = rusqlite::Connection::open(root.join(super::super::db::FILE_NAME)).unwrap();
        let kept: i64 = db
            .query_row("SELECT count(*) FROM filter_history", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 0, "the history that went in was rolled back");
        db.execute_batch("DROP TRIGGER refuse").unwrap();
        drop(db);
        run(&root).unwrap();
        assert_eq!(FilterHistory::load(&root).entries("quotes"), ["syria"]);
        assert!(!root.join(history::LEGACY_FILE).exists());
    }

    #[test]
    fn progress_is_told_to_the_notice_and_never_printed() {
        let dir = tempfile::tempdir().unwrap();
        write_old_files(dir.path());
        let heard = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
        let sink = heard.clone();
        crate::library::progress::on_progress(move |line| sink.borrow_mut().push(line.to_string()));
        run(dir.path()).unwrap();
        run(dir.path()).unwrap();
        let heard = heard.borrow();
        assert_eq!(heard.len(), 1, "{heard:?}");
        assert!(heard[0].contains("filter-history.json and feeds.json"));
    }
}
