//! A podcast feed, RSS or Atom, read into what hark imports: the show's
//! title and each episode with its date, page, audio and the transcripts
//! it offers (`<podcast:transcript>`), and the rule that picks one
//! transcript per episode. Pure: the bytes come from the caller.

use jiff::Timestamp;
use jiff::civil::Date;
use thiserror::Error;

use crate::story::sanitize::clean_line;
use crate::story::{Story, WarningKind};

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("not a feed hark can read: {0}")]
pub struct FeedError(String);

/// A show and its episodes, in the feed's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Show {
    pub title: Option<String>,
    pub episodes: Vec<Episode>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    /// The feed's id for the episode (its guid), so an update can tell
    /// new episodes from ones already imported.
    pub id: String,
    pub title: Option<String>,
    /// The air date: the item's `pubDate` (or Atom's published date).
    pub published: Option<Date>,
    /// The episode's web page.
    pub link: Option<String>,
    /// The enclosure: the episode's audio.
    pub audio_url: Option<String>,
    pub transcripts: Vec<TranscriptLink>,
}

/// One `<podcast:transcript>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptLink {
    pub url: String,
    pub media_type: String,
    pub kind: TranscriptKind,
    /// `captions` marks closed captions.
    pub rel: Option<String>,
}

/// Transcript formats, in the order an episode's are preferred: those
/// that name speakers in the format itself (JSON `speaker`, VTT `<v>`)
/// first, then HTML's `<cite>`, then SRT and text, where names are at
/// best a prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TranscriptKind {
    Json,
    WebVtt,
    Html,
    Srt,
    Text,
    Other,
}

impl TranscriptKind {
    /// From the tag's `type`, else from the address's extension.
    fn of(media_type: &str, url: &str) -> TranscriptKind {
        let essence = media_type.split(';').next().unwrap_or("").trim();
        match essence.to_ascii_lowercase().as_str() {
            "application/json" => TranscriptKind::Json,
            "text/vtt" => TranscriptKind::WebVtt,
            "text/html" => TranscriptKind::Html,
            "application/x-subrip" | "application/srt" | "text/srt" | "text/x-srt" => {
                TranscriptKind::Srt
            }
            "text/plain" => TranscriptKind::Text,
            _ => TranscriptKind::by_extension(url),
        }
    }

    fn by_extension(url: &str) -> TranscriptKind {
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
        match extension.to_ascii_lowercase().as_str() {
            "json" => TranscriptKind::Json,
            "vtt" => TranscriptKind::WebVtt,
            "html" | "htm" => TranscriptKind::Html,
            "srt" => TranscriptKind::Srt,
            "txt" => TranscriptKind::Text,
            _ => TranscriptKind::Other,
        }
    }
}

impl Episode {
    /// The transcript to import: the most preferred kind, and of two of
    /// one kind the first the feed lists. None when it offers none.
    pub fn best_transcript(&self) -> Option<&TranscriptLink> {
        self.transcripts
            .iter()
            .enumerate()
            .min_by_key(|(i, t)| (t.kind, *i))
            .map(|(_, t)| t)
    }
}

impl Episode {
    /// Gives a story parsed from this episode's transcript what the feed
    /// knows: the show as its program, the episode's title, the pubDate as
    /// its air date, the episode's page and its audio.
    pub fn describe(&self, show: &Show, story: &mut Story) {
        story.program = show.title.clone().or(story.program.take());
        if let Some(title) = &self.title {
            story.title = title.clone();
            story
                .warnings
                .retain(|w| w.kind != WarningKind::TitleNotFound);
        }
        story.air_date = self.published.or(story.air_date);
        if story.air_date.is_some() {
            story
                .warnings
                .retain(|w| w.kind != WarningKind::DateNotFound);
        }
        story.source.url = self.link.clone().or(story.source.url.take());
        story.source.audio_url = self.audio_url.clone().or(story.source.audio_url.take());
    }
}

