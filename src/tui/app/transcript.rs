//! The transcript pane: the open story, its laid-out lines, where the
//! reader is in them, and the speaker picker that filters them.

use crate::story::{Story, TurnKind};

use super::document::{DocKey, Document};
use super::scroll::ScrollList;
use super::{App, Around, Effect, Focus, Overlay, PaneFilter, Request};
use crate::tui::keymap::Action;

#[derive(Default)]
pub struct TranscriptPane {
    pub story: Option<Story>,
    /// The story's lines for the current width and filter; rebuilt by
    /// `App::layout` whenever either changes.
    pub doc: Option<Document>,
    /// The first line on screen.
    pub scroll: usize,
    /// The marked turn, as an index into `Document::turn_starts`.
    pub cursor: usize,
    pub filter: PaneFilter,
    /// A story asked of the source, to open when it arrives.
    pub opening: Option<String>,
    /// A turn to mark and scroll to once the story is laid out: where a
    /// quote opened from the quotes view is.
    pub target: Option<usize>,
    /// Every turn shows, with the filter's matches marked (`c`).
    pub context: bool,
    /// The view the story was opened from (the quotes view, the quote
    /// sheet): Esc, `h`, Left and Backspace go back there, to the same
    /// quote.
    pub opened_from: Option<super::Focus>,
    /// The story the list has selected, to show once keys stop coming:
    /// holding `j` through the list loads only where it stops.
    pub preview: Option<String>,
    /// A story asked of the source for the preview, to show (without
    /// taking the focus) when it arrives.
    pub previewing: Option<String>,
    /// The filter is the story list's words, set by the list: it goes when
    /// they do.
    pub marks_from_list: bool,
    /// Part of the marked turn, selected by sentence (`v`).
    pub selection: Option<super::selection::Selection>,
}

impl TranscriptPane {
    /// A new filter starts the reader at the top of what it shows.
    pub(super) fn filter_changed(&mut self) {
        self.selection = None;
        self.doc = None;
        self.scroll = 0;
        self.cursor = 0;
    }

    /// How many turns match and how many the story has.
    pub(crate) fn match_count(&self) -> Option<(usize, usize)> {
        let doc = self.doc.as_ref()?;
        Some((doc.matches.len(), doc.total_turns))
    }

    /// How far down the story the bottom of the screen is, in percent.
    pub(crate) fn percent(&self, height: usize) -> Option<usize> {
        let total = self.doc.as_ref()?.lines.len();
        let seen = (self.scroll + height).min(total);
        Some((seen * 100).checked_div(total).unwrap_or(100))
    }

    /// Handles the keys that move through the story: scrolling, turn by
    /// turn, match by match.
    pub(super) fn update(&mut self, action: &Action, around: &Around) -> Vec<Effect> {
        let (height, page) = (around.rows, around.page);
        let filtered = self.filter.is_active();
        let Some(doc) = self.doc.as_ref() else {
            return Vec::new();
        };
        let max = doc.lines.len().saturating_sub(height);
        let last_turn = doc.turn_starts.len().saturating_sub(1);
        match action {
            Action::Down => self.scroll += 1,
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll += page,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(page),
            Action::Top => (self.scroll, self.cursor) = (0, 0),
            Action::Bottom => (self.scroll, self.cursor) = (max, last_turn),
            Action::NextTurn => self.cursor = (self.cursor + 1).min(last_turn),
            Action::PrevTurn => self.cursor = self.cursor.saturating_sub(1),
            Action::NextMatch | Action::PrevMatch if !filtered => return vec![Effect::NoFilter],
            Action::NextMatch => match doc.matches.iter().find(|&&m| m > self.cursor) {
                Some(&next) => self.cursor = next,
                None => return vec![Effect::Say("no more matches below".into())],
            },
            Action::PrevMatch => match doc.matches.iter().rev().find(|&&m| m < self.cursor) {
                Some(&previous) => self.cursor = previous,
                None => return vec![Effect::Say("no more matches above".into())],
            },
            _ => return Vec::new(),
        }
        if matches!(
            action,
            Action::NextTurn | Action::PrevTurn | Action::NextMatch | Action::PrevMatch
        ) {
            self.scroll = doc.turn_starts.get(self.cursor).copied().unwrap_or(0);
        }
        self.clamp(height);
        Vec::new()
    }

