//! Raw transcript files into the library: files and folders to paths,
//! paths to stories (in parallel), stories into the store (in order).

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use jiff::Timestamp;

use super::store::Encoded;
use super::{ImportError, Imported, Library, LibraryError};
use crate::story::Story;
use crate::story::parse::parse;

/// Larger than any transcript; past this a file is refused, not read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Stories parsed ahead of the writer, at most: keeps memory flat however
/// many files an import has.
const QUEUE: usize = 64;

/// Reads and parses one file, or standard input for `-`.
pub fn read_story(path: &Path, imported_at: Timestamp) -> Result<Story, ImportError> {
    let read_err = |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let (bytes, name) = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES)
            .read_to_end(&mut bytes)
            .map_err(read_err)?;
        (bytes, None)
    } else {
        let size = fs::metadata(path).map_err(read_err)?.len();
        if size > MAX_FILE_BYTES {
            return Err(ImportError::TooLarge {
                path: path.to_path_buf(),
                size,
                limit: MAX_FILE_BYTES,
            });
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        (fs::read(path).map_err(read_err)?, name)
    };
    parse(&bytes, name.as_deref(), imported_at).map_err(|source| ImportError::Parse {
        path: path.to_path_buf(),
        source,
    })
}

/// The files named, with every `*.txt` below each folder, in a stable
/// order. Folders that cannot be read are reported, not fatal.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ImportError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut errors);
        } else {
            files.push(path.clone());
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<ImportError>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            errors.push(ImportError::Read {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, files, errors);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        {
            files.push(path);
        }
    }
}

/// What happened to one file of an import.
pub enum ImportEvent<'a> {
    Stored {
        path: &'a Path,
        story: &'a Story,
        imported: Imported,
    },
    Failed(&'a ImportError),
}

impl Library {
    /// Imports `files`, reporting each as it is stored or refused. A bad
    /// file never costs the others; the whole import is one write, so a
    /// concurrent import waits its turn rather than interleave.
    pub fn import(
        &mut self,
        files: &[PathBuf],
        imported_at: Timestamp,
        mut report: impl FnMut(ImportEvent),
    ) -> Result<(), LibraryError> {
        self.write(|txn| {
            let (layout, known) = (txn.layout().clone(), txn.ids().clone());
            let prepare = |path: &PathBuf| {
                let story = read_story(path, imported_at)?;
                let mut encoded = Encoded::of(&story);
                let written = encoded.write_file(&layout, &known, &story.id);
                written.map_err(|source| ImportError::Store {
                    path: path.clone(),
                    source,
                })?;
                Ok((story, encoded))
            };
            in_order(files, prepare, |path, prepared| {
                let outcome = prepared.and_then(|(story, encoded)| {
                    let imported =
                        txn.add_encoded(&story, &encoded)
                            .map_err(|source| ImportError::Store {
                                path: path.to_path_buf(),
                                source,
                            })?;
                    Ok((story, imported))
                });
                match &outcome {
                    Ok((story, imported)) => report(ImportEvent::Stored {
                        path,
                        story,
                        imported: *imported,
                    }),
                    Err(err) => report(ImportEvent::Failed(err)),
                }
            });
            Ok(())
        })
    }
}

type Prepared = Result<(Story, Encoded), ImportError>;

/// Prepares `files` on every core while `store` takes
/// them one at a time, in the order given: the writer never waits for a
/// whole batch, and the bounded queue keeps memory flat.
fn in_order(
    files: &[PathBuf],
    prepare: impl Fn(&PathBuf) -> Prepared + Sync,
    mut store: impl FnMut(&Path, Prepared),
) {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel(QUEUE);
        for _ in 0..workers {
            let (sender, next, prepare) = (sender.clone(), &next, &prepare);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    if sender.send((i, prepare(path))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (i, prepared) in receiver {
            waiting.insert(i, prepared);
            while let Some(prepared) = waiting.remove(&due) {
                store(&files[due], prepared);
                due += 1;
            }
        }
    });
}
