//! Getting quotes out of the transcript pane: `y` copies the marked turn
//! with its attribution, `e` exports the turns on show as Markdown. The
//! clipboard and the file are the terminal layer's to touch: the App only
//! says what should go out.

use crate::query::Quote;
use crate::story::TurnKind;
use crate::story::sanitize::{clean_line, clean_text};
use crate::story::text::floor_char_boundary;

use super::App;

/// Work the App hands to the terminal layer after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    /// Text for the clipboard: `what` names it for the status line, which
    /// says where it went ("copied the quote by Josh Earnest to tmux's
    /// buffer") once the terminal layer knows.
    Clipboard { text: String, what: String },
    /// A Markdown file to write in the current folder; `stem` names it.
    Export { stem: String, markdown: String },
    /// A story's corrections form, for the reader's editor; what comes
    /// back goes to `App::fix_edited`.
    Edit { id: String, form: String },
    /// The story's audio, to open in the reader's player from `seconds` in.
    Play { url: String, seconds: u64 },
    /// A web page to open in the reader's browser.
    OpenUrl(String),
}

/// The open story's address, drawn under the transcript, where the
/// terminal layer makes it a hyperlink (OSC 8) that a click opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLink {
    pub column: u16,
    pub row: u16,
    /// The address as shown: cut to fit the pane.
    pub text: String,
    pub url: String,
}

impl App {
    pub fn take_outgoing(&mut self) -> Vec<Outgoing> {
        std::mem::take(&mut self.outgoing)
    }

    pub(super) fn copy_marked_turn(&mut self) {
        // The marked turn is known from the laid-out lines, which a filter
        // change drops until the next layout.
        self.layout();
        let pane = &self.transcript;
        let quote = pane
            .story
            .as_ref()
            .zip(pane.cursor_turn())
            .and_then(|(story, turn)| Quote::of(story, turn));
        let Some(quote) = quote else {
            self.message = Some("open a story to copy from it".into());
            return;
        };
        let what = match &quote.speaker {
            Some(name) => format!("the quote by {name}"),
            None => "the turn".to_string(),
        };
        self.outgoing.push(Outgoing::Clipboard {
            text: quote.attributed(),
            what,
        });
    }

    pub(super) fn open_source(&mut self) {
        let url = self
            .transcript
            .story
            .as_ref()
            .and_then(|s| s.source.url.clone());
        match url.as_deref().and_then(link_safe) {
            Some(url) => self.outgoing.push(Outgoing::OpenUrl(url)),
            None => {
                self.message = Some(match self.transcript.story {
                    Some(_) => "this story has no web address: it came from a file".into(),
                    None => "open a story to visit its web page".into(),
                })
            }
        }
    }

    /// Where the open story's address goes under the transcript pane,
    /// while the pane shows and nothing covers its lower border.
    pub(crate) fn source_link(&self) -> Option<SourceLink> {
        let browsing = matches!(self.focus, super::Focus::List | super::Focus::Transcript);
        if !browsing || self.overlay != super::Overlay::None {
            return None;
        }
        let url = link_safe(self.transcript.story.as_ref()?.source.url.as_deref()?)?;
        let story = self.transcript.story.as_ref()?;
        let pane = self.areas()?.transcript;
        // Two corners, the spaces around it and the key that opens it; half
        // the border when the story's warnings need the other half.
        let width = match story.warnings.is_empty() {
            true => pane.width,
            false => pane.width / 2,
        };
        let room = usize::from(width.saturating_sub(10));
        let text = match url.chars().count() > room {
            true => url
                .chars()
                .take(room.saturating_sub(1))
                .chain(['…'])
                .collect(),
            false => url.clone(),
        };
        Some(SourceLink {
            column: pane.x + 2,
            row: (pane.y + pane.height).checked_sub(1)?,
            text,
            url,
        })
    }

    pub(super) fn export_shown_turns(&mut self) {
        self.layout();
        let pane = &self.transcript;
        let (Some(story), Some(doc)) = (pane.story.as_ref(), pane.doc.as_ref()) else {
            self.message = Some("open a story to export from it".into());
            return;
        };
        let quotes: Vec<Quote> = doc
            .turn_starts
            .iter()
            .map(|&line| doc.lines[line].turn)
            .filter(|&turn| story.turns[turn].kind == TurnKind::Speech)
            .filter_map(|turn| Quote::of(story, turn))
            .collect();
        let filter = pane.filter.text.trim();
        // A story file edited by hand may hold anything: the file is
        // outside text's last stop before someone's terminal or editor.
        let title = clean_line(&story.title);
        let heading = match filter {
            "" => format!("# {title}\n\n"),
            _ => format!("# {title} ({})\n\n", clean_line(filter)),
        };
        let body: Vec<String> = quotes.iter().map(Quote::markdown).collect();
        self.outgoing.push(Outgoing::Export {
            stem: slug(&format!("hark {} {filter}", story.title)),
            markdown: clean_text(&(heading + &body.join("\n"))).into_owned(),
        });
    }
}

/// An address fit to put in a terminal escape: printable ASCII only, as
/// OSC 8 asks, and http(s). Anything else is not shown as a link at all.
pub(crate) fn link_safe(url: &str) -> Option<String> {
    let url = url.trim();
    let printable = url.bytes().all(|b| (0x21..0x7f).contains(&b));
    let web = url.starts_with("https://") || url.starts_with("http://");
    (printable && web).then(|| url.to_string())
}

/// A file name's worth of `text`: lower-case letters and digits joined by
/// dashes.
pub(super) fn slug(text: &str) -> String {
    let words: Vec<String> = crate::story::fold::words(text);
    let mut slug = words.join("-");
    // `fold` keeps non-Latin letters: the cut must not split one.
    slug.truncate(floor_char_boundary(&slug, 60));
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_web_addresses_become_links() {
        assert_eq!(
            link_safe(" https://www.npr.org/transcripts/1 ").as_deref(),
            Some("https://www.npr.org/transcripts/1")
        );
        assert_eq!(link_safe("https://a.example/\u{1b}]8;;x"), None);
        assert_eq!(link_safe("https://a.example/é"), None);
        assert_eq!(link_safe("javascript:alert(1)"), None);
        assert_eq!(link_safe("file:///etc/passwd"), None);
    }

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(
            slug("hark U.S. Talks: Aleppo / ../x @kelemen"),
            "hark-u-s-talks-aleppo-x-kelemen"
        );
    }

    /// Non-Latin letters are kept, so the 60-byte cut can fall inside a
    /// character of a Cyrillic, CJK or emoji title.
    #[test]
    fn long_non_latin_titles_are_cut_between_characters() {
        for title in [
            "hark Переговоры в Алеппо продолжаются третью неделю подряд без итогов",
            "hark 東京の港で夜明け前に始まる市場の競りと漁師たちの長い一日の記録",
            "hark 🙂🙂🙂 Aleppo🙂talks🙂and🙂more🙂talks🙂and🙂even🙂more🙂talks🙂",
            "hark Σίσυφος και η πέτρα του στο λιμάνι της Θεσσαλονίκης απόψε",
        ] {
            let slug = slug(title);
            assert!(slug.len() <= 60, "{slug}");
            assert!(slug.starts_with("hark-"), "{slug}");
            assert!(!slug.ends_with('-'), "{slug}");
        }
    }
}
