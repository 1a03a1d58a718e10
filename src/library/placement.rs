//! Putting story files in place: each story encoded (its JSON and its
//! index lines) on a worker, and written beside its place then renamed
//! there, once however many workers meet the same story.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;

use super::atomic::Staged;
use super::catalog::CatalogEntry;
use super::indexes::Index;
use super::paths::Layout;
use super::speakers::StorySpeakers;
use super::store::read;
use super::{LibraryError, packed};
use crate::story::Story;

/// A story's lines in the three indexes.
pub struct IndexLines {
    catalog: Vec<u8>,
    pub(super) speakers: Vec<u8>,
    pub(super) packed: String,
}

impl IndexLines {
    pub fn of(story: &Story) -> IndexLines {
        let mut packed = String::new();
        packed::pack(story, &mut packed);
        IndexLines {
            catalog: json_line(&CatalogEntry::of(story)),
            speakers: json_line(&StorySpeakers::of(story)),
            packed,
        }
    }

    pub(super) fn of_index(&self, index: Index) -> &[u8] {
        match index {
            Index::Catalog => &self.catalog,
            Index::Speakers => &self.speakers,
            Index::Packed => self.packed.as_bytes(),
        }
    }
}

/// One JSON value on a line of its own.
pub(super) fn json_line(value: &impl Serialize) -> Vec<u8> {
    let mut line = serde_json::to_vec(value).expect("index lines serialize");
    line.push(b'\n');
    line
}

/// A story as it goes to disk: its file and its index lines. Made on every
/// core during an import, since it is most of an import's work.
pub struct Encoded {
    json: Vec<u8>,
    pub lines: IndexLines,
}

impl Encoded {
    pub fn of(story: &Story) -> Encoded {
        Encoded {
            json: serde_json::to_vec(story).expect("a story serializes"),
            lines: IndexLines::of(story),
        }
    }

    /// Puts the story's file in place, unless the library holds the story
    /// already or another worker of the same import is putting it there
    /// now. Says whether this call put it there, and whether over a
    /// damaged file. Safe on every core: the file is written whole beside
    /// its place before it is renamed there.
    pub fn place(
        &self,
        layout: &Layout,
        id: &str,
        placing: &Placing,
    ) -> Result<Placed, LibraryError> {
        let target = layout.story(id)?;
        let Some(found) = holds_story(&target) else {
            return Ok(Placed::AlreadyThere);
        };
        let staged = Staged::new(&target, |out| out.write_all(&self.json))?;
        if !placing.claim(id, &target) {
            return Ok(Placed::AlreadyThere);
        }
        staged.commit().inspect_err(|_| placing.release(id))?;
        Ok(found)
    }
}

/// What `Encoded::place` did with a story's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// The library holds the story already (or another worker placed it).
    AlreadyThere,
    New,
    /// Over a damaged file of the same story, whose index lines (if it
    /// has any) must go before the new ones come in.
    OverDamaged,
}

/// The stories put in place by an import's workers that its writer has not
/// taken in yet: two copies of one story met at the same moment are one
/// story. It holds no more ids than the import has stories in flight.
#[derive(Debug, Default)]
pub struct Placing(Mutex<HashSet<String>>);

impl Placing {
    /// Whether the caller may put story `id` in place: no other worker is
    /// doing so, and it is not there already.
    fn claim(&self, id: &str, target: &Path) -> bool {
        let mut ids = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let free = !ids.contains(id) && holds_story(target).is_some();
        if free {
            ids.insert(id.to_string());
        }
        free
    }

    pub(super) fn release(&self, id: &str) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(id);
    }
}

/// Whether a story's file is in place: None if it is, else what placing
/// it would be. A damaged one does not count, so that importing the story
/// again repairs it; one from a newer hark does.
fn holds_story(path: &Path) -> Option<Placed> {
    match read(path) {
        Err(LibraryError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Some(Placed::New)
        }
        Err(LibraryError::Damaged { .. }) => Some(Placed::OverDamaged),
        _ => None,
    }
}
