//! Moving a library kept in files into its database: once, on the first
//! open that finds the old files, in one transaction. The old files stay
//! until that transaction has committed and go after, so a migration cut
//! short (killed, a full disk) leaves the library as it was, to be
//! migrated again at the next open.
//!
//! What the database has taken over so far: the filter history and the
//! feeds. The stories, their originals and corrections follow when the
//! store moves (issue 17).

use std::cell::RefCell;
use std::path::Path;

use super::db::Database;
use super::{LibraryError, feeds, history};

type Notice = Box<dyn Fn(&str)>;

thread_local! {
    static PROGRESS: RefCell<Option<Notice>> = const { RefCell::new(None) };
}

/// Calls `notice` with a line of progress whenever this thread migrates
/// a library: the CLI says it on stderr. The library never prints.
pub fn on_progress(notice: impl Fn(&str) + 'static) {
    PROGRESS.with(|n| *n.borrow_mut() = Some(Box::new(notice)));
}

fn progress(text: &str) {
    PROGRESS.with(|notice| {
        if let Some(notice) = notice.borrow().as_ref() {
            notice(text);
        }
    });
}

/// Whether the library at `root` has old files for the database to take.
pub(super) fn is_due(root: &Path) -> bool {
    [history::LEGACY_FILE, feeds::LEGACY_FILE]
        .iter()
        .any(|name| root.join(name).exists())
}

/// Opens the database of the library at `root` and moves into it the old
/// files it takes over, then removes them.
pub(super) fn run(root: &Path) -> Result<(), LibraryError> {
    take_over(&mut Database::open(root)?, root)
}

fn take_over(db: &mut Database, root: &Path) -> Result<(), LibraryError> {
    let history = history::take_over(root)?;
    let feeds = feeds::take_over(root)?;
    if history.is_none() && feeds.is_none() {
        return Ok(());
    }
    let names: Vec<&str> = [
        history.as_ref().map(|_| history::LEGACY_FILE),
        feeds.as_ref().map(|_| feeds::LEGACY_FILE),
    ]
    .into_iter()
    .flatten()
    .collect();
    progress(&format!(
        "moving {} into {}",
        names.join(" and "),
        crate::story::sanitize::path(db.path())
    ));
    db.write(|txn| {
        if let Some(history) = &history {
            history.insert(txn)?;
        }
        if let Some(feeds) = &feeds {
            feeds.insert(txn)?;
        }
        Ok(())
    })?;
    let taken = [history.map(|h| h.path), feeds.map(|f| f.path)];
    for path in taken.into_iter().flatten() {
        std::fs::remove_file(&path).map_err(|e| LibraryError::io(&path, e))?;
    }
    Ok(())
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
        let heard = std::rc::Rc::new(RefCell::new(Vec::<String>::new()));
        let sink = heard.clone();
        on_progress(move |line| sink.borrow_mut().push(line.to_string()));
        run(dir.path()).unwrap();
        run(dir.path()).unwrap();
        let heard = heard.borrow();
        assert_eq!(heard.len(), 1, "{heard:?}");
        assert!(heard[0].contains("filter-history.json and feeds.json"));
    }
}
