//! One writer at a time: two SSH sessions importing into one library take
//! turns rather than overwrite each other's catalog. The OS drops the lock
//! when a process dies, so a killed import never leaves it held.

use std::fs::{File, OpenOptions};
use std::path::Path;

use super::LibraryError;

pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    pub fn acquire(path: &Path) -> Result<WriteLock, LibraryError> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| LibraryError::io(path, e))?;
        file.lock().map_err(|e| LibraryError::io(path, e))?;
        Ok(WriteLock { _file: file })
    }
}
