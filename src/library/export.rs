//! `hark export-library DIR`: every story as a plain JSON file, for people
//! who want plain files. Each is the JSON `hark show --json` prints, named
//! by its story's id, and written whole or not at all.

use std::io::Write;
use std::path::Path;

use super::{Library, LibraryError, atomic};

impl Library {
    /// Writes every story to `dir` (made if needed) as `<id>.json`,
    /// calling `exported` after each. A story that will not read is
    /// reported and skipped; returns how many were written.
    pub fn export(
        &self,
        dir: &Path,
        mut failed: impl FnMut(LibraryError),
    ) -> Result<usize, LibraryError> {
        std::fs::create_dir_all(dir).map_err(|e| LibraryError::io(dir, e))?;
        let mut written = 0;
        for entry in self.entries() {
            let story = match self.load(&entry.id) {
                Ok(story) => story,
                Err(err) => {
                    failed(err);
                    continue;
                }
            };
            let path = dir.join(format!("{}.json", story.id));
            let json = serde_json::to_vec_pretty(&story).expect("a story serializes");
            atomic::write_with(&path, |out| {
                out.write_all(&json)?;
                out.write_all(b"\n")
            })?;
            written += 1;
        }
        Ok(written)
    }
}
