//! Reads that cannot hang or run away: only regular files are read, and
//! never past a limit. A FIFO named like a story would block every command
//! on open, and a link to `/dev/zero` reports a size of 0 and never ends.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Larger than any transcript; past this a file is refused, not read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Opens `path` for reading if it is a regular file (a link is followed).
/// Opened without blocking, so that a FIFO is refused rather than waited
/// on; a regular file reads the same either way.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    if !kind.is_file() {
        return Err(not_regular(kind));
    }
    Ok(file)
}

/// The error for something that is not a regular file, saying what it is.
pub fn not_regular(kind: std::fs::FileType) -> io::Error {
    let what = describe(kind);
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("not a regular file ({what})"),
    )
}

fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// Everything `from` holds, if it is at most `limit` bytes; one byte more
/// is read to tell, and no more. `expected` is what the caller knows of
/// its size: reserved at once, a large index is not copied as it grows.
pub fn read_capped(from: impl Read, limit: u64, expected: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(expected.min(limit) as usize + 1);
    from.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

pub fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("larger than the limit of {limit} bytes"),
    )
}

/// A regular file's bytes, at most `limit` of them.
pub fn read_regular(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    read_capped(file, limit, size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_at_the_limit() {
        assert_eq!(read_capped(&b"abc"[..], 3, 0).unwrap(), b"abc");
        let err = read_capped(io::repeat(0), 10, 0).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let err = read_regular(&zero, 1 << 40).unwrap_err();
        assert!(err.to_string().contains("not a regular file (a device)"));
        assert!(read_regular(dir.path(), 10).is_err());
        let file = dir.path().join("f");
        std::fs::write(&file, "hi").unwrap();
        assert_eq!(read_regular(&file, 10).unwrap(), b"hi");
    }
}
