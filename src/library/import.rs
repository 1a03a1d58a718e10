//! Raw transcript files into the library: files and folders to paths,
//! paths to stories (in parallel), stories into the store (in order).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::store::{Encoded, IndexLines, Placing};
use super::{ImportError, Imported, Library, LibraryError, pipeline};
use crate::story::Story;
use crate::story::parse::parse;

/// Larger than any transcript; past this a file is refused, not read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

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

/// The files named, with every `*.txt` below each folder named, found as
/// they are needed: an import of a million files never holds their list.
/// So a folder is read in the order the file system lists it, not sorted.
/// Links to folders inside a folder are not followed, as with `grep -r`,
/// so a cycle of links cannot trap the walk. A folder that cannot be read
/// is reported in its place, and the walk goes on.
pub fn files(paths: Vec<PathBuf>) -> Files {
    Files {
        named: paths.into_iter(),
        open: Vec::new(),
    }
}

pub struct Files {
    named: std::vec::IntoIter<PathBuf>,
    /// The folders being read, innermost last.
    open: Vec<(PathBuf, fs::ReadDir)>,
}

impl Iterator for Files {
    type Item = Result<PathBuf, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let Some((dir, entries)) = self.open.last_mut() else {
                let path = self.named.next()?;
                if !path.is_dir() {
                    return Some(Ok(path));
                }
                if let Err(err) = self.enter(path) {
                    return Some(Err(err));
                }
                continue;
            };
            let entry = match entries.next() {
                None => {
                    self.open.pop();
                    continue;
                }
                Some(Err(source)) => {
                    let path = dir.clone();
                    self.open.pop();
                    return Some(Err(ImportError::Read { path, source }));
                }
                Some(Ok(entry)) => entry,
            };
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                if is_saved_page_assets(&path) {
                    continue;
                }
                if let Err(err) = self.enter(path) {
                    return Some(Err(err));
                }
            } else if is_transcript_name(&path) {
                return Some(Ok(path));
            }
        }
    }
}

impl Files {
    fn enter(&mut self, dir: PathBuf) -> Result<(), ImportError> {
        let entries = fs::read_dir(&dir).map_err(|source| ImportError::Read {
            path: dir.clone(),
            source,
        })?;
        self.open.push((dir, entries));
        Ok(())
    }
}

fn is_transcript_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        ["txt", "html", "htm"]
            .iter()
            .any(|known| e.eq_ignore_ascii_case(known))
    })
}

/// `Page_files/`, the folder a browser's "complete" save puts beside the
/// page: images, scripts and ads' frames, never a transcript.
fn is_saved_page_assets(dir: &Path) -> bool {
    dir.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with("_files"))
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
    /// Imports `files` (see `files`), reporting each as it is stored or
    /// refused. A bad file never costs the others; the whole import is one
    /// write, so a concurrent import waits its turn rather than interleave.
    pub fn import(
        &mut self,
        files: impl Iterator<Item = Result<PathBuf, ImportError>> + Send,
        imported_at: Timestamp,
        mut report: impl FnMut(ImportEvent),
    ) -> Result<(), LibraryError> {
        self.write(|txn| {
            let layout = txn.layout().clone();
            let placing = Placing::default();
            let prepare = |file: Result<PathBuf, ImportError>| {
                let path = file?;
                let story = read_story(&path, imported_at)?;
                let encoded = Encoded::of(&story);
                let placed = encoded
                    .place(&layout, &story.id, &placing)
                    .map_err(|source| store_error(&path, source))?;
                Ok((path, story, encoded.lines, placed))
            };
            pipeline::in_order(files, prepare, |prepared: Prepared| {
                let outcome = prepared.and_then(|(path, story, lines, placed)| {
                    let imported = txn
                        .add_placed(&story, &lines, placed, &placing)
                        .map_err(|source| store_error(&path, source))?;
                    Ok((path, story, imported))
                });
                match &outcome {
                    Ok((path, story, imported)) => report(ImportEvent::Stored {
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

/// A file read, parsed and encoded, and its story file put in place (or
/// not: it is there already), on a worker.
type Prepared = Result<(PathBuf, Story, IndexLines, bool), ImportError>;

fn store_error(path: &Path, source: LibraryError) -> ImportError {
    ImportError::Store {
        path: path.to_path_buf(),
        source,
    }
}
