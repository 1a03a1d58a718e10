//! The whole state of the screen, changed only by `App::update`. Nothing
//! here draws or touches a terminal, a disk or a thread; what needs the
//! story source is asked for through `Request`s that the caller fulfils
//! (see `tui::serve`). Uses `story`, `query`, the keymap's `Action`, and
//! `source`'s and `library`'s plain value types, never their I/O.
//!
//! Each pane (`ListPane`, `TranscriptPane`, `QuotesPane`, `SpeakersPane`,
//! `SheetPane`) handles its own keys in its `update` and hands back
//! `Effect`s for what it cannot do alone; `App::update` sends each action
//! to its pane and keeps what spans panes (focus, the filter bar, opening
//! a story). Every scrolling list keeps its place in a
//! `scroll::ScrollList`. The view reads the App through its accessors
//! only. `selection` is part of a turn selected by sentence; the bar asks
//! for a note or a path through `Ask`.
//! `marks` keeps the reader's read and starred marks and the list's mode;
//! `talk` is the arithmetic behind the speaker strip and the talk-share bars.

pub(crate) mod document;
pub(crate) mod fixing;
pub(crate) mod geometry;
mod list;
pub(crate) mod marks;
pub(crate) mod quotes;
mod quoting;
pub(crate) mod scroll;
pub(crate) mod selection;
pub(crate) mod sheet;
pub(crate) mod speakers;
pub(crate) mod talk;
mod timing;
mod transcript;
pub(crate) mod wrap;

#[cfg(test)]
mod million;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use ratatui::style::Style;
use tui_textarea::{CursorMove, TextArea};

use crate::library::history::FilterHistory;
use crate::query::{Query, QueryError};
use crate::story::Story;
use crate::story::text::counted;

use super::keymap::{Action, Context, Keymap};
pub(crate) use super::source::ListShow;
use super::source::{
    Found, ListEntry, Mark, MarkSet, Reloaded, SearchJob, SearchOutcome, SourceError, StoryKey,
};
use super::theme::Theme;
use geometry::Areas;
pub(crate) use list::ListPane;
pub(crate) use quotes::QuotesPane;
pub use quoting::Outgoing;
pub(crate) use quoting::SourceLink;
use scroll::ScrollList;
pub(crate) use sheet::SheetPane;
pub(crate) use speakers::SpeakersPane;
pub(crate) use transcript::TranscriptPane;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Transcript,
    /// The quotes view, over the whole screen.
    Quotes,
    /// The speakers view, over the whole screen.
    Speakers,
    /// The quote sheet, over the whole screen.
    Sheet,
}

/// What the bar asks for when it is not a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// A note on sheet entry `id`.
    Note { id: i64 },
    /// Where to write `markdown`.
    ExportPath { markdown: String },
}

/// Where the stories on screen came from; decides what `i` does and what
/// the status line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Library,
    Samples,
    Files,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help {
        scroll: usize,
    },
    /// The speaker picker; its rows are the open story's speakers.
    Picker {
        speakers: ScrollList,
    },
    /// The open story's speakers, each with their share of its words.
    TalkShare,
}

/// Work for the story source, done between updates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Load(Vec<String>),
    /// The story list's rows of these stories, for the screen.
    Entries(Vec<StoryKey>),
    Import(Vec<String>),
    /// Every story shown from memory, into the library: `i` on the samples.
    ImportAll,
    /// A library-wide search. Answers come back to `App::found` and
    /// `App::search_done` with its generation; a newer search of the same
    /// kind makes an older one moot.
    Search {
        generation: u64,
        job: SearchJob,
    },
    /// These quotes, by story id and turn, for an export.
    Quotes(Vec<(String, Vec<usize>)>),
    /// Keep the reader's corrections to a story, and derive it again.
    Correct {
        id: String,
        corrections: crate::library::Corrections,
    },
    /// Keep the filter history for the next run.
    SaveHistory(FilterHistory),
    /// Keep a read or starred mark set (`on`) or cleared on story `id`.
    Mark {
        id: String,
        mark: Mark,
        on: bool,
    },
    /// Read the stories again if the library changed, or at once if
    /// `forced` (the reader pressed `r`).
    Reload {
        forced: bool,
    },
    /// A change to the quote sheet (or none), answered with the sheet as
    /// it then is.
    Sheet(super::source::SheetChange),
}

