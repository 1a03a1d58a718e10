//! Getting quotes out of the transcript pane: `y` copies the marked turn
//! with its attribution, `e` exports the turns on show as Markdown. The
//! clipboard and the file are the terminal layer's to touch: the App only
//! says what should go out.

use crate::query::Quote;
use crate::story::TurnKind;
use crate::story::sanitize::{clean_line, clean_text};

use super::App;

/// Work the App hands to the terminal layer after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    /// Text for the terminal's clipboard, sent by OSC 52 so that it works
    /// over SSH and inside tmux.
    Clipboard(String),
    /// A Markdown file to write in the current folder; `stem` names it.
    Export { stem: String, markdown: String },
    /// A story's corrections form, for the reader's editor; what comes
    /// back goes to `App::fix_edited`.
    Edit { id: String, form: String },
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

/// A file name's worth of `text`: lower-case letters and digits joined by
/// dashes.
pub(super) fn slug(text: &str) -> String {
    let words: Vec<String> = crate::story::fold::words(text);
    let mut slug = words.join("-");
    // `fold` keeps non-Latin letters: the cut must not split one.
    let mut cut = slug.len().min(60);
    while !slug.is_char_boundary(cut) {
        cut -= 1;
    }
    slug.truncate(cut);
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
