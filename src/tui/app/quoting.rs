//! Getting quotes out of the transcript pane: `y` copies the marked turn
//! with its attribution, `e` exports the turns on show as Markdown. The
//! clipboard and the file are the terminal layer's to touch: the App only
//! says what should go out.

use crate::query::Quote;
use crate::story::TurnKind;

use super::App;

/// Work the App hands to the terminal layer after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    /// Text for the terminal's clipboard, sent by OSC 52 so that it works
    /// over SSH and inside tmux.
    Clipboard(String),
    /// A Markdown file to write in the current folder; `stem` names it.
    Export { stem: String, markdown: String },
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
        let who = match &quote.speaker {
            Some(name) => format!("the quote by {name}"),
            None => "the turn".to_string(),
        };
        self.message = Some(format!("copied {who} to the clipboard"));
        self.outgoing.push(Outgoing::Clipboard(quote.attributed()));
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
    pub fn source_link(&self) -> Option<SourceLink> {
        let browsing = matches!(self.focus, super::Focus::List | super::Focus::Transcript);
        if !browsing || self.overlay != super::Overlay::None {
            return None;
        }
        let url = link_safe(self.transcript.story.as_ref()?.source.url.as_deref()?)?;
        let pane = self.areas()?.transcript;
        // Two corners, the spaces around it and the key that opens it.
        let room = usize::from(pane.width.saturating_sub(10));
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
        let heading = match filter {
            "" => format!("# {}\n\n", story.title),
            _ => format!("# {} ({filter})\n\n", story.title),
        };
        let body: Vec<String> = quotes.iter().map(Quote::markdown).collect();
        self.outgoing.push(Outgoing::Export {
            stem: slug(&format!("hark {} {filter}", story.title)),
            markdown: heading + &body.join("\n"),
        });
    }
}

/// An address fit to put in a terminal escape: printable ASCII only, as
/// OSC 8 asks, and http(s). Anything else is not shown as a link at all.
pub fn link_safe(url: &str) -> Option<String> {
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
    slug.truncate(60);
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
}