impl Show {
    /// Episodes that offer no transcript, which an import reports rather
    /// than fails on.
    pub fn without_transcript(&self) -> impl Iterator<Item = &Episode> {
        self.episodes.iter().filter(|e| e.transcripts.is_empty())
    }
}

/// Reads a feed's bytes.
pub fn read(bytes: &[u8]) -> Result<Show, FeedError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|err| FeedError(clean(&err.to_string())))?;
    Ok(Show {
        title: feed
            .title
            .map(|t| clean(&t.content))
            .filter(|t| !t.is_empty()),
        episodes: feed.entries.into_iter().map(episode).collect(),
    })
}

fn episode(entry: feed_rs::model::Entry) -> Episode {
    let media = entry.media.iter();
    let transcripts = media
        .clone()
        .flat_map(|m| &m.transcripts)
        .map(|t| {
            let (url, media_type) = (t.url.to_string(), t.content_type.to_string());
            TranscriptLink {
                kind: TranscriptKind::of(&media_type, &url),
                url,
                media_type,
                rel: t.rel.clone(),
            }
        })
        .collect();
    let enclosure = media
        .flat_map(|m| &m.content)
        .find_map(|c| c.url.as_ref().map(|u| u.to_string()));
    let enclosure_link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref() == Some("enclosure"))
        .map(|l| l.href.clone());
    let page = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.clone());
    let published = entry.published.or(entry.updated).and_then(|at| {
        let at = Timestamp::from_second(at.timestamp()).ok()?;
        Some(at.to_zoned(jiff::tz::TimeZone::UTC).date())
    });
    Episode {
        id: entry.id,
        title: entry
            .title
            .map(|t| clean(&t.content))
            .filter(|t| !t.is_empty()),
        published,
        link: page,
        audio_url: enclosure.or(enclosure_link),
        transcripts,
    }
}

fn clean(text: &str) -> String {
    clean_line(text).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(media_type: &str, url: &str) -> TranscriptLink {
        TranscriptLink {
            url: url.into(),
            media_type: media_type.into(),
            kind: TranscriptKind::of(media_type, url),
            rel: None,
        }
    }

    fn episode_with(transcripts: Vec<TranscriptLink>) -> Episode {
        Episode {
            id: "x".into(),
            title: None,
            published: None,
            link: None,
            audio_url: None,
            transcripts,
        }
    }

    #[test]
    fn json_or_vtt_before_html_srt_and_text() {
        let e = episode_with(vec![
            link("text/plain", "https://x.test/a.txt"),
            link("application/x-subrip", "https://x.test/a.srt"),
            link("text/html", "https://x.test/a.html"),
            link("text/vtt", "https://x.test/a.vtt"),
        ]);
        assert_eq!(e.best_transcript().unwrap().kind, TranscriptKind::WebVtt);
        let e = episode_with(vec![
            link("text/vtt", "https://x.test/a.vtt"),
            link("application/json", "https://x.test/a.json"),
        ]);
        assert_eq!(e.best_transcript().unwrap().kind, TranscriptKind::Json);
        let e = episode_with(vec![
            link("text/plain", "https://x.test/a.txt"),
            link("application/srt", "https://x.test/a.srt"),
        ]);
        assert_eq!(e.best_transcript().unwrap().kind, TranscriptKind::Srt);
        assert_eq!(episode_with(Vec::new()).best_transcript(), None);
    }

    #[test]
    fn unknown_types_fall_back_to_the_extension() {
        assert_eq!(
            TranscriptKind::of("application/octet-stream", "https://x.test/ep.vtt?token=1"),
            TranscriptKind::WebVtt
        );
        assert_eq!(
            TranscriptKind::of("text/vtt; charset=utf-8", "x"),
            TranscriptKind::WebVtt
        );
        assert_eq!(
            TranscriptKind::of("image/png", "https://x.test/a"),
            TranscriptKind::Other
        );
    }

    #[test]
    fn not_a_feed_is_an_error() {
        let err = read(b"this is not xml").unwrap_err();
        assert!(
            err.to_string().starts_with("not a feed hark can read"),
            "{err}"
        );
    }
}
