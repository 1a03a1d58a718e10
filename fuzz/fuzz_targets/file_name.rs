//! Any bytes as a file name (Unix file names are any bytes but NUL and /):
//! a story titled after it, or an error naming it, can be printed to a
//! terminal as it is, and no line of it can pass for another line.
#![no_main]

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use hark::testing::sanitize;
use hark::{ImportError, ParseError, parse};
use libfuzzer_sys::fuzz_target;

fn assert_one_clean_line(text: &str) {
    assert!(
        !text
            .chars()
            .any(|c| sanitize::is_unsafe(c) || c == '\n' || c == '\r'),
        "unsafe text: {text:?}"
    );
}

fuzz_target!(|name: &[u8]| {
    if name.is_empty() || name.contains(&0) {
        return;
    }
    let path = Path::new("in").join(OsStr::from_bytes(name));
    assert_one_clean_line(&sanitize::path(&path));
    let error = ImportError::Parse {
        path: path.clone(),
        source: ParseError::Empty,
    };
    assert_one_clean_line(&error.to_string());

    // No headline: the title comes from the file name.
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let transcript = b"ANA LIMA, HOST: Words.\n\nJOSH EARNEST: More words.\n";
    if let Ok(story) = parse(
        transcript,
        file_name.as_deref(),
        jiff::Timestamp::UNIX_EPOCH,
    ) {
        assert_one_clean_line(&story.title);
        if let Some(stored) = &story.source.file_name {
            assert_one_clean_line(stored);
        }
    }
});
