//! SubRip (SRT): numbered cues with `00:00:01,000 --> 00:00:04,000`
//! timings. Nothing in the format names a speaker, so a `Name:` or
//! `[Name]:` prefix marks a change of speaker, and the name carries over
//! until the next one (see `timed::prefix` for when colons are the
//! sentence's own).

use super::cues;
use super::timed::{Cue, Timed};

pub(crate) fn read(text: &str) -> Timed {
    let cues = cues::read(text)
        .into_iter()
        .map(|raw| Cue {
            start_ms: Some(raw.start_ms),
            end_ms: raw.end_ms,
            speaker: None,
            text: cues::plain(&raw.lines.join("\n")),
        })
        .collect();
    Timed {
        title: None,
        cues,
        prefixes: true,
    }
}
