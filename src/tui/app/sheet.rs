//! The quote sheet view (`C`): the quotes a reporter has gathered with
//! `a`, in their order, each with a note. Enter opens a quote's story at
//! it, `J`/`K` reorder, `d` removes, `n` writes the note, `e` exports it
//! all as Markdown. The sheet itself is the source's to keep
//! (`source::sheet`); every change goes out as a `Request::Sheet` and the
//! sheet as it then is comes back to `App::sheet_arrived`, so what shows
//! is what is kept, whoever else (another hark) changed it meanwhile.

use tui_textarea::TextArea;

use crate::story::TurnKind;
use crate::story::text::counted;
use crate::tui::keymap::{Action, Context};
use crate::tui::source::sheet::sheet_markdown;
use crate::tui::source::{SheetChange, SheetEntry, SheetQuote, SourceError};

use super::scroll::ScrollList;
use super::{App, Around, Ask, Effect, Focus, PaneFilter, Request};

/// Rows each quote takes in the view: its attribution, two lines of its
/// text, its note and a blank line.
pub const ENTRY_ROWS: usize = 5;

#[derive(Debug, Default)]
pub struct SheetPane {
    /// The sheet as last read; none until the view first opens.
    pub entries: Option<Vec<SheetEntry>>,
    pub window: ScrollList,
    /// Whether the sheet outlives this run (it does in a library).
    pub lasting: bool,
    /// The sheet has no filter; this stays empty for the bar to show.
    pub filter: PaneFilter,
    /// The entry to keep selected when the sheet comes back: the one
    /// just moved.
    follow: Option<i64>,
}

impl SheetPane {
    /// The selected quote.
    pub fn selected(&self) -> Option<&SheetEntry> {
        self.entries.as_ref()?.get(self.window.selected())
    }

    fn len(&self) -> usize {
        self.entries.as_ref().map_or(0, Vec::len)
    }

    /// Handles the keys of the sheet view: moving, reordering, removing.
    pub(super) fn update(&mut self, action: &Action, around: &Around) -> Vec<Effect> {
        let rows = (around.rows / ENTRY_ROWS).max(1);
        if self.window.motion(action, self.len(), rows) {
            self.window.keep_visible(self.len(), rows);
            return Vec::new();
        }
        let Some(id) = self.selected().map(|e| e.id) else {
            return vec![Effect::Say("the sheet is empty".into())];
        };
        let change = match action {
            Action::SheetMoveUp => SheetChange::MoveUp(id),
            Action::SheetMoveDown => SheetChange::MoveDown(id),
            Action::SheetRemove => SheetChange::Remove(id),
            _ => return Vec::new(),
        };
        if matches!(change, SheetChange::MoveUp(_) | SheetChange::MoveDown(_)) {
            self.follow = Some(id);
        }
        vec![Effect::Request(Request::Sheet(change))]
    }
}

impl App {
    pub(crate) fn sheet(&self) -> &SheetPane {
        &self.sheet
    }

    /// The sheet as last read, in its order; empty until first read.
    pub fn sheet_entries(&self) -> &[SheetEntry] {
        self.sheet.entries.as_deref().unwrap_or_default()
    }

    /// The quote selected in the sheet view.
    pub fn selected_sheet_entry(&self) -> Option<&SheetEntry> {
        self.sheet.selected()
    }

    /// Enter: the selected quote's story, open at the quoted turn.
    pub(super) fn open_sheet_entry(&mut self) {
        let selected = self.sheet.selected();
        let Some((id, turn)) = selected.map(|e| (e.quote.story_id.clone(), e.quote.turn)) else {
            self.message = Some("the sheet is empty".into());
            return;
        };
        self.open_at_turn(&id, turn, Focus::Sheet);
    }

    /// `C`: the sheet, read afresh.
    pub(super) fn show_sheet(&mut self) {
        self.remember_browse_focus();
        self.focus = Focus::Sheet;
        self.sync_bar();
        self.requests.push(Request::Sheet(SheetChange::Read));
    }

    /// `a`: the selection, the marked turn or the selected quote, on the
    /// sheet.
    pub(super) fn add_to_sheet(&mut self) {
        let quote = match self.focus {
            Focus::Quotes => self.selected_sheet_quote(),
            _ => self.transcript_sheet_quote(),
        };
        match quote {
            Ok(quote) => {
                // Done with: what is selected next starts afresh.
                self.transcript.selection = None;
                self.requests
                    .push(Request::Sheet(SheetChange::Add(Box::new(quote))))
            }
            Err(why) => self.message = Some(why.into()),
        }
    }

