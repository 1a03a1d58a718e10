//! Plain-text exports of transcription tools. Three layouts:
//! - a speaker line with a time after the name, then the text:
//!   `Speaker 1  0:03`;
//! - `[00:01:02] Name: text`, the name optional;
//! - `Name (00:01:02): text`.

use super::timed::{Cue, MAX_NAME_LEN, Timed, looks_like_speaker_name};
use crate::story::clock;

/// Of a file's lines, at least one in this many must be headers.
const HEADER_SHARE: usize = 4;

/// Whether `text` is laid out as a transcription tool's export.
pub(crate) fn looks_like(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let headers = lines.iter().filter(|l| header(l).is_some()).count();
    headers >= 2 && headers * HEADER_SHARE >= lines.len()
}

pub(crate) fn read(text: &str) -> Timed {
    let mut timed = Timed::default();
    // A header alone on its line names the text on the lines under it.
    let mut pending: Option<Header> = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (header, words) = match header(line) {
            Some(header) if header.rest.is_empty() => {
                pending = Some(header);
                continue;
            }
            Some(header) => (Some(header), None),
            None => (pending.take(), Some(line)),
        };
        let cue = match header {
            Some(Header {
                speaker,
                start_ms,
                rest,
            }) => Cue {
                start_ms: Some(start_ms),
                end_ms: None,
                speaker: speaker.map(str::to_string),
                text: words.unwrap_or(rest).to_string(),
            },
            None => Cue {
                text: line.to_string(),
                ..Cue::default()
            },
        };
        timed.cues.push(cue);
    }
    timed
}

#[derive(Debug, PartialEq, Eq)]
struct Header<'a> {
    speaker: Option<&'a str>,
    start_ms: u64,
    /// Text on the header's own line, if any.
    rest: &'a str,
}

fn header(line: &str) -> Option<Header<'_>> {
    bracketed_time(line)
        .or_else(|| name_then_time(line))
        .or_else(|| name_with_time(line))
}

/// `[00:01:02] Name: text` or `[00:01:02] text`.
fn bracketed_time(line: &str) -> Option<Header<'_>> {
    let (time, rest) = line.strip_prefix('[')?.split_once(']')?;
    let start_ms = clock::parse(time).filter(|_| time.contains(':'))?;
    let rest = rest.trim_start();
    let named = rest.split_once(':').filter(|(name, after)| {
        looks_like_speaker_name(name) && (after.is_empty() || after.starts_with(' '))
    });
    Some(match named {
        Some((name, after)) => Header {
            speaker: Some(name),
            start_ms,
            rest: after.trim_start(),
        },
        None => Header {
            speaker: None,
            start_ms,
            rest,
        },
    })
}

/// What an audio player prints beside a length (`Listen 3:45`,
/// `Download 3:45`): never a speaker.
const PLAYER_WORDS: &[&str] = &[
    "listen",
    "download",
    "play",
    "pause",
    "embed",
    "transcript",
    "share",
    "duration",
    "length",
    "audio",
    "episode",
    "runtime",
];

/// `Speaker 1  0:03` alone on its line.
fn name_then_time(line: &str) -> Option<Header<'_>> {
    let (name, time) = line.rsplit_once([' ', '\t'])?;
    let name = name.trim_end();
    let start_ms = clock::parse(time).filter(|_| time.contains(':'))?;
    let player_word = PLAYER_WORDS.iter().any(|w| name.eq_ignore_ascii_case(w));
    (looks_like_speaker_name(name) && !player_word).then_some(Header {
        speaker: Some(name),
        start_ms,
        rest: "",
    })
}

/// `Name (00:01:02): text`.
fn name_with_time(line: &str) -> Option<Header<'_>> {
    // A name holds no `(` and is short, so the first `(` opens the time
    // or nothing does: no need to search the whole line for " (".
    let window = &line.as_bytes()[..line.len().min(MAX_NAME_LEN + 2)];
    let open = memchr::memchr(b'(', window).filter(|&at| at > 0 && window[at - 1] == b' ')?;
    let (name, after) = (&line[..open - 1], &line[open + 1..]);
    // Likewise a time holds no `)`.
    let close = memchr::memchr(b')', after.as_bytes())?;
    let (time, rest) = (&after[..close], after[close + 1..].strip_prefix(':')?);
    let start_ms = clock::parse(time).filter(|_| time.contains(':'))?;
    looks_like_speaker_name(name).then_some(Header {
        speaker: Some(name),
        start_ms,
        rest: rest.trim_start(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_layouts() {
        assert_eq!(
            header("Speaker 1  0:03"),
            Some(Header {
                speaker: Some("Speaker 1"),
                start_ms: 3_000,
                rest: ""
            })
        );
        assert_eq!(
            header("[00:01:02] Ana Ruiz: We left."),
            Some(Header {
                speaker: Some("Ana Ruiz"),
                start_ms: 62_000,
                rest: "We left."
            })
        );
        assert_eq!(
            header("[01:02] the tide: rising"),
            Some(Header {
                speaker: None,
                start_ms: 62_000,
                rest: "the tide: rising"
            })
        );
        assert_eq!(
            header("Tom Reyes (00:01:02): Right."),
            Some(Header {
                speaker: Some("Tom Reyes"),
                start_ms: 62_000,
                rest: "Right."
            })
        );
    }

    #[test]
    fn npr_text_is_not_an_export() {
        assert!(!looks_like(
            "Headline\n\nANA LIMA, HOST: At 6:15 the tide came.\n\nThe score was 3:1.\n"
        ));
        assert!(header("Next Up: 5:30").is_none());
        assert!(header("Download 3:45").is_none());
        assert!(header("Listen 3:45").is_none());
        assert!(header("0:00 0:00").is_none());
    }
}
