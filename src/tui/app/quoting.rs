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
    /// The story's audio, to open in the reader's player from `seconds` in.
    Play { url: String, seconds: u64 },
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
    fn slugs_are_safe_file_names() {
        assert_eq!(
            slug("hark U.S. Talks: Aleppo / ../x @kelemen"),
            "hark-u-s-talks-aleppo-x-kelemen"
        );
    }
}
