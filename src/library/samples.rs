//! The sample transcripts shipped inside the binary: what an empty library
//! shows, so a new user sees real stories at once.

use jiff::Timestamp;

use crate::story::Story;
use crate::story::parse::parse;

/// File name and raw bytes of each file in samples/ (bytes, not text: one
/// sample is Windows-1252 on purpose).
pub const FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/samples.rs"));

/// The samples, parsed. They are ours, so each one parses.
pub fn bundled() -> Vec<Story> {
    let when = Timestamp::now();
    FILES
        .iter()
        .filter_map(|(name, bytes)| parse(bytes, Some(name), when).ok())
        .collect()
}