    /// Keeps the scroll within the story and the marked turn on screen.
    pub(super) fn clamp(&mut self, height: usize) {
        let Some(doc) = self.doc.as_ref() else { return };
        let max = doc.lines.len().saturating_sub(height);
        self.scroll = self.scroll.min(max);
        self.cursor = self.cursor.min(doc.turn_starts.len().saturating_sub(1));
        // The marked turn stays on screen, so ] and [ start from what the
        // reader sees.
        let start = doc.turn_starts.get(self.cursor).copied().unwrap_or(0);
        let end = doc
            .turn_starts
            .get(self.cursor + 1)
            .copied()
            .unwrap_or(doc.lines.len());
        if end <= self.scroll {
            self.cursor = doc.turn_at(self.scroll);
        } else if start >= self.scroll + height {
            self.cursor = doc.turn_at((self.scroll + height).saturating_sub(1));
        }
    }

    /// The turn of `Story::turns` the cursor marks.
    pub fn cursor_turn(&self) -> Option<usize> {
        let doc = self.doc.as_ref()?;
        let start = *doc.turn_starts.get(self.cursor)?;
        Some(doc.lines[start].turn)
    }
}

impl App {
    /// Lays the open story out for the current pane width and filter; cheap
    /// when nothing changed, so it can run before every frame.
    pub fn layout(&mut self) {
        let Some(areas) = self.areas() else { return };
        let pane = &mut self.transcript;
        let Some(story) = pane.story.as_ref() else {
            pane.doc = None;
            return;
        };
        let key = DocKey {
            story: story.id.clone(),
            width: areas.text_width(),
            query: pane.filter.query.clone(),
            context: pane.context && pane.filter.is_active(),
            strip_width: areas.strip_width(),
        };
        if pane.doc.as_ref().is_none_or(|d| d.key != key) {
            let filter = key.query.bind_to_story(story);
            let anchor = pane.cursor_turn();
            let doc = Document::build(story, &filter, key);
            // A reflow keeps the marked turn on screen, at the top.
            if let Some(turn) = anchor {
                let shown = doc
                    .turn_starts
                    .iter()
                    .position(|&s| doc.lines[s].turn >= turn);
                pane.cursor = shown.unwrap_or(0);
                pane.scroll = doc.turn_starts.get(pane.cursor).copied().unwrap_or(0);
            }
            pane.doc = Some(doc);
        }
        if let (Some(turn), Some(doc)) = (pane.target.take(), pane.doc.as_ref()) {
            pane.cursor = doc
                .turn_starts
                .iter()
                .position(|&s| doc.lines[s].turn >= turn)
                .unwrap_or(0);
            pane.scroll = doc.turn_starts.get(pane.cursor).copied().unwrap_or(0);
        }
        self.transcript.clamp(areas.text_height());
        self.list.keep_visible(areas.list_rows());
    }

    /// Shows a loaded story in the transcript pane; false if it is not
    /// loaded.
    pub(super) fn show_cached(&mut self, id: &str) -> bool {
        let Some(story) = self.cache.get(id) else {
            return false;
        };
        let pane = &mut self.transcript;
        if pane.story.as_ref().is_none_or(|s| s.id != id) {
            pane.story = Some(story.clone());
            pane.filter_changed();
        }
        true
    }

    /// Shows the story the list has selected, as fzf's preview does: at
    /// once if loaded, else asked for. The event loop calls it when no key
    /// waits, so a held key costs no loads on the way.
    pub(crate) fn settle(&mut self) {
        // The selected row is on its way: the preview waits for it.
        self.settle_waits |= self.preview_waits;
        let Some(id) = self.transcript.preview.take() else {
            return;
        };
        self.settle_waits = false;
        self.mark_list_words();
        let showing = self.transcript.story.as_ref().map(|s| s.id.as_str());
        if showing == Some(id.as_str()) || self.failed.contains(&id) {
            self.layout();
            return;
        }
        if self.show_cached(&id) {
            // Another story than the view's: Esc there goes to the list.
            self.transcript.opened_from = None;
            self.layout();
        } else if self.transcript.opening.is_none() {
            self.transcript.previewing = Some(id.clone());
            self.requests.push(Request::Load(vec![id]));
        }
    }

