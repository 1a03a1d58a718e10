use std::path::{Path, PathBuf};

use thiserror::Error;

use super::CatalogEntry;
use crate::story::parse::ParseError;

/// Everything the store can refuse; each names the file it is about.
#[derive(Debug, Error)]
pub enum LibraryError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: damaged story file: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("{path}: written by a newer hark (format {found}; this one reads up to {supported})")]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("no story with id {0}")]
    UnknownId(String),
    #[error("id {prefix} is ambiguous: it could be {}", .matches.join(", "))]
    AmbiguousId {
        prefix: String,
        matches: Vec<String>,
    },
    #[error("{0:?} is not a story id")]
    BadId(String),
    /// A story's file is gone but the indexes still list it (a full disk,
    /// say): they are left stale, so the next open rebuilds them.
    #[error(
        "removed {}, but the indexes could not be updated ({source}); they are rebuilt from the story files when there is room",
        .removed.id
    )]
    IndexesBehind {
        removed: Box<CatalogEntry>,
        #[source]
        source: Box<LibraryError>,
    },
}

/// Why one file could not be imported.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Parse {
        path: PathBuf,
        #[source]
        source: ParseError,
    },
    #[error("{path}: too large to be a transcript ({size} bytes; the limit is {limit})")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{path}: too large to be a transcript (more than {limit} bytes)")]
    TooLargeInput { path: PathBuf, limit: u64 },
    #[error("skipped {path}: it is inside the library, which hark never imports from")]
    InsideLibrary { path: PathBuf },
    #[error("{path}: could not store it: {source}")]
    Store {
        path: PathBuf,
        #[source]
        source: LibraryError,
    },
}

impl LibraryError {
    pub fn io(path: &Path, source: std::io::Error) -> LibraryError {
        LibraryError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
