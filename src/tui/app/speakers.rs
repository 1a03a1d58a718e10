//! The speakers view: everyone who speaks in the library, one row a person,
//! with their turns, words and stories; Enter lists their quotes.

use crate::library::{PeopleAsk, PeopleOrder, Words};
use crate::story::fold;
use crate::tui::keymap::Action;
use crate::tui::source::{SearchJob, SpeakerPage, SpeakerRow};

use super::scroll::{PagedRows, ScrollList};
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

    /// The order as the source sorts it.
    fn order(self) -> PeopleOrder {
        match self {
            SpeakerSort::Turns => PeopleOrder::Turns,
            SpeakerSort::Words => PeopleOrder::Words,
            SpeakerSort::Stories => PeopleOrder::Stories,
            SpeakerSort::Name => PeopleOrder::Surname,
        }
    }
}

/// The speakers view: a window over the people the source knows, in the
/// source's order; only the pages around the screen are held.
#[derive(Debug, Default)]
pub struct SpeakersPane {
    /// The rows around the screen, and how many match the filter.
    pub rows: PagedRows<SpeakerRow>,
    /// How many people there are in all, once the source has said.
    pub everyone: usize,
    /// Everyone's words and the most of anyone's, for the share column.
    pub words: Words,
    pub sort: SpeakerSort,
    /// The selected row, and the first on screen.
    pub window: ScrollList,
    /// Narrows the rows by name.
    pub filter: PaneFilter,
    /// The rows asked of the source and not yet arrived.
    pub searching: Option<u64>,
    /// The person to keep selected once the rows in a new order or for a
    /// new filter arrive.
    keep: Option<String>,
}

impl SpeakersPane {
    /// Handles the keys of the speakers view: moving and sorting. The
    /// rows a move brings on screen are asked for by the App.
    pub(super) fn update(&mut self, action: &Action, around: &Around) -> Vec<Effect> {
        if *action == Action::SortSpeakers {
            self.sort = self.sort.next();
            self.start_over();
            return vec![Effect::Say(format!("sorted by {}", self.sort.label()))];
        }
        if self.window.motion(action, self.rows.total(), around.page) {
            self.keep_visible(around.rows);
        }
        Vec::new()
    }

    /// The order or the filter changed: the rows go, to be asked for
    /// again, with the selected person to be found among them.
    pub(super) fn start_over(&mut self) {
        if let Some(name) = self.selected().map(|row| row.name.clone()) {
            self.keep = Some(name);
        }
        self.rows.clear();
        self.window.reset();
        self.searching = None;
    }

    fn keep_visible(&mut self, rows: usize) {
        self.window.keep_visible(self.rows.total(), rows);
    }

    /// The person selected, once their row has arrived.
    pub(crate) fn selected(&self) -> Option<&SpeakerRow> {
        self.rows.get(self.window.selected())
    }

    /// What to ask the source for so that `screen_rows` rows show: None
    /// when they are here or asked for already.
    fn ask(&self, screen_rows: usize) -> Option<PeopleAsk> {
        if self.searching.is_some() {
            return None;
        }
        let wanted = self.rows.missing(self.window.offset(), screen_rows)?;
        Some(PeopleAsk {
            order: self.sort.order(),
            name: fold::words(&self.filter.text),
            keep: self.keep.clone(),
            offset: wanted.start,
            limit: wanted.len(),
        })
    }

    /// Takes in a window of rows; the person kept is selected again.
    fn arrived(&mut self, page: SpeakerPage, screen_rows: usize) {
        self.everyone = page.everyone;
        self.words = page.words;
        self.rows.fill(page.total, page.offset, page.rows);
        if self.keep.take().is_some() {
            self.window.select(page.kept_at.unwrap_or(0));
        }
        self.keep_visible(screen_rows);
    }
}

impl App {
    pub(super) fn show_speakers(&mut self) {
        self.remember_browse_focus();
        self.focus = Focus::Speakers;
        self.sync_bar();
        self.ask_speaker_rows();
    }

    /// Asks the source for the rows the speakers view is missing on
    /// screen, if any: a job for the search thread, as a search is.
    pub(super) fn ask_speaker_rows(&mut self) {
        let (rows, _) = self.pane_rows(Focus::Speakers);
        let Some(ask) = self.speakers.ask(rows) else {
            return;
        };
        let generation = self.next_generation();
        self.speakers.searching = Some(generation);
        let job = SearchJob::SpeakerPage(ask);
        self.requests.push(Request::Search { generation, job });
    }

    /// Takes in a window of the speakers view's rows, and asks for more
    /// if the screen still lacks some (the kept person may stand far on).
    pub(super) fn speakers_arrived(&mut self, page: SpeakerPage) {
        let (rows, _) = self.pane_rows(Focus::Speakers);
        self.speakers.searching = None;
        self.speakers.arrived(page, rows);
        self.ask_speaker_rows();
    }

    /// The filter changed: the rows are asked for afresh.
    pub(super) fn refilter_speakers(&mut self) {
        self.speakers.start_over();
        self.ask_speaker_rows();
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

    fn row(name: &str) -> SpeakerRow {
        SpeakerRow {
            name: name.into(),
            roles: Vec::new(),
            turns: 1,
            words: 1,
            stories: 1,
        }
    }

    fn page(names: &[&str], kept_at: Option<usize>) -> SpeakerPage {
        SpeakerPage {
            total: names.len(),
            everyone: 9,
            words: Words::default(),
            offset: 0,
            rows: names.iter().map(|n| row(n)).collect(),
            kept_at,
        }
    }

    fn pane() -> SpeakersPane {
        let mut pane = SpeakersPane::default();
        pane.arrived(page(&["Bo Park", "Ana Lima", "Cy Ode"], None), 2);
        pane
    }

    fn around(rows: usize) -> Around {
        Around { rows, page: rows }
    }

    #[test]
    fn sorting_asks_afresh_and_keeps_the_selected_person() {
        let mut pane = pane();
        assert_eq!(pane.ask(2), None, "every row is here");
        assert!(pane.update(&Action::Down, &around(2)).is_empty());
        assert_eq!(pane.selected().unwrap().name, "Ana Lima");
        let effects = pane.update(&Action::SortSpeakers, &around(2));
        assert_eq!(effects, [Effect::Say("sorted by words".into())]);
        assert!(pane.selected().is_none(), "the old rows are gone");
        let ask = pane.ask(2).unwrap();
        assert_eq!(ask.order, PeopleOrder::Words);
        assert_eq!(ask.keep.as_deref(), Some("Ana Lima"));
        assert_eq!((ask.offset, ask.limit), (0, 3), "the count stands");
        pane.arrived(page(&["Cy Ode", "Bo Park", "Ana Lima"], Some(2)), 2);
        assert_eq!(pane.selected().unwrap().name, "Ana Lima");
        assert_eq!(pane.everyone, 9);
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
        assert_eq!(pane.ask(5).map(|a| a.offset), Some(0));
    }
}
