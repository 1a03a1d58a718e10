//! Which format a transcript is in, told by its content; the file's
//! extension only breaks ties and names what a broken file should be.

use super::{cues, label, segments, text_export, transcript_html};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A transcript copied from an NPR or member-station page.
    NprText,
    WebVtt,
    Srt,
    /// The podcast namespace's JSON: `{"version", "segments": [...]}`.
    JsonSegments,
    /// The podcast namespace's HTML: `<cite>`, `<time>`, `<p>`.
    TranscriptHtml,
    /// A transcription tool's plain-text export.
    TextExport,
}

impl Format {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::NprText => "NPR transcript",
            Format::WebVtt => "WebVTT",
            Format::Srt => "SRT",
            Format::JsonSegments => "JSON transcript",
            Format::TranscriptHtml => "HTML transcript",
            Format::TextExport => "text export",
        }
    }

    /// The format a file's name says it is in, if it says.
    pub(crate) fn by_extension(file_name: &str) -> Option<Format> {
        let (_, extension) = file_name.rsplit_once('.')?;
        match extension.to_ascii_lowercase().as_str() {
            "vtt" => Some(Format::WebVtt),
            "srt" => Some(Format::Srt),
            "json" => Some(Format::JsonSegments),
            _ => None,
        }
    }
}

/// The format of decoded, sanitized `text`.
pub fn detect(text: &str, file_name: Option<&str>) -> Format {
    let start = text.trim_start();
    if start.starts_with("WEBVTT") {
        return Format::WebVtt;
    }
    if segments::looks_like(start) {
        return Format::JsonSegments;
    }
    if transcript_html::looks_like(start) {
        return Format::TranscriptHtml;
    }
    // Cues without a header: the timings tell WebVTT from SRT.
    if let Some(srt) = cues::first_timing_is_srt(text) {
        let by_name = file_name.and_then(Format::by_extension);
        return match (by_name, srt) {
            (Some(Format::WebVtt), _) => Format::WebVtt,
            (Some(Format::Srt), _) | (_, true) => Format::Srt,
            _ => Format::WebVtt,
        };
    }
    if text_export::looks_like(text) && !has_npr_labels(text) {
        return Format::TextExport;
    }
    // A `.srt` with no timings is a broken SRT, better reported as one
    // than read as a page.
    file_name
        .and_then(Format::by_extension)
        .unwrap_or(Format::NprText)
}

/// Two paragraphs that open with NPR labels make a page, whatever
/// `Listen 3:45` lines its player left behind.
fn has_npr_labels(text: &str) -> bool {
    text.lines()
        .filter(|line| label::parse(line.trim_start()).is_some())
        .nth(1)
        .is_some()
}

/// An RSS or Atom feed: its first element, past the XML declaration and
/// any comments, is `<rss` or `<feed`.
pub(crate) fn is_feed(text: &str) -> bool {
    let mut rest = text.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<?") {
            rest = after.split_once("?>").map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->").map_or("", |(_, r)| r).trim_start();
        } else {
            break;
        }
    }
    ["<rss", "<feed", "<rdf:RDF"].iter().any(|tag| {
        rest.strip_prefix(tag)
            .is_some_and(|r| r.starts_with([' ', '>', '\n', '\r', '\t']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_whatever_the_name() {
        let cases = [
            ("WEBVTT\n\n00:01.000 --> 00:02.000\nHi", Format::WebVtt),
            ("1\n00:00:01,000 --> 00:00:02,000\nHi", Format::Srt),
            ("00:00:01.000 --> 00:00:02.000\nHi", Format::WebVtt),
            (
                "{\"version\":\"1.0.0\",\"segments\":[]}",
                Format::JsonSegments,
            ),
            ("<html><cite>A</cite><p>Hi</p>", Format::TranscriptHtml),
            ("[00:00:01] A: Hi\n[00:00:02] B: Yo", Format::TextExport),
            ("Headline\n\nANA LIMA, HOST: Hi.", Format::NprText),
        ];
        for (text, format) in cases {
            assert_eq!(detect(text, Some("story.txt")), format, "{text}");
        }
    }

    #[test]
    fn a_short_page_with_player_times_is_no_export() {
        let page = "Seawall Vote Delayed\n\nListen 3:45\n\nDownload 3:45\n\n\
                    ANA LIMA, HOST: The council delayed its vote.\n\n\
                    TOM REYES, BYLINE: Residents say it cannot wait.\n";
        assert_eq!(detect(page, Some("page.txt")), Format::NprText);
    }

    #[test]
    fn feeds_are_told_apart() {
        assert!(is_feed(
            "<?xml version=\"1.0\"?>\n<!-- a show -->\n<rss version=\"2.0\"><channel>"
        ));
        assert!(is_feed("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
        assert!(!is_feed("<html><cite>A</cite><p>Hi</p>"));
        assert!(!is_feed("Feeding the gulls\n\nANA LIMA, HOST: Hi."));
    }

    #[test]
    fn the_name_breaks_a_tie() {
        let text = "00:00:01.000 --> 00:00:02.000\nHi";
        assert_eq!(detect(text, Some("a.srt")), Format::Srt);
        assert_eq!(detect(text, None), Format::WebVtt);
        assert_eq!(detect("{\"segm", Some("a.json")), Format::JsonSegments);
        assert_eq!(detect("just words", Some("a.vtt")), Format::WebVtt);
    }
}
