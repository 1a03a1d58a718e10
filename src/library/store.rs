//! A story's JSON read back, refusing what hark could not have written:
//! from the database's stories table, and from the story files of the
//! old layout (`stories/<id>.json`), which the migration reads once.

use std::path::Path;

use super::{LibraryError, reading};
use crate::story::{FORMAT_VERSION, Story, sanitize};

/// Larger than the file of any story a transcript makes (JSON escaping can
/// double the largest transcript); past this a story file is refused.
pub const MAX_STORY_BYTES: u64 = 4 * super::reading::MAX_FILE_BYTES;

/// Reads one story file, refusing damaged files, newer formats and
/// anything but a regular file by name. What it returns is clean: a
/// hand-edited file's text is sanitized and its id must be one hark could
/// have given it.
pub fn read(path: &Path) -> Result<Story, LibraryError> {
    let bytes =
        reading::read_regular(path, MAX_STORY_BYTES).map_err(|e| LibraryError::io(path, e))?;
    from_json(path, &bytes)
}

/// A story file's bytes as `read` takes them, for the file at `path`: the
/// way in for the fuzz target, which has no disk to spare.
pub fn from_json(path: &Path, bytes: &[u8]) -> Result<Story, LibraryError> {
    let named = |story: &Story| path.file_stem().is_some_and(|stem| *stem == *story.id);
    checked(path, bytes, named, "its id is not its file's name")
}

/// Story `id` from its JSON as the stories table keeps it, unpacked;
/// `db_path` names the database in an error.
pub fn from_stored(db_path: &Path, id: &str, json: &[u8]) -> Result<Story, LibraryError> {
    checked(
        db_path,
        json,
        |story| story.id == id,
        "its id is not its row's",
    )
}

fn checked(
    path: &Path,
    bytes: &[u8],
    is_named: impl Fn(&Story) -> bool,
    misnamed: &str,
) -> Result<Story, LibraryError> {
    // serde's messages quote the bad value, escapes and all.
    let damaged = |reason: String| LibraryError::Damaged {
        path: path.to_path_buf(),
        reason: sanitize::clean_line(&reason).into_owned(),
    };
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| damaged(e.to_string()))?;
    let found = value
        .get("format_version")
        .and_then(|v| v.as_u64())
        .unwrap_or(0) as u32;
    if found > FORMAT_VERSION {
        return Err(LibraryError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: FORMAT_VERSION,
        });
    }
    let mut story: Story = serde_json::from_value(value).map_err(|e| damaged(e.to_string()))?;
    if !is_content_id(&story.id) || !is_named(&story) {
        return Err(damaged(misnamed.into()));
    }
    sanitize::clean_story(&mut story);
    Ok(story)
}

/// An id as `content_id` makes them: 12 lower-case hex digits.
fn is_content_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
