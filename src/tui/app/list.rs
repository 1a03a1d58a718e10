//! The story list: which stories the filter lets through and which one is
//! selected.

use std::collections::HashSet;

use crate::query::{Filter, name_matches};
use crate::story::fold;
use crate::tui::keymap::Action;
use crate::tui::source::ListEntry;

use super::geometry::Areas;
use super::{App, PaneFilter, Request};

pub struct ListPane {
    /// Indices into `App::entries` that the filter lets through.
    pub shown: Vec<usize>,
    /// Index into `shown`.
    pub selected: usize,
    /// The first row of `shown` on screen.
    pub offset: usize,
    pub filter: PaneFilter,
    /// Stories that would not load; a keyword filter passes over them.
    pub failed: HashSet<String>,
    /// A keyword filter is waiting for stories to load.
    pub waiting: bool,
    /// Each entry's speakers as folded words, and every distinct name: made
    /// once, since `@name` is matched against them on every keystroke.
    names: Option<SpeakerNames>,
}

struct SpeakerNames {
    by_entry: Vec<Vec<Vec<String>>>,
    distinct: Vec<Vec<String>>,
}

impl SpeakerNames {
    fn of(entries: &[ListEntry]) -> SpeakerNames {
        let by_entry: Vec<Vec<Vec<String>>> = entries
            .iter()
            .map(|e| e.speakers.iter().map(|n| fold::words(n)).collect())
            .collect();
        let mut seen = HashSet::new();
        let distinct = by_entry
            .iter()
            .flatten()
            .filter(|words| seen.insert(*words))
            .cloned()
            .collect();
        SpeakerNames { by_entry, distinct }
    }
}

impl ListPane {
    pub fn new(count: usize) -> ListPane {
        ListPane {
            shown: (0..count).collect(),
            selected: 0,
            offset: 0,
            filter: PaneFilter::default(),
            failed: HashSet::new(),
            waiting: false,
            names: None,
        }
    }

    pub(super) fn keep_visible(&mut self, rows: usize) {
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        self.offset = self.offset.min(self.shown.len().saturating_sub(rows));
    }

    pub(super) fn click(&mut self, row: u16, areas: &Areas) {
        let index = self.offset + usize::from(row / super::geometry::LIST_ROW_HEIGHT);
        if index < self.shown.len() {
            self.selected = index;
        }
        self.keep_visible(areas.list_rows());
    }
}

/// Every `@name` of the filter names one of the entry's speakers.
fn entry_matches(filter: &Filter, speakers: &[Vec<String>]) -> bool {
    filter
        .speakers
        .iter()
        .all(|term| speakers.iter().any(|name| name_matches(term, name)))
}

impl App {
    pub fn selected_entry(&self) -> Option<&ListEntry> {
        let index = *self.list.shown.get(self.list.selected)?;
        self.entries.get(index)
    }

    /// Narrows the list to the filter. `@name` alone is answered from the
    /// catalog; words need the stories' text, which is asked for first.
    pub(super) fn refilter_list(&mut self) {
        if self
            .list
            .names
            .as_ref()
            .is_none_or(|n| n.by_entry.len() != self.entries.len())
        {
            self.list.names = Some(SpeakerNames::of(&self.entries));
        }
        let names = self.list.names.as_ref().expect("made above");
        let filter = self
            .list
            .filter
            .query
            .bind(|term| names.distinct.iter().any(|name| name_matches(term, name)));
        let selected_id = self.selected_entry().map(|e| e.id.clone());
        let shown: Vec<usize> = if filter.keywords.is_empty() {
            self.list.waiting = false;
            (0..self.entries.len())
                .filter(|&i| entry_matches(&filter, &names.by_entry[i]))
                .collect()
        } else {
            let missing: Vec<String> = self
                .entries
                .iter()
                .map(|e| e.id.clone())
                .filter(|id| !self.cache.contains_key(id) && !self.list.failed.contains(id))
                .collect();
            self.list.waiting = !missing.is_empty();
            if self.list.waiting {
                self.requests.push(Request::Load(missing));
                return;
            }
            (0..self.entries.len())
                .filter(|&i| {
                    self.cache
                        .get(&self.entries[i].id)
                        .is_some_and(|s| filter.matches_story(s))
                })
                .collect()
        };
        self.list.selected = selected_id
            .and_then(|id| shown.iter().position(|&i| self.entries[i].id == id))
            .unwrap_or(0);
        self.list.shown = shown;
        self.layout();
    }

    pub(super) fn list_motion(&mut self, action: Action) {
        let rows = self.areas().map_or(1, |a| a.list_rows());
        let list = &mut self.list;
        let last = list.shown.len().saturating_sub(1);
        list.selected = match action {
            Action::Down => (list.selected + 1).min(last),
            Action::Up => list.selected.saturating_sub(1),
            Action::PageDown => (list.selected + rows).min(last),
            Action::PageUp => list.selected.saturating_sub(rows),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return,
        };
        list.keep_visible(rows);
    }

    pub(super) fn open_selected(&mut self) {
        if let Some(id) = self.selected_entry().map(|e| e.id.clone()) {
            self.open(&id);
        }
    }

    /// Opens a story in the transcript pane, asking the source for it
    /// unless it is loaded already.
    pub fn open(&mut self, id: &str) {
        let id = id.to_string();
        if let Some(row) = self
            .list
            .shown
            .iter()
            .position(|&i| self.entries[i].id == id)
        {
            self.list.selected = row;
        }
        if self.cache.contains_key(&id) {
            self.open_cached(&id);
        } else {
            self.transcript.opening = Some(id.clone());
            self.requests.push(Request::Load(vec![id]));
        }
    }
}
