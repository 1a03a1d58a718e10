//! A quote: one speech turn with what it takes to attribute it, and the
//! ways it leaves hark (text, Markdown, JSON, the clipboard).

use jiff::civil::Date;
use serde::Serialize;

use crate::story::{Story, sanitize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub story_id: String,
    pub story_title: String,
    pub speaker: Option<String>,
    pub paragraphs: Vec<String>,
    pub turn: usize,
    pub date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
    pub program: Option<String>,
    /// The page the story came from.
    pub url: Option<String>,
    pub audio_url: Option<String>,
}

impl Quote {
    pub fn of(story: &Story, turn: usize) -> Option<Quote> {
        let t = story.turns.get(turn)?;
        Some(Quote {
            story_id: story.id.clone(),
            story_title: story.title.clone(),
            speaker: t.speaker.clone(),
            paragraphs: t.paragraphs.clone(),
            turn,
            date: story.date(),
            station: story.source.station.clone(),
            program: story.program.clone(),
            url: story.source.url.clone(),
            audio_url: story.source.audio_url.clone(),
        })
    }

    /// Who said it, where and when: `Josh Earnest, “Title”, 2016-10-03, WOSU`.
    pub fn attribution(&self) -> String {
        let speaker = self.speaker.as_deref().unwrap_or("Unattributed");
        let mut parts = vec![
            clean(speaker),
            format!("“{}”", clean(&self.story_title)),
            self.date.to_string(),
        ];
        parts.extend(self.station.as_deref().map(clean));
        parts.join(", ")
    }

    /// `“…text…” (Josh Earnest, “Title”, date, station, <url>)`: what `y`
    /// copies.
    pub fn attributed(&self) -> String {
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
    pub fn markdown(&self) -> String {
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

    pub fn text(&self) -> String {
        let body: Vec<String> = self
            .paragraphs
            .iter()
            .map(|p| format!("  {}", clean(p)))
            .collect();
        format!("{}\n{}\n", self.attribution(), body.join("\n"))
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
    fn attributed_quote_names_speaker_story_date_and_station() {
        assert_eq!(
            quote().attributed(),
            "“He was dogged. And tenacious.” (Josh Earnest, “Talks End”, 1970-01-01, WOSU Public Media)"
        );
    }

    #[test]
    fn markdown_is_a_blockquote_with_attribution_under_it() {
        assert_eq!(
            quote().markdown(),
            "> He was dogged.\n>\n> And tenacious.\n\n— Josh Earnest, “Talks End”, 1970-01-01, WOSU Public Media\n"
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
