//! Streaming the packed text index: a library-wide keyword search reads one
//! file in large chunks, so memory stays flat however big the library is.

use std::fs::File;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};

use super::indexes::Index;
use super::packed::{self, Hit, Needle};
use super::{Library, LibraryError, store};

/// Read at a time: large enough for the SIMD search to run at full speed,
/// small enough that a newer keystroke cancels within a frame or two.
const CHUNK_BYTES: usize = 4 << 20;

impl Library {
    /// Calls `found` for every packed line holding all `needles`, until
    /// done or until `cancel` is set. Returns false when cancelled.
    pub fn scan_text(
        &self,
        needles: &[Needle],
        cancel: &AtomicBool,
        found: impl FnMut(Hit),
    ) -> Result<bool, LibraryError> {
        self.scan_text_without(needles, &[], cancel, found)
    }

    /// `scan_text`, leaving out lines that hold any of `without`.
    pub fn scan_text_without(
        &self,
        needles: &[Needle],
        without: &[Needle],
        cancel: &AtomicBool,
        mut found: impl FnMut(Hit),
    ) -> Result<bool, LibraryError> {
        self.scan_chunks(cancel, |chunk| {
            packed::scan_without(chunk, needles, without, &mut found)
        })
    }

    /// Calls `found(story_id, i)` for every packed line holding needle `i`.
    pub fn scan_each(
        &self,
        needles: &[Needle],
        cancel: &AtomicBool,
        mut found: impl FnMut(&str, usize),
    ) -> Result<bool, LibraryError> {
        self.scan_chunks(cancel, |chunk| {
            packed::scan_each(chunk, needles, &mut found)
        })
    }

    /// Hands the packed text to `scan` in chunks of whole lines.
    fn scan_chunks(
        &self,
        cancel: &AtomicBool,
        mut scan: impl FnMut(&[u8]),
    ) -> Result<bool, LibraryError> {
        if !self.on_disk {
            return self.scan_stories(cancel, scan);
        }
        let path = self.layout.index(Index::Packed);
        let mut file = File::open(&path).map_err(|e| LibraryError::io(&path, e))?;
        let mut buffer = vec![0u8; CHUNK_BYTES];
        let mut carried = 0;
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Ok(false);
            }
            let read = file
                .read(&mut buffer[carried..])
                .map_err(|e| LibraryError::io(&path, e))?;
            let filled = carried + read;
            // Whole lines only; the partial last line waits for the next read.
            let end = match read {
                0 => filled,
                _ => memchr::memrchr(b'\n', &buffer[..filled]).map_or(0, |i| i + 1),
            };
            if end == 0 && read > 0 && filled == buffer.len() {
                // A line longer than the buffer: grow to hold it.
                buffer.resize(buffer.len() * 2, 0);
                carried = filled;
                continue;
            }
            scan(&buffer[..end]);
            if read == 0 {
                return Ok(true);
            }
            buffer.copy_within(end..filled, 0);
            carried = filled - end;
        }
    }

    /// The packed text made from the story files, a story at a time: when
    /// the index on disk is stale and could not be rewritten.
    fn scan_stories(
        &self,
        cancel: &AtomicBool,
        mut scan: impl FnMut(&[u8]),
    ) -> Result<bool, LibraryError> {
        let mut text = String::new();
        for path in store::story_files(&self.layout.stories())? {
            if cancel.load(Ordering::Relaxed) {
                return Ok(false);
            }
            if let Ok(story) = store::read(&path) {
                text.clear();
                packed::pack(&story, &mut text);
                scan(text.as_bytes());
            }
        }
        Ok(true)
    }
}
