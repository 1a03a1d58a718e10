//! Writes that a reader never sees half done: a hidden temp file in the
//! same folder, then a rename over the target.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::LibraryError;

/// Prefix of temp files; readers skip them, and an open library clears
/// any that a killed writer left behind. Named for hark, and followed by
/// the writer's pid and a counter (see `is_own_temp`), so that a user's
/// own `.tmp-*` file in a folder used as the library is never touched.
pub const TEMP_PREFIX: &str = ".hark-tmp-";

/// Writes the file at `path` whole, with the content streamed in by `fill`,
/// so that a large index is never held whole in memory on its way to disk.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<(), LibraryError> {
    Staged::new(path, fill)?.commit()
}

/// A file written whole beside its target and not yet renamed over it, so
/// that the caller can decide at the last moment whether it goes in. One
/// that is dropped uncommitted is removed.
#[derive(Debug)]
pub struct Staged {
    temp: PathBuf,
    target: PathBuf,
}

impl Staged {
    pub fn new(
        target: &Path,
        fill: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
    ) -> Result<Staged, LibraryError> {
        let (staged, file) = Staged::create(target)?;
        let mut out = BufWriter::new(file);
        fill(&mut out)
            .and_then(|()| out.flush())
            .map_err(|e| LibraryError::io(target, e))?;
        Ok(staged)
    }

    /// An empty temp file beside `target`, for a caller that writes it
    /// bit by bit.
    pub fn create(target: &Path) -> Result<(Staged, File), LibraryError> {
        let staged = Staged {
            temp: temp_path(target),
            target: target.to_path_buf(),
        };
        let file = File::create(&staged.temp).map_err(|e| LibraryError::io(target, e))?;
        Ok((staged, file))
    }

    pub fn commit(mut self) -> Result<(), LibraryError> {
        let temp = std::mem::take(&mut self.temp);
        fs::rename(&temp, &self.target).map_err(|err| {
            let _ = fs::remove_file(&temp);
            LibraryError::io(&self.target, err)
        })
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.temp.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    path.with_file_name(format!("{TEMP_PREFIX}{}-{n}-{name}", std::process::id()))
}

/// Creates `dir` and its parents; the library is private, so the folder
/// itself is readable by its owner only.
pub fn create_private_dir(dir: &Path) -> Result<(), LibraryError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| LibraryError::io(dir, e))
}

/// Whether a file name is one of hark's temp files:
/// `.hark-tmp-<pid>-<counter>-<target>`.
pub fn is_own_temp(name: &std::ffi::OsStr) -> bool {
    let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(TEMP_PREFIX)) else {
        return false;
    };
    let mut fields = rest.splitn(3, '-');
    let number =
        |f: Option<&str>| f.is_some_and(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    number(fields.next()) && number(fields.next()) && fields.next().is_some_and(|t| !t.is_empty())
}

/// Removes temp files a killed writer left in `dir`, and nothing else.
/// Only called while holding the write lock, so no live writer owns them.
pub fn clear_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if is_own_temp(&entry.file_name()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, bytes: &[u8]) -> Result<(), LibraryError> {
        write_with(path, |out| out.write_all(bytes))
    }

    #[test]
    fn writes_whole_files_and_leaves_no_temp_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.json"]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write(&path, b"old").unwrap();
        let missing = dir.path().join("no/such/dir/b.json");
        assert!(write(&missing, b"x").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
    }

    #[test]
    fn only_harks_own_temp_names_count_as_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let temp = temp_path(&dir.path().join("packed.txt"));
        let name = temp.file_name().unwrap();
        assert!(is_own_temp(name), "{name:?}");
        for theirs in [
            ".tmp-1-2-packed.txt",
            ".hark-tmp-notes",
            ".hark-tmp-1-x-a",
            ".hark-tmp-1-2-",
            "packed.txt",
        ] {
            assert!(!is_own_temp(theirs.as_ref()), "{theirs}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn library_folder_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib");
        create_private_dir(&lib).unwrap();
        assert_eq!(
            fs::metadata(&lib).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }
}
