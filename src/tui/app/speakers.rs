//! The speakers view: everyone who speaks in the library, one row a person,
//! with their turns, words and stories; Enter lists their quotes.

use crate::query::name_matches;
use crate::story::fold;
use crate::tui::keymap::Action;
use crate::tui::source::{SearchJob, SpeakerRow};

use super::scroll::ScrollList;
use super::{App, Focus, PaneFilter, Request};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SpeakerSort {
    #[default]
    Turns,
    Words,
    Stories,
    Name,
}

impl SpeakerSort {
    fn next(self) -> SpeakerSort {
        match self {
            SpeakerSort::Turns => SpeakerSort::Words,
            SpeakerSort::Words => SpeakerSort::Stories,
            SpeakerSort::Stories => SpeakerSort::Name,
            SpeakerSort::Name => SpeakerSort::Turns,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SpeakerSort::Turns => "turns",
            SpeakerSort::Words => "words",
            SpeakerSort::Stories => "stories",
            SpeakerSort::Name => "surname",
        }
    }
}

#[derive(Debug, Default)]
pub struct SpeakersPane {
    /// Asked of the source the first time the view opens.
    pub rows: Option<Vec<SpeakerRow>>,
    /// Indices into `rows`: those the filter lets through, in sort order.
    pub shown: Vec<usize>,
    pub sort: SpeakerSort,
    /// The selected row of `shown`, and the first on screen.
    pub window: ScrollList,
    /// Narrows the rows by name.
    pub filter: PaneFilter,
    /// The listing of everyone, asked of the source and not yet arrived.
    pub searching: Option<u64>,
}

/// A name as a directory orders it: the surname (the last word) first,
/// then the rest, folded: "Earnest Josh" for Josh Earnest.
fn surname_first(name: &str) -> Vec<String> {
    let mut words = fold::words(name);
    if let Some(surname) = words.pop() {
        words.insert(0, surname);
    }
    words
}

impl App {
    pub(super) fn show_speakers(&mut self) {
        self.remember_browse_focus();
        self.focus = Focus::Speakers;
        self.sync_bar();
        if self.speakers.rows.is_none() && self.speakers.searching.is_none() {
            let generation = self.next_generation();
            self.speakers.searching = Some(generation);
            let job = SearchJob::Speakers;
            self.requests.push(Request::Search { generation, job });
        }
    }

    /// Takes in everyone the source knows of.
    pub(super) fn speakers_arrived(&mut self, rows: Vec<SpeakerRow>) {
        self.speakers.rows = Some(rows);
        self.refilter_speakers();
    }

    pub(super) fn refilter_speakers(&mut self) {
        let pane = &mut self.speakers;
        let Some(rows) = pane.rows.as_ref() else {
            return;
        };
        let kept = pane.shown.get(pane.window.selected()).copied();
        let term = fold::words(&pane.filter.text);
        pane.shown = (0..rows.len())
            .filter(|&i| term.is_empty() || name_matches(&term, &fold::words(&rows[i].name)))
            .collect();
        let sort = pane.sort;
        pane.shown.sort_by_cached_key(|&i| {
            let row = &rows[i];
            let count = match sort {
                SpeakerSort::Turns => row.turns,
                SpeakerSort::Words => row.words,
                SpeakerSort::Stories => row.stories,
                SpeakerSort::Name => 0,
            };
            (std::cmp::Reverse(count), surname_first(&row.name))
        });
        let kept = kept.and_then(|k| pane.shown.iter().position(|&i| i == k));
        pane.window.select(kept.unwrap_or(0));
        self.layout_speakers();
    }

    pub(super) fn sort_speakers(&mut self) {
        self.speakers.sort = self.speakers.sort.next();
        self.refilter_speakers();
        self.message = Some(format!("sorted by {}", self.speakers.sort.label()));
    }

    pub(super) fn speakers_motion(&mut self, action: Action) {
        let rows = self.areas().map_or(1, |a| a.main_rows().saturating_sub(1));
        let pane = &mut self.speakers;
        if pane.window.motion(&action, pane.shown.len(), rows) {
            self.layout_speakers();
        }
    }

    /// Keeps the selected row on screen, below the view's header row.
    pub(super) fn layout_speakers(&mut self) {
        let rows = self
            .areas()
            .map_or(1, |a| a.main_rows().saturating_sub(1).max(1));
        let pane = &mut self.speakers;
        pane.window.keep_visible(pane.shown.len(), rows);
    }

    pub fn selected_speaker(&self) -> Option<&SpeakerRow> {
        let rows = self.speakers.rows.as_ref()?;
        rows.get(*self.speakers.shown.get(self.speakers.window.selected())?)
    }

    /// The quotes view, filtered to the selected person.
    pub(super) fn quotes_of_selected_speaker(&mut self) {
        let Some(name) = self.selected_speaker().map(|s| s.name.replace('"', "")) else {
            return;
        };
        self.quotes.filter.set(format!("@\"{name}\""));
        self.show_quotes(true);
    }
}
