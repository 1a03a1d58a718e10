//! One writer at a time: two SSH sessions importing into one library take
//! turns rather than overwrite each other's catalog. The OS drops the lock
//! when a process dies, so a killed import never leaves it held.

use std::cell::RefCell;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use super::LibraryError;

pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Takes the lock, waiting for another writer to finish if one holds
    /// it; this thread's wait notice (see `on_wait`) hears of the wait.
    pub fn acquire(path: &Path) -> Result<WriteLock, LibraryError> {
        let file = open(path)?;
        match file.try_lock() {
            Ok(()) => return Ok(WriteLock { _file: file }),
            Err(TryLockError::WouldBlock) => WAIT_NOTICE.with(|notice| {
                if let Some(notice) = notice.borrow().as_ref() {
                    notice(path);
                }
            }),
            Err(TryLockError::Error(e)) => return Err(LibraryError::io(path, e)),
        }
        file.lock().map_err(|e| LibraryError::io(path, e))?;
        Ok(WriteLock { _file: file })
    }

    /// The lock if no one holds it; None, at once, if someone does.
    pub fn try_acquire(path: &Path) -> Result<Option<WriteLock>, LibraryError> {
        let file = open(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(WriteLock { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(LibraryError::io(path, e)),
        }
    }
}

fn open(path: &Path) -> Result<File, LibraryError> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| LibraryError::io(path, e))
}

type Notice = Box<dyn Fn(&Path)>;

thread_local! {
    static WAIT_NOTICE: RefCell<Option<Notice>> = const { RefCell::new(None) };
}

/// Calls `notice` with the lock's path whenever this thread is about to
/// wait for another process's write: the CLI says so on stderr, the TUI on
/// its status line. A wait can last as long as the other import.
pub fn on_wait(notice: impl Fn(&Path) + 'static) {
    WAIT_NOTICE.with(|n| *n.borrow_mut() = Some(Box::new(notice)));
}
