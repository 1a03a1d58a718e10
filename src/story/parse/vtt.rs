//! WebVTT, as Apple Podcasts and Zoom or Teams write it: voice spans
//! (`<v Maria Gonzalez>`) name the speaker, or `Name:` at the start of the
//! cue does. Files that mark only the changes of speaker carry the name
//! over; comments, styles, regions, settings and inline tags are dropped.

use super::cues;
use super::timed::{Cue, Timed};

pub(crate) fn read(text: &str) -> Timed {
    let mut timed = Timed {
        title: header_title(text),
        prefixes: true,
        ..Timed::default()
    };
    for raw in cues::read(text) {
        let payload = raw.lines.join("\n");
        for (speaker, words) in voices(&payload) {
            timed.cues.push(Cue {
                start_ms: Some(raw.start_ms),
                end_ms: raw.end_ms,
                speaker: speaker.map(str::to_string),
                text: cues::plain(words),
            });
        }
    }
    timed
}

/// `WEBVTT - Episode 12: The Flood` names the file.
fn header_title(text: &str) -> Option<String> {
    let first = text.lines().next()?.trim();
    let rest = first.strip_prefix("WEBVTT")?;
    let title = rest.trim_start_matches([' ', '\t', '-']).trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// Splits a cue's text at each voice span, `<v Name>` or `<v.class Name>`,
/// into (speaker, text) pieces; text before the first span has none.
fn voices(payload: &str) -> Vec<(Option<&str>, &str)> {
    let mut pieces = Vec::new();
    let mut speaker = None;
    let mut rest = payload;
    while let Some(at) = find_voice(rest) {
        pieces.push((speaker, &rest[..at]));
        let tag = &rest[at..];
        let Some(close) = tag.find('>') else {
            rest = &tag[2..];
            continue;
        };
        // The annotation after the first space is the name; classes go.
        let inside = &tag[2..close];
        speaker = inside
            .split_once([' ', '\t'])
            .map(|(_, name)| name.trim())
            .filter(|name| !name.is_empty());
        rest = &tag[close + 1..];
    }
    pieces.push((speaker, rest));
    pieces.retain(|(_, text)| !text.trim().is_empty());
    pieces
}

fn find_voice(text: &str) -> Option<usize> {
    text.match_indices("<v")
        .map(|(at, _)| at)
        .find(|&at| matches!(text.as_bytes().get(at + 2), Some(b' ' | b'.' | b'\t')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_spans_split_and_name_cues() {
        assert_eq!(
            voices("<v.loud Maria Gonzalez>Hi.</v> <v Tom>Hey.</v>"),
            [
                (Some("Maria Gonzalez"), "Hi.</v> "),
                (Some("Tom"), "Hey.</v>")
            ]
        );
        assert_eq!(voices("no voice"), [(None, "no voice")]);
        // An unclosed span is text, never a panic.
        assert_eq!(voices("<v Ana"), [(None, " Ana")]);
    }

    #[test]
    fn header_names_the_file() {
        assert_eq!(
            header_title("WEBVTT - Tide Tables, Ep. 3\n\n").as_deref(),
            Some("Tide Tables, Ep. 3")
        );
        assert_eq!(header_title("WEBVTT\n"), None);
    }
}
