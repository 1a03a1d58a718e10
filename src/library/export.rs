//! Every story out of the database as a plain file, for people who want
//! plain files (`hark export-library DIR`): one file a story, named by its
//! id, each written whole or not at all. What a file holds is the
//! caller's to say (the CLI's story JSON), so that it is what `hark show
//! --json` prints.

use std::io::Write;
use std::path::Path;

use super::{Library, LibraryError, atomic};
use crate::story::Story;

impl Library {
    /// Writes every story to `dir` (made if needed) as `<id>.json`, its
    /// bytes made by `render`. A story that will not read is handed to
    /// `failed` and skipped; returns how many were written.
    pub fn export(
        &self,
        dir: &Path,
        render: impl Fn(&Story) -> Result<Vec<u8>, std::io::Error>,
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
            // Ids are checked hex on the way in: no name leaves `dir`.
            let path = dir.join(format!("{}.json", story.id));
            let bytes = render(&story).map_err(|e| LibraryError::io(&path, e))?;
            atomic::write_with(&path, |out| out.write_all(&bytes))?;
            written += 1;
        }
        Ok(written)
    }
}
