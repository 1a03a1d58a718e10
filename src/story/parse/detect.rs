//! Which format a transcript is in, told by its content; the file's
//! extension only breaks ties and names what a broken file should be.

use super::{cues, segments, text_export, transcript_html};

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
    pub fn name(self) -> &'static str {
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
    pub fn by_extension(file_name: &str) -> Option<Format> {
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
    if text_export::looks_like(text) {
        return Format::TextExport;
    }
    // A `.srt` with no timings is a broken SRT, better reported as one
    // than read as a page.
    file_name
        .and_then(Format::by_extension)
        .unwrap_or(Format::NprText)
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
    fn the_name_breaks_a_tie() {
        let text = "00:00:01.000 --> 00:00:02.000\nHi";
        assert_eq!(detect(text, Some("a.srt")), Format::Srt);
        assert_eq!(detect(text, None), Format::WebVtt);
        assert_eq!(detect("{\"segm", Some("a.json")), Format::JsonSegments);
        assert_eq!(detect("just words", Some("a.vtt")), Format::WebVtt);
    }
}