    /// A list filtered by words marks them in the story it shows, with
    /// every turn on show and `n` and `N` jumping between them.
    /// When the list's words go, so do the marks they made.
    pub(super) fn mark_list_words(&mut self) {
        let words = self.list.filter.query.words_text();
        let pane = &mut self.transcript;
        let stale = words.is_empty() && pane.marks_from_list;
        if stale || (!words.is_empty() && pane.filter.text != words) {
            pane.filter.set(words);
            pane.filter_changed();
            pane.context = !stale;
            pane.marks_from_list = !stale;
        }
    }

    /// Whether Esc in the transcript goes back to the quotes view.
    pub(super) fn transcript_came_from_a_view(&self) -> bool {
        self.focus == Focus::Transcript && self.transcript.opened_from.is_some()
    }

    /// Back to the quotes view the story was opened from, at the same
    /// quote; else to the story list.
    pub(super) fn transcript_back(&mut self) {
        match self.transcript.opened_from.take() {
            Some(Focus::Quotes) => {
                self.focus = Focus::Quotes;
                self.sync_bar();
                self.layout_quotes();
            }
            Some(Focus::Sheet) => {
                self.focus = Focus::Sheet;
                self.sync_bar();
                self.layout();
            }
            _ => {
                self.focus = Focus::List;
                self.sync_bar();
            }
        }
    }

    /// `c`: every turn with the matches marked, or the matches alone.
    pub(super) fn toggle_context(&mut self) {
        if !self.transcript.filter.is_active() {
            return self.say_no_filter();
        }
        let pane = &mut self.transcript;
        pane.context = !pane.context;
        self.message = Some(match pane.context {
            true => "every turn, the matches marked: n and N jump".into(),
            false => "only the matching turns".into(),
        });
        self.layout();
    }

    pub(super) fn open_cached(&mut self, id: &str) {
        if !self.show_cached(id) {
            // It did not load (gone since it was quoted, say): no turn to
            // go to in the story still shown, and back to the view it was
            // opened from.
            self.transcript.target = None;
            if self.transcript_came_from_a_view() {
                self.transcript_back();
            }
            return;
        }
        let turns = self.transcript.story.as_ref().map_or(0, |s| s.turns.len());
        if self.transcript.target.is_some_and(|turn| turn >= turns) {
            self.message =
                Some("the quoted turn is no longer in this story: it changed since".into());
        }
        self.mark_opened(id);
        if self.focus != Focus::Transcript {
            self.focus = Focus::Transcript;
            self.sync_bar();
        }
        self.layout();
    }

    /// Each speaker of the open story (name, heading) with how many turns
    /// they have.
    pub(crate) fn speaker_turns(&self) -> Vec<(String, String, usize)> {
        let Some(story) = self.transcript.story.as_ref() else {
            return Vec::new();
        };
        story
            .speakers
            .iter()
            .map(|s| {
                let turns = story
                    .turns
                    .iter()
                    .filter(|t| t.kind == TurnKind::Speech && t.speaker.as_ref() == Some(&s.name))
                    .count();
                (s.name.clone(), s.heading(), turns)
            })
            .collect()
    }

    pub(super) fn open_picker(&mut self) {
        match self.transcript.story.as_ref() {
            Some(story) if !story.speakers.is_empty() => {
                self.overlay = Overlay::Picker {
                    speakers: ScrollList::default(),
                };
            }
            Some(_) => self.message = Some("no named speakers in this story".into()),
            None => self.message = Some("open a story first".into()),
        }
    }

    pub(super) fn update_picker(&mut self, action: Action) {
        let Overlay::Picker { mut speakers } = self.overlay else {
            return;
        };
        let count = self
            .transcript
            .story
            .as_ref()
            .map_or(0, |s| s.speakers.len());
        match action {
            Action::Quit => self.quit = true,
            Action::CloseOverlay => self.overlay = Overlay::None,
            Action::Down | Action::Up => {
                speakers.motion(&action, count, 1);
                self.overlay = Overlay::Picker { speakers };
            }
            Action::PickerAccept => self.pick_speaker(speakers.selected()),
            _ => {}
        }
    }

    fn pick_speaker(&mut self, index: usize) {
        let name = self
            .transcript
            .story
            .as_ref()
            .and_then(|s| s.speakers.get(index))
            .map(|s| s.name.replace('"', ""));
        self.overlay = Overlay::None;
        if let Some(name) = name {
            self.focus = Focus::Transcript;
            self.set_filter(Focus::Transcript, format!("@\"{name}\""));
        }
    }
}
