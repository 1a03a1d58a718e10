//! Each story's original bytes, gzip-compressed, one file a story under
//! `originals/`: what a better parser re-derives the story from (`hark
//! reparse`). Transcripts are plain text and shrink to about a third.

use std::fs::{self, File};
use std::io::{BufReader, Read, Write};
use std::path::PathBuf;

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use super::paths::{self, Layout};
use super::{LibraryError, atomic};

impl Layout {
    pub fn originals(&self) -> PathBuf {
        self.root.join("originals")
    }

    /// The original of story `id`; ids are checked as for story files.
    pub fn original(&self, id: &str) -> Result<PathBuf, LibraryError> {
        if !paths::is_story_id(id) {
            return Err(LibraryError::BadId(id.to_string()));
        }
        Ok(self.originals().join(format!("{id}.gz")))
    }
}

/// Whether the library holds story `id`'s original.
pub fn has(layout: &Layout, id: &str) -> bool {
    layout.original(id).is_ok_and(|path| path.is_file())
}

/// Keeps `bytes` as story `id`'s original, unless one is kept already:
/// the same id means the same text. Written whole or not at all.
pub fn save(layout: &Layout, id: &str, bytes: &[u8]) -> Result<(), LibraryError> {
    if has(layout, id) {
        return Ok(());
    }
    replace(layout, id, bytes)
}

/// Keeps `bytes` as story `id`'s original, over any kept before: a page
/// from the web that changed keeps its story's id.
pub fn replace(layout: &Layout, id: &str, bytes: &[u8]) -> Result<(), LibraryError> {
    let path = layout.original(id)?;
    let dir = layout.originals();
    if !dir.is_dir() {
        atomic::create_private_dir(&dir)?;
    }
    atomic::write_with(&path, |out| {
        let mut gz = GzEncoder::new(out, Compression::default());
        gz.write_all(bytes)?;
        gz.finish().map(drop)
    })
}

/// Story `id`'s original bytes; none for a story imported before hark
/// kept originals.
pub fn read(layout: &Layout, id: &str) -> Result<Option<Vec<u8>>, LibraryError> {
    let path = layout.original(id)?;
    let file = match File::open(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(LibraryError::io(&path, err)),
    };
    let mut bytes = Vec::new();
    GzDecoder::new(BufReader::new(file))
        .take(super::reading::MAX_FILE_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|err| LibraryError::Damaged {
            path: path.clone(),
            reason: format!("not a readable gzip file: {err}"),
        })?;
    Ok(Some(bytes))
}

/// Forgets story `id`'s original, with the story.
pub fn remove(layout: &Layout, id: &str) -> Result<(), LibraryError> {
    let path = layout.original(id)?;
    match fs::remove_file(&path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(LibraryError::io(&path, err)),
        _ => Ok(()),
    }
}

/// The ids of every story whose original is kept.
pub fn ids(layout: &Layout) -> Vec<String> {
    let Ok(entries) = fs::read_dir(layout.originals()) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let id = name.strip_suffix(".gz")?;
            paths::is_story_id(id).then(|| id.to_string())
        })
        .collect();
    ids.sort();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn originals_come_back_byte_for_byte_and_compressed() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout {
            root: dir.path().to_path_buf(),
        };
        let text = "HOST: Good morning.\r\n\r\nCaf\u{e9} \u{fffd} ".repeat(200);
        save(&layout, "0a1b", text.as_bytes()).unwrap();
        assert_eq!(read(&layout, "0a1b").unwrap().unwrap(), text.as_bytes());
        let stored = fs::metadata(layout.original("0a1b").unwrap())
            .unwrap()
            .len();
        assert!(stored < text.len() as u64 / 4, "{stored} bytes");
        assert_eq!(ids(&layout), ["0a1b"]);
        assert_eq!(read(&layout, "0c").unwrap(), None);
        remove(&layout, "0a1b").unwrap();
        assert!(!has(&layout, "0a1b"));
        assert!(layout.original("../x").is_err());
    }

    #[test]
    fn a_damaged_original_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout {
            root: dir.path().to_path_buf(),
        };
        fs::create_dir_all(layout.originals()).unwrap();
        fs::write(layout.original("0a").unwrap(), b"not gzip").unwrap();
        let err = read(&layout, "0a").unwrap_err().to_string();
        assert!(err.contains("0a.gz"), "{err}");
    }
}
