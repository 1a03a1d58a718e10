//! A quote: one speech turn with what it takes to attribute it, and the
//! ways it leaves hark (text, Markdown, JSON, the clipboard).

use jiff::civil::Date;
use serde::Serialize;

use crate::story::{Story, clock, sanitize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub story_id: String,
    pub story_title: String,
    pub speaker: Option<String>,
    pub paragraphs: Vec<String>,
    pub turn: usize,
    /// The air date; null when the page gave none (the import date is
    /// never put in its place).
    pub date: Option<Date>,
    pub program: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
    /// When the turn starts in the audio, as the reader shows it: `12:34`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_ms: Option<u64>,
    /// The page the story came from.
    pub url: Option<String>,
    pub audio_url: Option<String>,
}

impl Quote {
    pub(crate) fn of(story: &Story, turn: usize) -> Option<Quote> {
        let t = story.turns.get(turn)?;
        Some(Quote {
            story_id: story.id.clone(),
            story_title: story.title.clone(),
            speaker: t.speaker.clone(),
            paragraphs: t.paragraphs.clone(),
            turn,
            date: story.date(),
            program: story.program.clone(),
            station: story.source.station.clone(),
            start: t.start_ms.map(clock::format),
            start_ms: t.start_ms,
            url: story.source.url.clone(),
            audio_url: story.source.audio_url.clone(),
        })
    }

    /// Who said it, where and when: `Josh Earnest, “Title”, All Things
    /// Considered, 2016-10-03, WOSU`, and `“Title” at 12:34` where the
    /// story has times. What is not known is left out.
    pub(crate) fn attribution(&self) -> String {
        let speaker = self.speaker.as_deref().unwrap_or("Unattributed");
        let title = match &self.start {
            Some(start) => format!("“{}” at {start}", clean(&self.story_title)),
            None => format!("“{}”", clean(&self.story_title)),
        };
        let mut parts = vec![clean(speaker), title];
        parts.extend(self.program.as_deref().map(clean));
        parts.extend(self.date.map(|d| d.to_string()));
        parts.extend(self.station.as_deref().map(clean));
        parts.join(", ")
    }

    /// `“…text…” (Josh Earnest, “Title”, date, station, <url>)`: what `y`
    /// copies.
    pub(crate) fn attributed(&self) -> String {
        format!(
            "“{}” ({}{})",
            clean(&self.paragraphs.join(" ")),
            self.attribution(),
            self.link()
        )
    }

    /// `, <https://…>`: the source as a Markdown autolink, so it stays one
    /// link whatever it holds; nothing for a story from a file.
    fn link(&self) -> String {
        let url = self.url.as_deref().map(clean).unwrap_or_default();
        let url: String = url
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '<' | '>'))
            .collect();
        match url.is_empty() {
            true => String::new(),
            false => format!(", <{url}>"),
        }
    }

    /// A blockquote with the attribution line under it.
    pub(crate) fn markdown(&self) -> String {
        let body: Vec<String> = self
            .paragraphs
            .iter()
            .map(|p| format!("> {}", clean(p)))
            .collect();
        format!(
            "{}\n\n— {}{}\n",
            body.join("\n>\n"),
            self.attribution(),
            self.link()
        )
    }
}

fn clean(text: &str) -> String {
    sanitize::clean_line(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::parse::parse;

    fn quote() -> Quote {
        let text = "© 2024 WOSU Public Media\n\nTalks End\n\nJOSH EARNEST: He was dogged.\n\nAnd tenacious.";
        let story = parse(text.as_bytes(), None, jiff::Timestamp::UNIX_EPOCH).unwrap();
        Quote::of(&story, 0).unwrap()
    }

    #[test]
    fn attributed_quote_names_speaker_story_program_date_and_station() {
        let mut quote = quote();
        quote.program = Some("All Things Considered".into());
        quote.date = Some(jiff::civil::date(2016, 10, 3));
        assert_eq!(
            quote.attributed(),
            "“He was dogged. And tenacious.” (Josh Earnest, “Talks End”, All Things Considered, 2016-10-03, WOSU Public Media)"
        );
    }

    #[test]
    fn a_story_without_air_date_is_attributed_without_one() {
        let quote = quote();
        assert_eq!(quote.date, None, "the fixture's page gives no date");
        assert_eq!(
            quote.attributed(),
            "“He was dogged. And tenacious.” (Josh Earnest, “Talks End”, WOSU Public Media)"
        );
        assert!(!quote.markdown().contains("1970"), "{}", quote.markdown());
    }

    #[test]
    fn a_timed_quote_says_when_in_the_audio() {
        let vtt =
            "WEBVTT - Harbor Hour\n\n00:12:34.000 --> 00:12:36.000\n<v Ana Ruiz>The tide turned.";
        let story = parse(vtt.as_bytes(), None, jiff::Timestamp::UNIX_EPOCH).unwrap();
        let quote = Quote::of(&story, 0).unwrap();
        assert_eq!(
            quote.attributed(),
            "“The tide turned.” (Ana Ruiz, “Harbor Hour” at 12:34)"
        );
        let json = serde_json::to_value(&quote).unwrap();
        assert_eq!(json["start"], "12:34");
        assert_eq!(json["start_ms"], 754_000);
    }

    #[test]
    fn markdown_is_a_blockquote_with_attribution_under_it() {
        assert_eq!(
            quote().markdown(),
            "> He was dogged.\n>\n> And tenacious.\n\n— Josh Earnest, “Talks End”, WOSU Public Media\n"
        );
    }

    #[test]
    fn a_quote_from_the_web_ends_with_its_address() {
        let mut quote = quote();
        quote.url = Some("https://www.npr.org/transcripts/1 <x>\u{1b}[2J".into());
        assert!(
            quote
                .markdown()
                .ends_with("WOSU Public Media, <https://www.npr.org/transcripts/1x>\n")
        );
        assert!(
            quote
                .attributed()
                .ends_with(", <https://www.npr.org/transcripts/1x>)")
        );
    }
}