/// What a reload says: nothing when nothing changed, unless asked for.
fn reload_message(added: usize, removed: usize, forced: bool) -> Option<String> {
    let added_text = counted(added, "new story", "new stories");
    let removed_text = format!("{} removed", counted(removed, "story", "stories"));
    match (added, removed) {
        (0, 0) if forced => Some("no new stories".into()),
        (0, 0) => None,
        (_, 0) => Some(added_text),
        (0, _) => Some(removed_text),
        (_, _) => Some(format!("{added_text}, {removed} removed")),
    }
}

/// The name a view's filters are kept under.
fn history_name(pane: Focus) -> &'static str {
    match pane {
        Focus::List => "list",
        Focus::Transcript => "transcript",
        Focus::Quotes => "quotes",
        Focus::Speakers => "speakers",
        Focus::Sheet => "sheet",
    }
}

/// What a pane sees of the rest of the screen when it handles an action.
pub(crate) struct Around {
    /// The pane's rows on screen (each a story, a quote or a line of text).
    pub rows: usize,
    /// How far a page key moves.
    pub page: usize,
}

/// What a pane asks of the App after it handled an action: what it
/// cannot do from inside itself, in the order it asks. Panes handle their
/// own keys, as gitui's components do, and the App carries out the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Effect {
    /// Work for the story source.
    Request(Request),
    /// A word for the status line.
    Say(String),
    /// A key that jumps between matches, with no filter to match.
    NoFilter,
    /// The list's selection moved: the transcript shows it once keys stop.
    Preview,
    /// The list's order changed: ask the source for the list again.
    Relist,
    /// Lay the quotes out again: their heights need the loaded stories.
    LayoutQuotes,
}

/// Stories kept loaded at most; past it the cache starts over, keeping
/// the open story, so that paging through quotes cannot fill the memory.
const CACHE_LIMIT: usize = 256;

/// One pane's filter: the text as typed and the last query that parsed,
/// so a half-typed quote shows an error without emptying the pane.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaneFilter {
    pub text: String,
    pub query: Query,
    pub error: Option<QueryError>,
}

impl PaneFilter {
    fn set(&mut self, text: String) {
        match Query::parse(&text) {
            Ok(query) => (self.query, self.error) = (query, None),
            Err(err) => self.error = Some(err),
        }
        self.text = text;
    }

    pub(crate) fn is_active(&self) -> bool {
        !self.query.is_empty()
    }
}

pub struct App {
    theme: Theme,
    /// The keys in force, which the help overlay lists.
    keymap: Keymap,
    /// The help's line count under `keymap`, counted once when it is set.
    help_lines: usize,
    origin: Origin,
    /// How many stories the source has, filtered or not.
    story_count: usize,
    /// The story list's rows the source has sent, by key: those on screen
    /// and a few screens more (see `list::ROWS_KEPT`).
    list_rows: HashMap<StoryKey, ListEntry>,
    /// Rows asked for and not to be asked for again: sent, or gone.
    rows_asked: HashSet<StoryKey>,
    /// The selected row has not come yet: preview it when it does.
    preview_waits: bool,
    /// The keys stopped while the selected row was on its way: it shows
    /// in the transcript as soon as it comes.
    settle_waits: bool,
    list: ListPane,
    transcript: TranscriptPane,
    quotes: QuotesPane,
    speakers: SpeakersPane,
    sheet: SheetPane,
    focus: Focus,
    /// The pane of the stories-and-transcript view that was last in focus,
    /// where the quotes and speakers views go back to.
    browse_focus: Focus,
    /// The filter bar has the keys, for the pane in focus.
    editing: bool,
    /// The bar is asking for a time to jump to, not a filter.
    jumping: bool,
    /// The bar is asking for something else than a filter: a note, a path.
    asking: Option<Ask>,
    /// Where exports are offered to go, from config.toml.
    export_dir: std::path::PathBuf,
    bar: TextArea<'static>,
    overlay: Overlay,
    size: (u16, u16),
    /// A passing message: what an import did, why a story did not open.
    message: Option<String>,
    /// What the terminal layer should send out after this update.
    outgoing: Vec<Outgoing>,
    quit: bool,
    /// Stories loaded so far, by id.
    cache: HashMap<String, Story>,
    /// Stories that would not load; they are not asked for again.
    failed: HashSet<String>,
    /// The last search handed out.
    generation: u64,
    requests: Vec<Request>,
    /// Filters kept in each view, oldest first, from this run and before.
    history: FilterHistory,
    /// While Up and Down walk the history: how many filters back, and the
    /// text the walk began on.
    history_at: Option<usize>,
    history_draft: String,
    /// The filter kept before the edit in progress: what Esc restores.
    kept_filter: String,
    /// The story list's share of the width, from config.toml.
    list_percent: Option<u16>,
    /// The stories read and starred (see `marks`).
    marks: MarkSet,
}