    /// The selection if there is one, else the marked turn.
    fn transcript_sheet_quote(&mut self) -> Result<SheetQuote, &'static str> {
        self.layout();
        let pane = &self.transcript;
        let story = pane.story.as_ref().ok_or("open a story to quote from it")?;
        let (turn, excerpt) = match &pane.selection {
            Some(selection) => (selection.turn, Some(selection.paragraphs())),
            None => (pane.cursor_turn().ok_or("no turn on show")?, None),
        };
        if story.turns[turn].kind != TurnKind::Speech {
            return Err("only what someone said goes on the sheet");
        }
        SheetQuote::of(story, turn, excerpt).ok_or("no turn on show")
    }

    fn selected_sheet_quote(&self) -> Result<SheetQuote, &'static str> {
        let (_, turn) = self.selected_quote().ok_or("no quote selected")?;
        let story = self
            .quote_story(self.quotes.window.selected())
            .ok_or("the quote's story is still loading")?;
        SheetQuote::of(story, turn, None).ok_or("no quote selected")
    }

    /// The sheet as it is after `change`, or why it could not be made.
    pub fn sheet_arrived(
        &mut self,
        change: &SheetChange,
        result: Result<Vec<SheetEntry>, SourceError>,
        lasting: bool,
    ) {
        let entries = match result {
            Ok(entries) => entries,
            Err(err) => {
                self.message = Some(format!("the quote sheet: {err}"));
                return;
            }
        };
        let pane = &mut self.sheet;
        pane.lasting = lasting;
        if let Some(id) = pane.follow.take()
            && let Some(at) = entries.iter().position(|e| e.id == id)
        {
            pane.window.select(at);
        }
        let count = entries.len();
        pane.entries = Some(entries);
        let rows = self.sheet_rows();
        self.sheet.window.keep_visible(count, rows);
        if let SheetChange::Add(quote) = change {
            let here = match self.focus {
                Focus::Quotes => Context::Quotes,
                _ => Context::Transcript,
            };
            let show = self.keymap.key(here, &Action::ShowSheet);
            let what = match quote.excerpt {
                true => "the selection",
                false => "the quote",
            };
            let sheet = counted(count, "quote", "quotes");
            self.message = Some(format!(
                "added {what} to the sheet ({sheet}): {show} shows it"
            ));
        }
    }

    /// How many quotes fit in the sheet view.
    fn sheet_rows(&self) -> usize {
        let rows = self.areas().map_or(1, |a| a.main_rows());
        (rows / ENTRY_ROWS).max(1)
    }

    /// `n`: the bar asks for the selected quote's note, holding it as it is.
    pub(super) fn start_note(&mut self) {
        let Some(entry) = self.sheet.selected() else {
            self.message = Some("the sheet is empty".into());
            return;
        };
        let (id, note) = (entry.id, entry.note.clone());
        self.ask(Ask::Note { id }, note, "a short note on this quote");
    }

    /// `y` in the sheet: the selected quote, attributed.
    pub(super) fn copy_sheet_entry(&mut self) {
        let Some(entry) = self.sheet.selected() else {
            self.message = Some("the sheet is empty".into());
            return;
        };
        let quote = entry.quote.quote();
        let who = entry.quote.speaker.as_deref().unwrap_or("the intro");
        self.outgoing.push(super::Outgoing::Clipboard {
            text: quote.attributed(),
            what: format!("the quote by {who}"),
        });
    }

    /// `e` in the sheet: asks where, then writes it all as Markdown.
    pub(super) fn export_sheet(&mut self) {
        match self.sheet.entries.as_deref() {
            Some(entries) if !entries.is_empty() => {
                let markdown = sheet_markdown(entries);
                self.ask_export("hark-quote-sheet", markdown);
            }
            _ => self.message = Some("the sheet is empty: a adds to it".into()),
        }
    }

    /// Opens the bar on `text` for an answer to `ask`.
    pub(super) fn ask(&mut self, ask: Ask, text: String, placeholder: &str) {
        self.editing = true;
        self.asking = Some(ask);
        self.bar = TextArea::new(vec![text]);
        self.bar.move_cursor(tui_textarea::CursorMove::End);
        self.style_bar();
        self.bar.set_placeholder_text(placeholder);
    }

    /// Enter or Esc on a question in the bar.
    pub(super) fn end_ask(&mut self, accept: bool) {
        let typed = self.bar.lines().join(" ");
        let Some(ask) = self.asking.take() else {
            return;
        };
        self.sync_bar();
        if !accept {
            return;
        }
        match ask {
            Ask::Note { id } => {
                let note: String = typed.trim().chars().filter(|c| !c.is_control()).collect();
                self.requests
                    .push(Request::Sheet(SheetChange::Note(id, note)));
            }
            Ask::ExportPath { markdown } => self.export_to(typed.trim(), markdown),
        }
    }
}
