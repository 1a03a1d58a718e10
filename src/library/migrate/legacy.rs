//! The stories of the old layout: `stories/<id>.json`, `originals/<id>.gz`
//! and `corrections/<id>.json`, read and put in the database in the
//! migration's transaction. Story files are read on every core while the
//! writer puts them in, as an import does.

use std::path::{Path, PathBuf};

use rusqlite::Transaction;

use super::super::{LibraryError, atomic, corrections, db, originals, pipeline, rows, store};

/// The old layout's files, by folder.
pub(super) struct Files {
    pub stories: Vec<PathBuf>,
    originals: Vec<PathBuf>,
    corrections: Vec<PathBuf>,
}

/// What putting them in came to.
pub(super) struct Moved {
    /// The files whose contents are in the database now.
    pub taken: Vec<PathBuf>,
    /// The files that could not be read, left where they are.
    pub problems: Vec<LibraryError>,
}

impl Files {
    pub fn list(root: &Path) -> Result<Files, LibraryError> {
        Ok(Files {
            stories: listed(&root.join(super::STORIES_DIR), ".json")?,
            originals: listed(&root.join(originals::LEGACY_DIR), ".gz")?,
            corrections: listed(&root.join(corrections::LEGACY_DIR), ".json")?,
        })
    }

    /// Puts every story, original and correction in. A file that will not
    /// read is left out (and left in place); a database error ends it all,
    /// the caller's transaction rolling back.
    pub fn insert(&self, txn: &Transaction, db_path: &Path) -> Result<Moved, LibraryError> {
        let sql = |e| db::error(db_path, e);
        let mut moved = Moved {
            taken: Vec::new(),
            problems: Vec::new(),
        };
        for path in &self.corrections {
            match corrections::read_legacy(path) {
                Ok(Some((id, fixes))) => corrections::save(txn, &id, &fixes).map_err(sql)?,
                Ok(None) => continue,
                Err(err) => {
                    moved.problems.push(err);
                    continue;
                }
            }
            moved.taken.push(path.clone());
        }
        for path in &self.originals {
            match originals::read_legacy(path) {
                Ok(Some((id, gzipped))) => {
                    originals::save_legacy(txn, &id, &gzipped).map_err(sql)?;
                }
                Ok(None) => continue,
                Err(err) => {
                    moved.problems.push(err);
                    continue;
                }
            }
            moved.taken.push(path.clone());
        }
        let mut failed = None;
        let read = |path: &PathBuf| (path.clone(), store::read(path));
        pipeline::in_order(self.stories.iter(), read, |(path, story)| {
            if failed.is_some() {
                return;
            }
            let story = match story {
                Ok(story) => story,
                Err(err) => return moved.problems.push(err),
            };
            let put = rows::has_story(txn, &story.id).and_then(|had| {
                if had {
                    Ok(())
                } else {
                    rows::put_story(txn, &story)
                }
            });
            match put {
                Ok(()) => moved.taken.push(path),
                Err(err) => failed = Some(sql(err)),
            }
        });
        failed.map_or(Ok(moved), Err)
    }
}

/// The files in `dir` whose names end in `suffix`, sorted; none if there
/// is no such folder.
fn listed(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>, LibraryError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(LibraryError::io(dir, err)),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.ends_with(suffix) && !n.starts_with('.'))
        })
        .map(|e| e.path())
        .collect();
    files.sort();
    Ok(files)
}

/// After the stories went: the old indexes and lock, hark's own
/// half-written temporary files, and the old folders once empty (a file
/// that would not read keeps its folder).
pub(super) fn remove_leftovers(root: &Path, indexes: &[&str]) -> Result<(), LibraryError> {
    for name in indexes {
        super::remove_file(&root.join(name))?;
    }
    atomic::clear_leftovers(root);
    let folders = [
        super::STORIES_DIR,
        originals::LEGACY_DIR,
        corrections::LEGACY_DIR,
    ];
    for folder in folders {
        let dir = root.join(folder);
        atomic::clear_leftovers(&dir);
        // Not empty (a damaged file, someone's own file) or not there:
        // either way it stays as it is.
        let _ = std::fs::remove_dir(&dir);
    }
    Ok(())
}