impl App {
    /// An App over `story_count` stories, its list asked for at once.
    pub(crate) fn new(story_count: usize, origin: Origin, theme: Theme) -> App {
        let mut app = App {
            theme,
            keymap: Keymap::default(),
            help_lines: Keymap::default().help_line_count(),
            origin,
            story_count,
            list_rows: HashMap::new(),
            rows_asked: HashSet::new(),
            preview_waits: false,
            // The first story shows as soon as the list brings it.
            settle_waits: true,
            list: ListPane::new(),
            transcript: TranscriptPane::default(),
            quotes: QuotesPane::default(),
            speakers: SpeakersPane::default(),
            sheet: SheetPane::default(),
            focus: Focus::List,
            browse_focus: Focus::List,
            editing: false,
            jumping: false,
            asking: None,
            export_dir: ".".into(),
            bar: TextArea::default(),
            overlay: Overlay::None,
            size: (80, 24),
            message: None,
            outgoing: Vec::new(),
            quit: false,
            cache: HashMap::new(),
            failed: HashSet::new(),
            generation: 0,
            requests: Vec::new(),
            history: FilterHistory::default(),
            history_at: None,
            history_draft: String::new(),
            kept_filter: String::new(),
            list_percent: None,
            marks: MarkSet::default(),
        };
        app.style_bar();
        app.refilter_list();
        app
    }

    pub(crate) fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The keys in force, which the help overlay lists.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    pub(crate) fn set_keymap(&mut self, keymap: Keymap) {
        self.help_lines = keymap.help_line_count();
        self.keymap = keymap;
    }

    pub(crate) fn origin(&self) -> Origin {
        self.origin
    }

    /// The stories are now from `origin`: the samples gave way to the
    /// library.
    pub(crate) fn set_origin(&mut self, origin: Origin) {
        if self.origin != origin {
            // Keys of one source mean nothing in another.
            self.list.forget_selection();
        }
        self.origin = origin;
    }

    pub(crate) fn list(&self) -> &ListPane {
        &self.list
    }

    pub fn transcript(&self) -> &TranscriptPane {
        &self.transcript
    }

    pub(crate) fn quotes(&self) -> &QuotesPane {
        &self.quotes
    }

    pub(crate) fn speakers(&self) -> &SpeakersPane {
        &self.speakers
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// Puts `pane` in focus as it stands, bar and all: for a caller that
    /// sets the screen up, such as a test or a bench.
    pub fn set_focus(&mut self, pane: Focus) {
        self.focus = pane;
    }

    /// Whether the filter bar has the keys.
    pub fn editing(&self) -> bool {
        self.editing
    }

    /// Whether the bar asks for a time to jump to.
    pub fn jumping(&self) -> bool {
        self.jumping
    }

    /// What the bar asks for, when it is not a filter or a time.
    pub fn asking(&self) -> Option<&Ask> {
        self.asking.as_ref()
    }

    /// Where exports are offered to go: config.toml's `export_dir`, else
    /// the current folder.
    pub fn set_export_dir(&mut self, dir: std::path::PathBuf) {
        self.export_dir = dir;
    }

    pub(crate) fn bar(&self) -> &TextArea<'static> {
        &self.bar
    }

