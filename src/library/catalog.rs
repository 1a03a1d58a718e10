//! The catalog: enough about every story to list it without opening it.

use std::path::Path;
use std::time::UNIX_EPOCH;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{LibraryError, atomic, paths};
use crate::story::Story;

/// Bumped when the catalog or an index changes shape; an older one is
/// rebuilt from the story files.
pub const INDEX_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogEntry {
    pub id: String,
    pub title: String,
    /// The air date when the page gives one, else the import date.
    pub date: Date,
    pub imported_at: Timestamp,
    /// Display names, in order of first appearance.
    pub speakers: Vec<String>,
    pub turns: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
}

impl CatalogEntry {
    pub fn of(story: &Story) -> CatalogEntry {
        CatalogEntry {
            id: story.id.clone(),
            title: story.title.clone(),
            date: story.date(),
            imported_at: story.imported_at,
            speakers: story.speakers.iter().map(|s| s.name.clone()).collect(),
            turns: story.turns.len(),
            file_name: story.source.file_name.clone(),
        }
    }
}

/// What the stories folder looked like when the catalog and indexes were
/// written: if it looks different now, someone changed it behind our back
/// (or a write was killed), and they are rebuilt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub modified_ns: u128,
    pub count: usize,
}

impl Stamp {
    pub fn of(stories: &Path) -> Result<Stamp, LibraryError> {
        let modified = std::fs::metadata(stories)
            .and_then(|m| m.modified())
            .map_err(|e| LibraryError::io(stories, e))?;
        let count = std::fs::read_dir(stories)
            .map_err(|e| LibraryError::io(stories, e))?
            .filter_map(Result::ok)
            .filter(|e| paths::id_of(&e.path()).is_some())
            .count();
        Ok(Stamp {
            modified_ns: modified
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
            count,
        })
    }
}

/// The catalog file; written from borrowed entries, read into owned ones.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CatalogFile<Entries = Vec<CatalogEntry>> {
    pub format: u32,
    pub stamp: Stamp,
    pub entries: Entries,
}

impl CatalogFile {
    /// The catalog on disk, if it is there, readable and of this format.
    pub fn read(path: &Path) -> Option<CatalogFile> {
        let bytes = std::fs::read(path).ok()?;
        let file: CatalogFile = serde_json::from_slice(&bytes).ok()?;
        (file.format == INDEX_FORMAT).then_some(file)
    }
}

pub fn write(path: &Path, stamp: Stamp, entries: &[CatalogEntry]) -> Result<(), LibraryError> {
    let file = CatalogFile {
        format: INDEX_FORMAT,
        stamp,
        entries,
    };
    atomic::write_with(path, |out| Ok(serde_json::to_writer(out, &file)?))
}

/// Newest first, then by title, so the list reads like a news archive.
pub fn sort(entries: &mut [CatalogEntry]) {
    entries.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.id.cmp(&b.id))
    });
}
