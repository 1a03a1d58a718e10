//! Raw transcript files into the library: files and folders to paths,
//! paths to stories (in parallel), stories into the store (in order).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::{ImportError, Imported, Library, LibraryError};
use crate::story::Story;
use crate::story::parse::parse;

/// Larger than any transcript; past this a file is refused, not read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Files parsed before the next are written: keeps memory flat however
/// many files an import has.
const CHUNK: usize = 64;

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
            for chunk in files.chunks(CHUNK) {
                for (path, parsed) in chunk.iter().zip(parse_all(chunk, imported_at)) {
                    let outcome = parsed.and_then(|story| match txn.add(&story) {
                        Ok(imported) => Ok((story, imported)),
                        Err(source) => Err(ImportError::Store {
                            path: path.clone(),
                            source,
                        }),
                    });
                    match &outcome {
                        Ok((story, imported)) => report(ImportEvent::Stored {
                            path,
                            story,
                            imported: *imported,
                        }),
                        Err(err) => report(ImportEvent::Failed(err)),
                    }
                }
            }
            Ok(())
        })
    }
}

/// Parses files on every core, keeping their order.
fn parse_all(files: &[PathBuf], imported_at: Timestamp) -> Vec<Result<Story, ImportError>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    if workers == 1 || files.iter().any(|p| p == Path::new("-")) {
        return files.iter().map(|p| read_story(p, imported_at)).collect();
    }
    let mut results: Vec<Option<Result<Story, ImportError>>> =
        (0..files.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let slots: Vec<_> = results.chunks_mut(files.len().div_ceil(workers)).collect();
        for (w, slot) in slots.into_iter().enumerate() {
            let start = w * files.len().div_ceil(workers);
            scope.spawn(move || {
                for (i, out) in slot.iter_mut().enumerate() {
                    *out = Some(read_story(&files[start + i], imported_at));
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every file was parsed"))
        .collect()
}
