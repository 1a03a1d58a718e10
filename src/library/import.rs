//! Raw transcript files into the library: files and folders to paths,
//! paths to stories (in parallel), stories into the store (in order).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::rows::StoryRows;
use super::{ImportError, Imported, Library, LibraryError, New, NewOriginal, pipeline, reading};
use crate::story::Story;
use crate::story::parse::parse_all;

pub use super::reading::MAX_FILE_BYTES;

/// Reads and parses one file: every story on it (a member station's
/// listing page holds several), never none.
pub fn read_stories(path: &Path, imported_at: Timestamp) -> Result<Vec<Story>, ImportError> {
    let (bytes, name) = read_source(path)?;
    parse_source(path, &bytes, name.as_deref(), imported_at)
}

/// One file's bytes and its name, or standard input's for `-`.
fn read_source(path: &Path) -> Result<(Vec<u8>, Option<String>), ImportError> {
    Ok(if path == Path::new("-") {
        (read_input(path, std::io::stdin().lock(), 0)?, None)
    } else {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        (read_file(path)?, name)
    })
}

fn parse_source(
    path: &Path,
    bytes: &[u8],
    name: Option<&str>,
    imported_at: Timestamp,
) -> Result<Vec<Story>, ImportError> {
    parse_all(bytes, name, imported_at).map_err(|source| ImportError::Parse {
        path: path.to_path_buf(),
        source,
    })
}

fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    let read_err = |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    // Follows a link, and never blocks: a pipe is only opened below.
    let meta = fs::metadata(path).map_err(read_err)?;
    if is_pipe(&meta) {
        return read_input(path, fs::File::open(path).map_err(read_err)?, 0);
    }
    if meta.is_file() && meta.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let file = reading::open_regular(path).map_err(read_err)?;
    read_input(path, file, meta.len())
}

/// At most the limit from `from`; one byte more is refused, not cut off.
fn read_input(path: &Path, from: impl Read, expected: u64) -> Result<Vec<u8>, ImportError> {
    reading::read_capped(from, MAX_FILE_BYTES, expected).map_err(|source| match source.kind() {
        std::io::ErrorKind::FileTooLarge => ImportError::TooLargeInput {
            path: path.to_path_buf(),
            limit: MAX_FILE_BYTES,
        },
        _ => ImportError::Read {
            path: path.to_path_buf(),
            source,
        },
    })
}

fn is_pipe(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// The files named, with every `*.txt`, `*.vtt` and `*.srt` below each folder named, found as
/// they are needed: an import of a million files never holds their list.
/// So a folder is read in the order the file system lists it, not sorted.
/// Links to folders inside a folder are not followed, as with `grep -r`,
/// so a cycle of links cannot trap the walk. A folder that cannot be read
/// is reported in its place, and the walk goes on.
pub fn files(paths: Vec<PathBuf>) -> Files {
    Files {
        named: paths.into_iter(),
        open: Vec::new(),
        library: None,
    }
}

pub struct Files {
    named: std::vec::IntoIter<PathBuf>,
    /// The folders being read, innermost last.
    open: Vec<(PathBuf, fs::ReadDir)>,
    /// The library's folder, never walked into: `hark import ~` would
    /// otherwise store the library's own index as a story, and grow it.
    library: Option<LibraryFolder>,
}

/// A folder known by its canonical path and by its identity on disk, so
/// that it is recognised by whatever path the walk reaches it.
struct LibraryFolder {
    canonical: PathBuf,
    #[cfg(unix)]
    id: (u64, u64),
}

impl LibraryFolder {
    fn of(root: &Path) -> Option<LibraryFolder> {
        let canonical = fs::canonicalize(root).ok()?;
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt;
            let meta = fs::metadata(&canonical).ok()?;
            (meta.dev(), meta.ino())
        };
        Some(LibraryFolder {
            canonical,
            #[cfg(unix)]
            id,
        })
    }

    /// Whether a path named on the command line is in the library.
    fn holds(&self, path: &Path) -> bool {
        fs::canonicalize(path).is_ok_and(|p| p.starts_with(&self.canonical))
    }

    /// Whether a folder met on the walk is the library.
    fn is(&self, entry: &fs::DirEntry) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            entry
                .metadata()
                .is_ok_and(|m| (m.dev(), m.ino()) == self.id)
        }
        #[cfg(not(unix))]
        {
            self.holds(&entry.path())
        }
    }
}

