use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::story::parse::ParseError;
use crate::story::sanitize;

/// A file name in a message: quoted and escaped when it holds anything
/// that could drive a terminal or fake a line of output.
fn shown(path: &Path) -> String {
    sanitize::path(path)
}

/// Everything the store can refuse; each names the file it is about.
#[derive(Debug, Error)]
pub enum LibraryError {
    #[error("{}: {source}", shown(path))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: damaged story file: {reason}", shown(path))]
    Damaged { path: PathBuf, reason: String },
    #[error(
        "{}: written by a newer hark (format {found}; this one reads up to {supported})",
        shown(path)
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    /// The database would not open or answer: damaged, overwritten, from
    /// a newer hark, or busy past the timeout.
    #[error("{}: {reason}", shown(path))]
    Database { path: PathBuf, reason: String },
    #[error("no story with id {}", sanitize::quoted(.0))]
    UnknownId(String),
    #[error("id {} is ambiguous: it could be {}", sanitize::quoted(.prefix), .matches.join(", "))]
    AmbiguousId {
        prefix: String,
        /// Each candidate's id and title.
        matches: Vec<String>,
    },
    #[error("{0:?} is not a story id")]
    BadId(String),
    #[error("story {id} has no speaker {name:?} (by name, label, alias or a surname only one has)")]
    NoSuchSpeaker { id: String, name: String },
}

/// Why one file could not be imported.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("{}: {source}", shown(path))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {source}", shown(path))]
    Parse {
        path: PathBuf,
        #[source]
        source: ParseError,
    },
    #[error(
        "{}: too large to be a transcript ({size} bytes; the limit is {limit})",
        shown(path)
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error(
        "{}: too large to be a transcript (more than {limit} bytes)",
        shown(path)
    )]
    TooLargeInput { path: PathBuf, limit: u64 },
    #[error(
        "skipped {}: it is inside the library, which hark never imports from",
        shown(path)
    )]
    InsideLibrary { path: PathBuf },
    #[error("{}: could not store it: {source}", shown(path))]
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
