//! A podcast feed, RSS or Atom, read into what hark imports: the show's
//! title and each episode with its date, page, audio and the transcripts
//! it offers (`<podcast:transcript>`), and the rule that picks one
//! transcript per episode. Pure: the bytes come from the caller.

use jiff::Timestamp;
use jiff::civil::Date;
use thiserror::Error;

use crate::story::sanitize::clean_line;
use crate::story::{FromFeed, Story};

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
    /// at `feed_url` knows: the show as its program, the episode's title,
    /// the pubDate as its air date, the episode's page and its audio. The
    /// first three are kept in the story's source, for a reparse to keep.
    pub fn describe(&self, show: &Show, feed_url: &str, story: &mut Story) {
        story.source.feed = Some(FromFeed {
            feed: clean(feed_url),
            program: show.title.clone(),
            title: self.title.clone(),
            air_date: self.published,
        });
        story.apply_feed();
        story.source.url = self.link.clone().or(story.source.url.take());
        story.source.audio_url = self.audio_url.clone().or(story.source.audio_url.take());
    }
}

/// Whether `bytes` are a feed, told by their root element (`<rss>`,
/// Atom's `<feed>`, RSS 1.0's `<rdf:RDF>`) past the XML declaration,
/// comments and a doctype, whatever the server calls them.
pub fn is_feed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        let skipped = if rest.starts_with("<?") {
            rest.find("?>").map(|end| end + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|end| end + 3)
        } else if rest.starts_with("<!") {
            rest.find('>').map(|end| end + 1)
        } else {
            break;
        };
        let Some(skipped) = skipped else {
            return false;
        };
        rest = rest[skipped..].trim_start();
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return false;
    };
    let name_end = tag
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    let local = name.rsplit_once(':').map_or(name, |(_, local)| local);
    matches!(local, "rss" | "feed" | "RDF")
}

/// Reads a feed's bytes.
pub fn read(bytes: &[u8]) -> Result<Show, FeedError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|err| FeedError(clean(&err.to_string())))?;
    let atom = feed.feed_type == feed_rs::model::FeedType::Atom;
    let mut episodes: Vec<Episode> = feed.entries.into_iter().map(episode).collect();
    if atom {
        let found = atom_transcripts(bytes);
        // Matched by position: only when every entry was read by both.
        if found.len() == episodes.len() {
            for (episode, transcripts) in episodes.iter_mut().zip(found) {
                if episode.transcripts.is_empty() {
                    episode.transcripts = transcripts;
                }
            }
        }
    }
    Ok(Show {
        title: feed
            .title
            .map(|t| clean(&t.content))
            .filter(|t| !t.is_empty()),
        episodes,
    })
}

/// The podcast namespace, whatever prefix a feed binds it to.
const PODCAST_NAMESPACE: &str = "https://podcastindex.org/namespace/1.0";
const ATOM_NAMESPACE: &str = "http://www.w3.org/2005/Atom";

/// The `<podcast:transcript>`s of each Atom `<entry>`, in order: feed-rs
/// reads the podcast namespace in RSS only. A feed that stops being XML
/// half way gives what was read before.
fn atom_transcripts(bytes: &[u8]) -> Vec<Vec<TranscriptLink>> {
    use quick_xml::events::Event;
    use quick_xml::name::{Namespace, ResolveResult};

    let mut reader = quick_xml::NsReader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut entries = Vec::new();
    let mut current: Option<Vec<TranscriptLink>> = None;
    loop {
        let (namespace, event) = match reader.read_resolved_event_into(&mut buf) {
            Ok((ResolveResult::Bound(Namespace(ns)), event)) => (ns.to_string(), event),
            Ok((_, Event::Eof)) | Err(_) => break,
            Ok(_) => {
                buf.clear();
                continue;
            }
        };
        match event {
            Event::Start(e)
                if namespace == ATOM_NAMESPACE && e.local_name().as_ref() == "entry" =>
            {
                current = Some(Vec::new());
            }
            Event::End(e) if namespace == ATOM_NAMESPACE && e.local_name().as_ref() == "entry" => {
                entries.extend(current.take());
            }
            Event::Start(e) | Event::Empty(e)
                if namespace == PODCAST_NAMESPACE && e.local_name().as_ref() == "transcript" =>
            {
                if let (Some(list), Some(link)) = (current.as_mut(), transcript_link(&e)) {
                    list.push(link);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    entries
}

/// A `<podcast:transcript>`'s link, if it has an address.
fn transcript_link(element: &quick_xml::events::BytesStart) -> Option<TranscriptLink> {
    let attribute = |name: &str| {
        element
            .attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == name)
            .and_then(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| clean(&v))
            })
    };
    let url = attribute("url").filter(|u| url::Url::parse(u).is_ok())?;
    let media_type = attribute("type").unwrap_or_default();
    Some(TranscriptLink {
        kind: TranscriptKind::of(&media_type, &url),
        url,
        media_type,
        rel: attribute("rel"),
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
        .map(|l| clean(&l.href));
    let page = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| clean(&l.href));
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
    fn feeds_are_told_by_their_root_element() {
        let feeds: [&[u8]; 4] = [
            b"<?xml version=\"1.0\"?>\n<!-- a show -->\n<rss version=\"2.0\"><channel/></rss>",
            b"\xef\xbb\xbf<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            b"<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">",
            b"  <atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\">",
        ];
        for bytes in feeds {
            assert!(is_feed(bytes), "{}", String::from_utf8_lossy(bytes));
        }
        let others: [&[u8]; 6] = [
            b"<!DOCTYPE html><html><head><link rel=alternate type=application/rss+xml>",
            b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Hi",
            b"{\"version\":\"1.0.0\",\"segments\":[]}",
            b"<feedback>not a feed</feedback>",
            b"<?xml never closed",
            b"",
        ];
        for bytes in others {
            assert!(!is_feed(bytes), "{}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn atom_entries_offer_transcripts_under_any_prefix() {
        let atom = br#"<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:pod="https://podcastindex.org/namespace/1.0">
  <title>Night Ferry</title>
  <entry>
    <title>Crossing</title><id>urn:x:2</id>
    <pod:transcript url="https://x.test/2.srt" type="application/x-subrip"/>
    <pod:transcript url="https://x.test/2.json" type="application/json" rel="captions"></pod:transcript>
    <pod:transcript url="relative/2.vtt" type="text/vtt"/>
  </entry>
  <entry><title>Docking</title><id>urn:x:1</id></entry>
</feed>"#;
        let show = read(atom).unwrap();
        let urls: Vec<_> = show.episodes[0]
            .transcripts
            .iter()
            .map(|t| &t.url)
            .collect();
        assert_eq!(urls, ["https://x.test/2.srt", "https://x.test/2.json"]);
        assert_eq!(
            show.episodes[0].transcripts[1].rel.as_deref(),
            Some("captions")
        );
        let best = show.episodes[0].best_transcript().unwrap();
        assert_eq!(best.kind, TranscriptKind::Json);
        assert!(show.episodes[1].transcripts.is_empty());
        // Cut off half way: what the feed reader read, and no panic.
        let cut = &atom[..atom.len() / 2];
        if let Ok(show) = read(cut) {
            assert!(show.episodes.len() <= 1);
        }
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