impl Files {
    /// Leaves out the library at `root`, wherever it is met, saying so.
    pub fn skipping_library(mut self, root: &Path) -> Files {
        self.library = LibraryFolder::of(root);
        self
    }

    fn inside_library(&self, path: &Path) -> ImportError {
        ImportError::InsideLibrary {
            path: path.to_path_buf(),
        }
    }
}

impl Iterator for Files {
    type Item = Result<PathBuf, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let Some((dir, entries)) = self.open.last_mut() else {
                let path = self.named.next()?;
                if self.library.as_ref().is_some_and(|l| l.holds(&path)) {
                    return Some(Err(self.inside_library(&path)));
                }
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
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if self.library.as_ref().is_some_and(|l| l.is(&entry)) {
                    return Some(Err(self.inside_library(&path)));
                }
                if is_saved_page_assets(&path) {
                    continue;
                }
                if let Err(err) = self.enter(path) {
                    return Some(Err(err));
                }
            } else if is_transcript_name(&path) && is_file_or_broken_link(kind, &path) {
                return Some(Ok(path));
            }
        }
    }
}

/// Only regular files are read on a walk: a named pipe would block the
/// import (and the library's lock) for ever, and a device never ends. A
/// link that leads nowhere is kept, so that its reader says why.
fn is_file_or_broken_link(kind: fs::FileType, path: &Path) -> bool {
    kind.is_file() || (kind.is_symlink() && fs::metadata(path).map_or(true, |m| m.is_file()))
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

/// Text and HTML pages and captions; JSON is named one by one, since a
/// folder holds many JSON files that are not transcripts.
const FOLDER_EXTENSIONS: &[&str] = &["txt", "html", "htm", "vtt", "srt"];

fn is_transcript_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        FOLDER_EXTENSIONS
            .iter()
            .any(|wanted| e.eq_ignore_ascii_case(wanted))
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
    /// Left out on purpose (the library's own folder), not a failure.
    Skipped(&'a ImportError),
}

impl Library {
    /// Imports `files` (see `files`), reporting each as it is stored or
    /// refused. A bad file never costs the others. Files are read, parsed
    /// and packed on every core; their stories go in many at a write
    /// (`Batch`), each with its original, and are reported once that
    /// write has committed. A concurrent import takes turns with this one,
    /// write by write.
    pub fn import(
        &mut self,
        files: impl Iterator<Item = Result<PathBuf, ImportError>> + Send,
        imported_at: Timestamp,
        mut report: impl FnMut(ImportEvent),
    ) -> Result<(), LibraryError> {
        self.db().bulk_writes()?;
        let prepare = |file: Result<PathBuf, ImportError>| {
            let path = file?;
            let (bytes, name) = read_source(&path)?;
            let stories = parse_source(&path, &bytes, name.as_deref(), imported_at)?;
            let original = NewOriginal::of(bytes);
            let stories = stories
                .into_iter()
                .map(|story| {
                    let rows = StoryRows::of(&story, Some(&original.raw));
                    (story, rows)
                })
                .collect();
            Ok(ParsedFile {
                path,
                original,
                stories,
            })
        };
        let mut batch = Batch::default();
        pipeline::in_order(files, prepare, |prepared: Prepared| {
            if batch.add(prepared) {
                self.put_batch(&mut batch, &mut report);
            }
        });
        self.put_batch(&mut batch, &mut report);
        self.db().end_bulk_writes()
    }

    /// Puts every story of `batch` in, in one write, and reports the
    /// batch's files in order. If that write fails, each story is tried
    /// on its own, so that one that cannot go in costs only itself.
    fn put_batch(&mut self, batch: &mut Batch, report: &mut impl FnMut(ImportEvent)) {
        let Batch { mut files, .. } = std::mem::take(batch);
        // By file: the stories whose corrections could not be read.
        let failures: Vec<Vec<ImportError>> = files
            .iter_mut()
            .map(|file| match file {
                Ok(file) => self.correct_parsed(file),
                Err(_) => Vec::new(),
            })
            .collect();
        let news: Vec<New> = files.iter().flatten().flat_map(ParsedFile::news).collect();
        let added = match self.put_new(&news) {
            Ok(added) => added.into_iter().map(Ok).collect(),
            Err(_) if news.len() > 1 => news
                .iter()
                .map(|new| self.put_new(std::slice::from_ref(new)).map(|a| a[0]))
                .collect(),
            Err(err) => vec![Err(err)],
        };
        let mut added = added.into_iter();
        for (file, failures) in files.iter().zip(&failures) {
            for failed in failures {
                report(ImportEvent::Failed(failed));
            }
            let file = match file {
                Ok(file) => file,
                Err(err @ ImportError::InsideLibrary { .. }) => {
                    report(ImportEvent::Skipped(err));
                    continue;
                }
                Err(err) => {
                    report(ImportEvent::Failed(err));
                    continue;
                }
            };
            for (story, _) in &file.stories {
                match added.next() {
                    Some(Ok(imported)) => report(ImportEvent::Stored {
                        path: &file.path,
                        story,
                        imported,
                    }),
                    Some(Err(source)) => {
                        report(ImportEvent::Failed(&store_error(&file.path, source)))
                    }
                    None => debug_assert!(false, "a story of the batch went unreported"),
                }
            }
        }
    }

    /// Applies the reader's saved corrections to each story of `file`
    /// that has some, making its rows again. A story whose corrections
    /// cannot be read is left out, and returned as a failure.
    fn correct_parsed(&self, file: &mut ParsedFile) -> Vec<ImportError> {
        let mut failures = Vec::new();
        let ParsedFile {
            path,
            original,
            stories,
        } = file;
        stories.retain_mut(|(story, rows)| match self.apply_saved_corrections(story) {
            Ok(false) => true,
            Ok(true) => {
                *rows = StoryRows::of(story, Some(&original.raw));
                true
            }
            Err(source) => {
                failures.push(store_error(path, source));
                false
            }
        });
        failures
    }
}

/// A file read, parsed into its stories, and packed, on a worker.
struct ParsedFile {
    path: PathBuf,
    original: NewOriginal,
    stories: Vec<(Story, StoryRows)>,
}

impl ParsedFile {
    fn news(&self) -> impl Iterator<Item = New<'_>> {
        self.stories.iter().map(|(story, rows)| New {
            story,
            rows,
            original: Some(&self.original),
        })
    }
}

type Prepared = Result<ParsedFile, ImportError>;

/// Files waiting to go in together. One write a story spent most of an
/// import merging the text index's small segments and syncing; a write
/// of many pages does each once for a thousand stories. In a library of a
/// million, each story's rows land on pages of their own in the indexes
/// by id, so the more stories a write holds, the more of them share a
/// page it writes. A write of 16 MB still commits every second or so,
/// often enough to show progress and to let a concurrent import or a
/// TUI's write take its turn.
#[derive(Default)]
struct Batch {
    files: Vec<Prepared>,
    bytes: usize,
}

/// A batch's pages in bytes, and its files, past which it goes in.
const BATCH_BYTES: usize = 16 << 20;
const BATCH_FILES: usize = 2000;

impl Batch {
    /// Adds `file`; true when the batch is full.
    fn add(&mut self, file: Prepared) -> bool {
        if let Ok(file) = &file {
            self.bytes += file.original.raw.len();
        }
        self.files.push(file);
        self.bytes >= BATCH_BYTES || self.files.len() >= BATCH_FILES
    }
}

fn store_error(path: &Path, source: LibraryError) -> ImportError {
    ImportError::Store {
        path: path.to_path_buf(),
        source,
    }
}
