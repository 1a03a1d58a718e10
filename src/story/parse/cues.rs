//! What WebVTT and SRT share: blocks of cues, each a timing line
//! (`00:00:01.000 --> 00:00:04.000`) and the lines of text under it, and
//! the markup inside cue text. Lenient on purpose: cues without the blank
//! line between them, a missing header and stray numbers all still read.

use crate::story::clock;

/// One cue: when it starts and ends, and its lines of text as written.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawCue<'a> {
    pub start_ms: u64,
    pub end_ms: Option<u64>,
    pub lines: Vec<&'a str>,
}

/// Blocks that hold no cue: the header and WebVTT's comments and styles.
const SKIPPED_BLOCKS: &[&str] = &["WEBVTT", "NOTE", "STYLE", "REGION"];

pub(crate) fn read(text: &str) -> Vec<RawCue<'_>> {
    let mut cues: Vec<RawCue> = Vec::new();
    for block in blocks(text) {
        let timings: Vec<usize> = (0..block.len())
            .filter(|&i| timing(block[i]).is_some())
            .collect();
        // A header run into its first cue still gives the cue.
        if is_skipped(block[0]) && timings.is_empty() {
            continue;
        }
        if timings.is_empty() {
            // Text after a blank line inside a cue, or a stray number.
            if let Some(last) = cues.last_mut()
                && !is_number(block[0])
            {
                last.lines.extend(&block);
            }
            continue;
        }
        // Lines before the first timing name the cue; they are not text.
        for (n, &at) in timings.iter().enumerate() {
            let Some((start_ms, end_ms)) = timing(block[at]) else {
                continue;
            };
            let end = timings.get(n + 1).copied().unwrap_or(block.len());
            let mut lines = block[at + 1..end].to_vec();
            // Without blank lines, the next cue's number ends this one.
            if end < block.len() && lines.last().is_some_and(|l| is_number(l)) {
                lines.pop();
            }
            cues.push(RawCue {
                start_ms,
                end_ms,
                lines,
            });
        }
    }
    cues
}

/// Lines grouped by the blank lines between them, each line trimmed.
fn blocks(text: &str) -> Vec<Vec<&str>> {
    let mut blocks: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines().map(str::trim) {
        match (line.is_empty(), blocks.last_mut()) {
            (true, Some(last)) if !last.is_empty() => blocks.push(Vec::new()),
            (false, Some(last)) => last.push(line),
            _ => {}
        }
    }
    blocks.retain(|b| !b.is_empty());
    blocks
}

fn is_skipped(line: &str) -> bool {
    SKIPPED_BLOCKS.iter().any(|word| {
        line.strip_prefix(word)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '-']))
    })
}

fn is_number(line: &str) -> bool {
    !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit())
}

/// `start --> end [settings]`: the settings are dropped.
pub(crate) fn timing(line: &str) -> Option<(u64, Option<u64>)> {
    let (start, rest) = line.split_once("-->")?;
    let start = clock::parse(start)?;
    let end = rest.split_whitespace().next().and_then(clock::parse);
    Some((start, end))
}

/// Whether the file's first timing writes milliseconds after a comma, as
/// SRT does, rather than after a dot, as WebVTT does.
pub(crate) fn first_timing_is_srt(text: &str) -> Option<bool> {
    // Only lines with an arrow can time a cue: one SIMD search finds them,
    // where splitting every line of a page on "-->" would not be cheap.
    let bytes = text.as_bytes();
    let line = memchr::memmem::find_iter(bytes, b"-->")
        .map(|arrow| {
            let start = memchr::memrchr(b'\n', &bytes[..arrow]).map_or(0, |at| at + 1);
            let end = memchr::memchr(b'\n', &bytes[arrow..]).map_or(text.len(), |at| arrow + at);
            text[start..end].trim()
        })
        .find(|l| timing(l).is_some())?;
    let start = line.split("-->").next().unwrap_or_default();
    Some(start.contains(','))
}

/// Cue text without its markup: tags (`<i>`, `<c.loud>`, `</v>`, inline
/// `<00:00:01.000>` timestamps), SSA overrides (`{\an8}`) and the
/// character references captions use.
pub(crate) fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['<', '{']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = match tail.as_bytes() {
            [b'<', next, ..] if next.is_ascii_alphanumeric() || *next == b'/' => tail.find('>'),
            [b'{', b'\\', ..] => tail.find('}'),
            _ => None,
        };
        match end {
            Some(end) => rest = &tail[end + 1..],
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    unescape(&out)
}

fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    const REFERENCES: &[(&str, &str)] = &[
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&apos;", "'"),
        ("&#39;", "'"),
        ("&nbsp;", " "),
        ("&lrm;", ""),
        ("&rlm;", ""),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        for (reference, replacement) in REFERENCES {
            if let Some(after) = tail.strip_prefix(reference) {
                out.push_str(replacement);
                rest = after;
                continue 'outer;
            }
        }
        out.push('&');
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_with_and_without_blank_lines() {
        let text = "1\n00:00:01,000 --> 00:00:02,000\nHello\nthere\n2\n00:00:03,000 --> 00:00:04,000\nAgain\n\n3\n00:00:05,000 --> 00:00:06,000\nLast";
        let cues = read(text);
        let lines: Vec<_> = cues.iter().map(|c| c.lines.clone()).collect();
        assert_eq!(lines, [vec!["Hello", "there"], vec!["Again"], vec!["Last"]]);
        assert_eq!(cues[1].start_ms, 3_000);
        assert_eq!(cues[1].end_ms, Some(4_000));
    }

    #[test]
    fn headers_notes_styles_regions_and_settings_are_dropped() {
        let text = "WEBVTT - A title\n\nNOTE a comment\nover two lines\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:fred\n\nintro\n00:01.000 --> 00:02.000 align:start line:0\nHi";
        let cues = read(text);
        assert_eq!(cues.len(), 1);
        assert_eq!(cues[0].lines, ["Hi"]);
        assert_eq!(cues[0].start_ms, 1_000);
    }

    #[test]
    fn markup_is_stripped_and_references_read() {
        assert_eq!(
            plain("<c.loud>Big</c> <00:00:01.500>news &amp; <i>more</i>"),
            "Big news & more"
        );
        assert_eq!(plain("{\\an8}Top"), "Top");
        assert_eq!(plain("3 < 5 & 6 > 2"), "3 < 5 & 6 > 2");
        assert_eq!(plain("&lt;b&gt;"), "<b>");
    }
}
