//! The speakers view: everyone who speaks in the library, one row a person,
//! with their turns, words and stories; Enter lists their quotes.

use crate::query::name_matches;
use crate::story::fold;
use crate::tui::keymap::Action;
use crate::tui::source::{SearchJob, SpeakerRow};

use super::scroll::ScrollList;
use super::{App, Around, Effect, Focus, PaneFilter, Request};

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

    pub(crate) fn label(self) -> &'static str {
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

impl SpeakersPane {
    /// Handles the keys of the speakers view: moving and sorting.
    pub(super) fn update(&mut self, action: &Action, around: &Around) -> Vec<Effect> {
        if *action == Action::SortSpeakers {
            self.sort = self.sort.next();
            self.refilter(around.rows);
            return vec![Effect::Say(format!("sorted by {}", self.sort.label()))];
        }
        if self.window.motion(action, self.shown.len(), around.page) {
            self.keep_visible(around.rows);
        }
        Vec::new()
    }

    /// Narrows the rows to the filter, in the sort's order, keeping the
    /// selected person selected.
    pub(super) fn refilter(&mut self, screen_rows: usize) {
        let Some(rows) = self.rows.as_ref() else {
            return;
        };
        let kept = self.shown.get(self.window.selected()).copied();
        let term = fold::words(&self.filter.text);
        self.shown = (0..rows.len())
            .filter(|&i| term.is_empty() || name_matches(&term, &fold::words(&rows[i].name)))
            .collect();
        let sort = self.sort;
        self.shown.sort_by_cached_key(|&i| {
            let row = &rows[i];
            let count = match sort {
                SpeakerSort::Turns => row.turns,
                SpeakerSort::Words => row.words,
                SpeakerSort::Stories => row.stories,
                SpeakerSort::Name => 0,
            };
            (std::cmp::Reverse(count), surname_first(&row.name))
        });
        let kept = kept.and_then(|k| self.shown.iter().position(|&i| i == k));
        self.window.select(kept.unwrap_or(0));
        self.keep_visible(screen_rows);
    }

    fn keep_visible(&mut self, rows: usize) {
        self.window.keep_visible(self.shown.len(), rows);
    }

    /// The person selected, once everyone has arrived.
    pub(crate) fn selected(&self) -> Option<&SpeakerRow> {
        let rows = self.rows.as_ref()?;
        rows.get(*self.shown.get(self.window.selected())?)
    }
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
        let (rows, _) = self.pane_rows(Focus::Speakers);
        self.speakers.refilter(rows);
    }

    pub(crate) fn selected_speaker(&self) -> Option<&SpeakerRow> {
        self.speakers.selected()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, turns: usize, words: usize) -> SpeakerRow {
        SpeakerRow {
            name: name.into(),
            roles: Vec::new(),
            turns,
            words,
            stories: 1,
        }
    }

    fn pane() -> SpeakersPane {
        let mut pane = SpeakersPane {
            rows: Some(vec![
                row("Ana Lima", 5, 10),
                row("Bo Park", 9, 3),
                row("Cy Ode", 1, 50),
            ]),
            ..SpeakersPane::default()
        };
        pane.refilter(2);
        pane
    }

    fn around(rows: usize) -> Around<'static> {
        Around {
            rows,
            page: rows,
            entries: &[],
        }
    }

    fn names(pane: &SpeakersPane) -> Vec<&str> {
        let rows = pane.rows.as_ref().unwrap();
        pane.shown.iter().map(|&i| rows[i].name.as_str()).collect()
    }

    #[test]
    fn sorting_keeps_the_selected_person_and_says_the_order() {
        let mut pane = pane();
        assert_eq!(names(&pane), ["Bo Park", "Ana Lima", "Cy Ode"]);
        assert!(pane.update(&Action::Down, &around(2)).is_empty());
        assert_eq!(pane.selected().unwrap().name, "Ana Lima");
        let effects = pane.update(&Action::SortSpeakers, &around(2));
        assert_eq!(effects, [Effect::Say("sorted by words".into())]);
        assert_eq!(names(&pane), ["Cy Ode", "Ana Lima", "Bo Park"]);
        assert_eq!(pane.selected().unwrap().name, "Ana Lima");
    }

    #[test]
    fn moving_past_the_screen_scrolls_it() {
        let mut pane = pane();
        pane.update(&Action::Bottom, &around(2));
        assert_eq!((pane.window.selected(), pane.window.offset()), (2, 1));
        pane.update(&Action::Top, &around(2));
        assert_eq!((pane.window.selected(), pane.window.offset()), (0, 0));
    }

    #[test]
    fn before_everyone_arrives_nothing_is_selected() {
        let mut pane = SpeakersPane::default();
        assert!(pane.update(&Action::Down, &around(5)).is_empty());
        assert!(pane.selected().is_none());
    }
}
