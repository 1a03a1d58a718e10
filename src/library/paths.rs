//! Where things are: the default library, and the files inside one.

use std::path::{Path, PathBuf};

/// `~/.local/share/hark` on Linux. `--library` and HARK_LIBRARY override it.
pub fn default_root() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "hark").map(|d| d.data_dir().to_path_buf())
}

pub fn is_story_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The id a story file's name (`<id>.json`) claims, if it is one.
pub fn id_of(path: &Path) -> Option<&str> {
    id_named(path, ".json")
}

/// The id a file of the old layout named `<id><suffix>` claims, if it is
/// one: a story's, its corrections' or (`.gz`) its original's.
pub fn id_named<'a>(path: &'a Path, suffix: &str) -> Option<&'a str> {
    let id = path.file_name()?.to_str()?.strip_suffix(suffix)?;
    is_story_id(id).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_hex_and_never_a_path() {
        assert!(is_story_id("0a1b2c"));
        for bad in [
            "../x",
            "a/b",
            "",
            "..",
            "ABC",
            "0a1b/../../etc/passwd",
            &"a".repeat(65),
        ] {
            assert!(!is_story_id(bad), "{bad}");
        }
    }

    #[test]
    fn file_names_give_ids_only_when_they_are_ids() {
        assert_eq!(id_of(Path::new("/s/0a1b.json")), Some("0a1b"));
        assert_eq!(id_of(Path::new("/s/.tmp-1-0a1b.json")), None);
        assert_eq!(id_of(Path::new("/s/notes.txt")), None);
    }
}