    pub fn overlay(&self) -> Overlay {
        self.overlay
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The passing message on the status line, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Puts `words` on the status line until the next update.
    pub(crate) fn say(&mut self, words: impl Into<String>) {
        self.message = Some(words.into());
    }

    /// Whether the reader asked to quit.
    pub fn quitting(&self) -> bool {
        self.quit
    }

    /// The story list's share of the width, from config.toml.
    pub(crate) fn set_list_percent(&mut self, percent: Option<u16>) {
        self.list_percent = percent;
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.layout();
        // A taller list shows rows not asked for yet.
        self.request_list_rows();
    }

    pub(crate) fn areas(&self) -> Option<Areas> {
        geometry::areas_with(self.size.0, self.size.1, self.list_percent)
    }

    /// The keymap contexts that apply now, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        let specific = match (self.overlay, self.editing, self.focus) {
            // Closed as help is, by the same keys.
            (Overlay::Help { .. } | Overlay::TalkShare, _, _) => vec![Context::Help],
            (Overlay::Picker { .. }, _, _) => vec![Context::Picker],
            (Overlay::None, true, _) => vec![Context::Filter],
            (Overlay::None, false, Focus::List) => vec![Context::List, Context::Panes],
            (Overlay::None, false, Focus::Transcript) if self.transcript.selection.is_some() => {
                vec![Context::Selection, Context::Transcript, Context::Panes]
            }
            (Overlay::None, false, Focus::Transcript) => {
                vec![Context::Transcript, Context::Panes]
            }
            (Overlay::None, false, Focus::Quotes) => vec![Context::Quotes, Context::Panes],
            (Overlay::None, false, Focus::Speakers) => vec![Context::Speakers, Context::Panes],
            (Overlay::None, false, Focus::Sheet) => vec![Context::Sheet, Context::Panes],
        };
        std::iter::once(Context::Global).chain(specific).collect()
    }

    /// Whether the App has asked for anything not served yet.
    pub(crate) fn has_requests(&self) -> bool {
        !self.requests.is_empty()
    }

    pub(crate) fn take_requests(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.requests)
    }

    pub fn update(&mut self, action: Action) {
        self.message = None;
        match self.overlay {
            Overlay::Help { .. } => self.update_help(action),
            Overlay::Picker { .. } => self.update_picker(action),
            Overlay::TalkShare => self.update_talk_share(action),
            Overlay::None => self.update_main(action),
        }
        self.request_list_rows();
    }

    fn update_main(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::FocusNext | Action::FocusPrev => self.switch_focus(),
            Action::ToggleHelp => self.overlay = Overlay::Help { scroll: 0 },
            Action::ShowTalkShare => self.show_talk_share(),
            Action::OpenPicker => self.open_picker(),
            Action::StartFilter if self.focus == Focus::Sheet => {
                self.message = Some("the sheet has no filter".into())
            }
            Action::StartFilter => self.start_filter(),
            Action::StartJump => self.start_jump(),
            Action::PlayAudio => self.play_audio(),
            Action::FilterKey(input) if self.jumping || self.asking.is_some() => {
                self.bar_input(input);
            }
            Action::FilterAccept | Action::FilterCancel if self.asking.is_some() => {
                self.end_ask(action == Action::FilterAccept)
            }
            Action::FilterAccept | Action::FilterCancel if self.jumping => {
                self.end_jump(action == Action::FilterAccept)
            }
            Action::FilterKey(input) => self.filter_input(input),
            Action::Paste(text) => self.paste(&text),
            Action::FilterAccept => self.accept_filter(),
            Action::FilterCancel => self.cancel_filter(),
            Action::ClearFilter if self.transcript_came_from_a_view() => self.transcript_back(),
            Action::ClearFilter => self.set_filter_in_place(String::new()),
            Action::ToggleContext => self.toggle_context(),
            Action::Reload => self.requests.push(Request::Reload { forced: true }),
            Action::Open => match self.focus {
                Focus::Quotes => self.open_quote(),
                Focus::Sheet => self.open_sheet_entry(),
                Focus::Speakers => self.quotes_of_selected_speaker(),
                _ => self.open_selected(),
            },
            Action::Import => self.import(),
            Action::Fix => self.fix_open_story(),
            Action::Copy => match self.focus {
                Focus::Quotes => self.copy_selected_quote(),
                Focus::Sheet => self.copy_sheet_entry(),
                _ if self.transcript.selection.is_some() => self.copy_selection(),
                _ => self.copy_marked_turn(),
            },
            Action::OpenSource => self.open_source(),
            Action::Export => match self.focus {
                Focus::Quotes => self.update_pane(Focus::Quotes, action),
                Focus::Sheet => self.export_sheet(),
                _ => self.export_shown_turns(),
            },
            Action::Select => self.start_selection(),
            Action::EndSelection => self.transcript.selection = None,
            Action::SelectNextSentence
            | Action::SelectPrevSentence
            | Action::SelectNextParagraph
            | Action::SelectPrevParagraph => self.extend_selection(&action),
            Action::AddToSheet => self.add_to_sheet(),
            Action::ShowSheet => self.show_sheet(),
            Action::SheetNote => self.start_note(),
            Action::ShowQuotes => self.show_quotes(self.focus == Focus::Speakers),
            Action::ShowSpeakers => self.show_speakers(),
            Action::SortSpeakers => self.update_pane(Focus::Speakers, action),
            Action::SortList => self.update_pane(Focus::List, action),
            Action::ToggleRead => self.toggle_read(),
            Action::ToggleStar => self.toggle_star(),
            Action::CycleListShow => self.cycle_list_show(),
            Action::SortQuotes => self.update_pane(Focus::Quotes, action),
            Action::Back => match self.focus {
                Focus::Quotes => self.close_quotes(),
                Focus::Transcript => self.transcript_back(),
                Focus::List => {}
                Focus::Speakers | Focus::Sheet => self.back_to_browse(),
            },
            Action::Wheel { down, column, row } => self.wheel(down, column, row),
            Action::Click { column, row } => self.click(column, row),
            motion => self.update_pane(self.focus, motion),
        }
    }

    /// Hands `action` to `pane`, which handles it as far as it can, and
    /// carries out what it asks for.
    fn update_pane(&mut self, pane: Focus, action: Action) {
        if pane == Focus::Transcript {
            self.layout();
            if self.areas().is_none() {
                return;
            }
        }
        if let (Focus::Quotes, Action::NextMatch | Action::PrevMatch) = (pane, &action) {
            return self.quote_match(action == Action::NextMatch);
        }
        if let (Focus::Quotes, Action::SortQuotes) = (pane, &action) {
            return self.sort_quotes();
        }
        let (rows, page) = self.pane_rows(pane);
        let around = Around { rows, page };
        let effects = match pane {
            Focus::List => self.list.update(&action, &around),
            Focus::Transcript => self.transcript.update(&action, &around),
            Focus::Quotes => self.quotes.update(&action, &around),
            Focus::Speakers => self.speakers.update(&action, &around),
            Focus::Sheet => self.sheet.update(&action, &around),
        };
        self.apply(effects);
        if pane == Focus::Transcript {
            self.drop_stale_selection();
        }
        if pane == Focus::Speakers {
            self.ask_speaker_rows();
        }
    }

    /// The rows `pane` has on screen, and how far a page key moves in it.
    fn pane_rows(&self, pane: Focus) -> (usize, usize) {
        let areas = self.areas();
        match pane {
            Focus::List => {
                let rows = areas.map_or(1, |a| a.list_rows());
                (rows, rows)
            }
            Focus::Transcript => {
                let height = areas.map_or(1, |a| a.text_height());
                (height, height.saturating_sub(1).max(1))
            }
            // A page is a few quotes: how many fit depends on their lengths.
            Focus::Quotes => {
                let rows = areas.map_or(1, |a| a.main_rows());
                (rows, areas.map_or(1, |a| a.main_rows() / 4).max(1))
            }
            Focus::Sheet => {
                let rows = areas.map_or(1, |a| a.main_rows());
                (rows, rows)
            }
            // Below the view's header row.
            Focus::Speakers => {
                let page = areas.map_or(1, |a| a.main_rows().saturating_sub(1));
                (page.max(1), page)
            }
        }
    }

    /// Carries out what a pane asked for, in order.
    fn apply(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Request(request) => self.requests.push(request),
                Effect::Say(words) => self.message = Some(words),
                Effect::NoFilter => self.say_no_filter(),
                Effect::Preview => self.want_preview(),
                Effect::Relist => self.refilter_list(),
                Effect::LayoutQuotes => self.layout_quotes(),
            }
        }
    }

    /// Why `n`, `N` or `c` did nothing, and the key that would help.
    fn say_no_filter(&mut self) {
        let key = self.keymap.key(Context::Panes, &Action::StartFilter);
        self.message = Some(format!("no filter: press {key} to set one"));
    }

    /// Notes which browsing pane to come back to before a view takes the
    /// screen.
    fn remember_browse_focus(&mut self) {
        if matches!(self.focus, Focus::List | Focus::Transcript) {
            self.browse_focus = self.focus;
        }
    }

    fn back_to_browse(&mut self) {
        self.focus = self.browse_focus;
        self.sync_bar();
        self.layout();
    }

    /// The filter bar shows the filter of the pane in focus.
    fn sync_bar(&mut self) {
        self.editing = false;
        self.jumping = false;
        self.asking = None;
        self.bar = TextArea::new(vec![self.filter(self.focus).text.clone()]);
        self.style_bar();
    }

    fn next_generation(&mut self) -> u64 {
        self.generation += 1;
        self.generation
    }

    /// Takes in a batch of matches of search `generation`; those of a
    /// search since replaced are dropped.
    pub(crate) fn found(&mut self, generation: u64, found: Found) {
        match found {
            Found::ListKeys(keys) if self.list.searching == Some(generation) => {
                self.add_list_keys(keys)
            }
            Found::Turns(turns) if self.quotes.searching == Some(generation) => {
                self.add_quote_hits(turns)
            }
            Found::SpeakerPage(page) if self.speakers.searching == Some(generation) => {
                self.speakers_arrived(page)
            }
            Found::Nobody { term, nearest } if self.quotes.searching == Some(generation) => {
                self.nobody_called(&term, nearest.as_deref())
            }
            Found::QuoteCount { quotes, stories } if self.quotes.counting == Some(generation) => {
                self.quotes.total = Some((quotes, stories))
            }
            Found::Relevance(scores) if self.quotes.scoring == Some(generation) => {
                self.add_quote_scores(scores)
            }
            _ => {}
        }
    }

    /// Search `generation` has ended: finished, cancelled or failed.
    pub(crate) fn search_done(
        &mut self,
        generation: u64,
        result: Result<SearchOutcome, SourceError>,
    ) {
        let quotes_found = self.quotes.searching == Some(generation) && result.is_ok();
        if quotes_found && self.quotes.held_back() {
            self.count_quotes();
        }
        if self.list.searching == Some(generation) {
            self.list_job_done();
        }
        let searches = [
            &mut self.list.searching,
            &mut self.quotes.searching,
            &mut self.speakers.searching,
            &mut self.quotes.scoring,
            &mut self.quotes.counting,
        ];
        for searching in searches {
            if *searching == Some(generation) {
                *searching = None;
                if let Err(err) = &result {
                    self.message = Some(format!("search failed: {err}"));
                }
            }
        }
        if quotes_found {
            self.score_quotes();
        }
    }

    fn update_help(&mut self, action: Action) {
        let Overlay::Help { scroll } = self.overlay else {
            return;
        };
        // As far as the last line at the bottom of the box; the view
        // clamps again when it draws, for a resize since the last key.
        let screen = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
        let height = u16::try_from(self.help_lines + 2).unwrap_or(u16::MAX);
        let visible = geometry::overlay(screen, screen.width, height)
            .height
            .saturating_sub(2);
        let max = self.help_lines.saturating_sub(usize::from(visible));
        self.overlay = match action {
            Action::Quit => {
                self.quit = true;
                self.overlay
            }
            Action::CloseOverlay | Action::ToggleHelp => Overlay::None,
            Action::Down => Overlay::Help {
                scroll: (scroll + 1).min(max),
            },
            Action::Up => Overlay::Help {
                scroll: scroll.min(max).saturating_sub(1),
            },
            _ => self.overlay,
        };
    }

    fn switch_focus(&mut self) {
        self.focus = match self.focus {
            Focus::List => Focus::Transcript,
            Focus::Transcript => Focus::List,
            view => view,
        };
    }

    fn style_bar(&mut self) {
        self.bar.set_cursor_line_style(Style::default());
        self.bar
            .set_placeholder_text("@name, words, \"a phrase\", -word, after:2016, show:name");
        self.bar.set_placeholder_style(self.theme.dim());
        self.bar.set_selection_style(self.theme.selected());
    }

    /// Opens the bar on the pane's filter, the cursor at its end and a
    /// space after it, ready for one more word.
    fn start_filter(&mut self) {
        self.editing = true;
        self.history_at = None;
        self.kept_filter = self.filter(self.focus).text.clone();
        let mut text = self.kept_filter.clone();
        if !text.is_empty() && !text.ends_with(char::is_whitespace) {
            text.push(' ');
        }
        self.replace_bar_text(text);
    }

    /// The bar holding `text`, the cursor at its end.
    fn replace_bar_text(&mut self, text: String) {
        self.bar = TextArea::new(vec![text]);
        self.bar.move_cursor(CursorMove::End);
        self.style_bar();
    }

    /// Keeps the filter, and notes it in the view's history.
    fn accept_filter(&mut self) {
        self.editing = false;
        let text = self.filter(self.focus).text.trim().to_string();
        let view = history_name(self.focus);
        if !text.is_empty() && self.history.entries(view).last() != Some(&text) {
            self.history.push(view, &text);
            self.requests
                .push(Request::SaveHistory(self.history.clone()));
        }
    }

    /// Esc: the edit is undone, and the filter kept before it is back.
    fn cancel_filter(&mut self) {
        self.editing = false;
        let kept = std::mem::take(&mut self.kept_filter);
        if self.filter(self.focus).text != kept {
            self.set_filter_in_place(kept.clone());
        }
        self.bar = TextArea::new(vec![kept]);
        self.style_bar();
    }

    /// Sets the pane's filter keeping the reader where they were: Esc
    /// never scrolls. In the transcript the marked turn stays marked and
    /// on top, or the nearest one after it that still shows.
    fn set_filter_in_place(&mut self, text: String) {
        if self.focus == Focus::Transcript {
            self.layout();
            self.transcript.target = self.transcript.cursor_turn();
        }
        self.set_filter(self.focus, text);
        self.layout();
    }

    /// Readline's keys first (Ctrl-U, Ctrl-W, Ctrl-A, Ctrl-E, Up and Down
    /// through the history), the widget's for the rest.
    fn filter_input(&mut self, input: tui_textarea::Input) {
        use tui_textarea::Key;
        let plain = !input.ctrl && !input.alt;
        let changed = match input.key {
            Key::Up if plain => return self.walk_history(true),
            Key::Down if plain => return self.walk_history(false),
            _ => self.bar_input(input),
        };
        if changed {
            self.bar_changed();
        }
    }

    /// An edit of the bar's text, with readline's Ctrl-U, Ctrl-W, Ctrl-A
    /// and Ctrl-E; whether the text changed.
    fn bar_input(&mut self, input: tui_textarea::Input) -> bool {
        use tui_textarea::Key;
        match (input.key, input.ctrl && !input.alt) {
            (Key::Char('u'), true) => self.bar.delete_line_by_head(),
            (Key::Char('w'), true) => self.bar.delete_word(),
            (Key::Char('a'), true) => {
                self.bar.move_cursor(CursorMove::Head);
                false
            }
            (Key::Char('e'), true) => {
                self.bar.move_cursor(CursorMove::End);
                false
            }
            _ => self.bar.input(input),
        }
    }

    /// The bar's text is the pane's filter. One line always: whatever the
    /// widget was handed, newlines would split the query in two.
    fn bar_changed(&mut self) {
        let text = self.bar.lines().join(" ");
        self.set_filter(self.focus, text);
    }

    /// A pasted block is one edit and one search, however long: newlines
    /// and controls become spaces.
    fn paste(&mut self, text: &str) {
        if self.asking.is_some() || self.jumping {
            let line: String = text.chars().filter(|c| !c.is_control()).collect();
            self.bar.insert_str(line);
            return;
        }
        if !self.editing {
            if self.overlay != Overlay::None {
                return;
            }
            self.start_filter();
        }
        let line: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if self.bar.insert_str(line) {
            self.bar_changed();
        }
    }

    /// Up goes one filter further back in this view's history, Down one
    /// forward, and past the newest back to the edit the walk began on.
    fn walk_history(&mut self, back: bool) {
        let entries = self.history.entries(history_name(self.focus));
        let at = match (self.history_at, back) {
            (None, true) if !entries.is_empty() => {
                self.history_draft = self.bar.lines().join(" ");
                Some(entries.len() - 1)
            }
            (None, _) => return,
            (Some(at), true) => Some(at.saturating_sub(1)),
            (Some(at), false) if at + 1 < entries.len() => Some(at + 1),
            (Some(_), false) => None,
        };
        let text = match at {
            Some(at) => entries[at].clone(),
            None => self.history_draft.clone(),
        };
        self.history_at = at;
        self.replace_bar_text(text);
        self.bar_changed();
    }

    /// Hands the App the history kept from earlier runs.
    pub(crate) fn set_history(&mut self, history: FilterHistory) {
        self.history = history;
    }

    pub(crate) fn filter(&self, pane: Focus) -> &PaneFilter {
        match pane {
            Focus::List => &self.list.filter,
            Focus::Transcript => &self.transcript.filter,
            Focus::Quotes => &self.quotes.filter,
            Focus::Speakers => &self.speakers.filter,
            Focus::Sheet => &self.sheet.filter,
        }
    }

    /// Sets the filter of the pane in focus, as if typed and accepted.
    pub fn set_filter_text(&mut self, text: &str) {
        self.editing = false;
        self.set_filter(self.focus, text.to_string());
    }

    pub(crate) fn set_filter(&mut self, pane: Focus, text: String) {
        if pane == self.focus && !self.editing {
            self.bar = TextArea::new(vec![text.clone()]);
            self.style_bar();
        }
        match pane {
            Focus::List => {
                self.list.filter.set(text);
                self.refilter_list();
            }
            Focus::Transcript => {
                // The reader's own filter: the list's words no longer
                // decide it.
                self.transcript.marks_from_list = false;
                self.transcript.filter.set(text);
                self.transcript.filter_changed();
            }
            Focus::Quotes => {
                self.quotes.filter.set(text);
                self.quotes_filter_changed();
            }
            Focus::Speakers => {
                self.speakers.filter.set(text);
                self.refilter_speakers();
            }
            Focus::Sheet => {}
        }
    }

    fn import(&mut self) {
        let ids = match (self.origin, self.focus, &self.transcript.story) {
            (Origin::Library, _, _) => {
                self.message = Some("these stories are in the library already".into());
                return;
            }
            (Origin::Samples, _, _) => return self.requests.push(Request::ImportAll),
            (Origin::Files, Focus::Transcript, Some(story)) => vec![story.id.clone()],
            (Origin::Files, _, _) => self
                .selected_entry()
                .map(|e| e.id.clone())
                .into_iter()
                .collect(),
        };
        if !ids.is_empty() {
            self.requests.push(Request::Import(ids));
        }
    }

    /// Reports what importing did, one result per story asked for.
    pub(crate) fn imported(&mut self, results: Vec<Result<String, SourceError>>) {
        let failed = results.iter().find_map(|r| r.as_ref().err());
        let done = results.iter().filter(|r| r.is_ok()).count();
        self.message = Some(match (results.as_slice(), failed) {
            ([Ok(line)], _) => line.clone(),
            (_, Some(err)) => format!("imported {done} of {}: {err}", results.len()),
            (_, None) => format!("imported {done} stories into the library"),
        });
    }

    /// Asks whether the library changed behind the screen: the event loop
    /// does every second.
    pub(crate) fn check_library(&mut self) {
        self.requests.push(Request::Reload { forced: false });
        // Another hark on the library may have added to the sheet.
        if self.focus == Focus::Sheet && !self.editing {
            self.requests
                .push(Request::Sheet(super::source::SheetChange::Read));
        }
    }

    /// Takes in the stories as they are now (`reloaded` says how many
    /// came and went), keeping the reader's place: the selected story,
    /// the selected quote, the open transcript. The list and the views
    /// ask the source afresh.
    pub(crate) fn reload(&mut self, reloaded: Reloaded, story_count: usize, forced: bool) {
        let quote = self
            .selected_quote()
            .map(|(id, turn)| (id.to_string(), turn));
        let open = self.transcript.story.as_ref().map(|s| s.id.clone());
        // A story changed or gone must not show from the cache.
        self.cache.retain(|id, _| Some(id) == open.as_ref());
        self.failed.clear();
        self.list_rows.clear();
        self.rows_asked.clear();
        self.story_count = story_count;
        self.list.forget_asked();
        self.refilter_list();
        self.speakers.start_over();
        if self.focus == Focus::Speakers {
            self.show_speakers();
        }
        if self.quotes.has_searched() {
            self.quotes.reselect = quote;
            self.search_quotes();
        }
        self.layout();
        self.message = reload_message(reloaded.added, reloaded.removed, forced);
    }

    /// Takes in stories the source has loaded (or failed to load).
    pub(crate) fn loaded(&mut self, results: Vec<(String, Result<Story, SourceError>)>) {
        if self.cache.len() + results.len() > CACHE_LIMIT {
            let open = self.transcript.story.as_ref().map(|s| s.id.clone());
            self.cache.retain(|id, _| Some(id) == open.as_ref());
        }
        for (id, result) in results {
            match result {
                Ok(story) => {
                    self.cache.insert(id, story);
                }
                Err(err) => {
                    self.failed.insert(id.clone());
                    self.message = Some(format!("could not load a story: {err}"));
                }
            }
        }
        if let Some(id) = self.transcript.opening.take() {
            self.open_cached(&id);
        } else if let Some(id) = self.transcript.previewing.take() {
            // Shown only if the list still has it selected.
            if self.selected_entry().is_some_and(|e| e.id == id) && self.show_cached(&id) {
                self.transcript.opened_from = None;
                self.layout();
            }
        }
        if self.focus == Focus::Quotes {
            self.layout_quotes();
        }
    }

    #[cfg(test)]
    fn cache_for_tests(&self, id: &str) -> &Story {
        &self.cache[id]
    }

    fn wheel(&mut self, down: bool, column: u16, row: u16) {
        let Some(areas) = self.areas() else { return };
        let motion = if down { Action::Down } else { Action::Up };
        if let Focus::Quotes | Focus::Speakers | Focus::Sheet = self.focus {
            return self.update_pane(self.focus, motion);
        }
        let at = ratatui::layout::Position::new(column, row);
        for _ in 0..3 {
            if areas.list.contains(at) {
                self.update_pane(Focus::List, motion.clone());
            } else if areas.transcript.contains(at) {
                self.update_pane(Focus::Transcript, motion.clone());
            }
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        let Some(areas) = self.areas() else { return };
        if matches!(self.focus, Focus::Quotes | Focus::Speakers | Focus::Sheet) {
            return;
        }
        let at = ratatui::layout::Position::new(column, row);
        if areas.list.contains(at) {
            self.focus = Focus::List;
            self.list
                .click(row.saturating_sub(areas.list.y + 1), &areas);
        } else if areas.transcript.contains(at) {
            self.focus = Focus::Transcript;
        }
    }
}
