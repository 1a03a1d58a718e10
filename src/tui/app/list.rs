//! The story list: which stories the filter lets through and which one is
//! selected.

use std::collections::HashMap;

use crate::query::{Filter, Keyword, name_matches};
use crate::story::fold;
use crate::tui::keymap::Action;
use crate::tui::source::ListEntry;

use super::geometry::Areas;
use super::{App, PaneFilter, Request};
use crate::tui::source::SearchJob;

pub struct ListPane {
    /// Indices into `App::entries` that the filter lets through.
    pub shown: Vec<usize>,
    /// Index into `shown`.
    pub selected: usize,
    /// The first row of `shown` on screen.
    pub offset: usize,
    pub filter: PaneFilter,
    /// The keyword search whose matches are still arriving.
    pub searching: Option<u64>,
    /// The keywords searched for, and by entry whether the story has them
    /// all, as far as the search has got.
    searched: Option<(Vec<Keyword>, Vec<bool>)>,
    /// Every distinct speaker name, folded, and which of them speak in
    /// each entry: made once, since `@name` is matched on every keystroke.
    names: Option<SpeakerNames>,
}

pub(super) struct SpeakerNames {
    /// Each distinct name once, as folded words: a library of 100,000
    /// stories has a few thousand people, not 800,000 names.
    pub(super) distinct: Vec<Vec<String>>,
    /// By entry, indices into `distinct`.
    by_entry: Vec<Box<[u32]>>,
}

impl SpeakerNames {
    fn of(entries: &[ListEntry]) -> SpeakerNames {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut distinct = Vec::new();
        let by_entry = entries
            .iter()
            .map(|e| {
                e.speakers
                    .iter()
                    .map(|name| {
                        *ids.entry(name).or_insert_with(|| {
                            distinct.push(fold::words(name));
                            distinct.len() as u32 - 1
                        })
                    })
                    .collect()
            })
            .collect();
        SpeakerNames { distinct, by_entry }
    }

    /// For each `@name` of the filter, which distinct names it matches.
    fn matching(&self, filter: &Filter) -> Vec<Vec<bool>> {
        filter
            .speakers
            .iter()
            .map(|term| {
                self.distinct
                    .iter()
                    .map(|n| name_matches(term, n))
                    .collect()
            })
            .collect()
    }
}

impl ListPane {
    pub fn new(count: usize) -> ListPane {
        ListPane {
            shown: (0..count).collect(),
            selected: 0,
            offset: 0,
            filter: PaneFilter::default(),
            searching: None,
            searched: None,
            names: None,
        }
    }

    /// Drops the `@name` index, to be made again from the entries.
    pub(super) fn forget_names(&mut self) {
        self.names = None;
    }

    pub(super) fn keep_visible(&mut self, rows: usize) {
        (self.selected, self.offset) =
            super::in_view(self.selected, self.offset, self.shown.len(), rows);
    }

    pub(super) fn click(&mut self, row: u16, areas: &Areas) {
        let index = self.offset + usize::from(row / super::geometry::LIST_ROW_HEIGHT);
        if index < self.shown.len() {
            self.selected = index;
        }
        self.keep_visible(areas.list_rows());
    }
}

/// Every `@name` of the filter names one of the entry's speakers; `matching`
/// is `SpeakerNames::matching`.
fn entry_matches(matching: &[Vec<bool>], speakers: &[u32]) -> bool {
    matching
        .iter()
        .all(|names| speakers.iter().any(|&id| names[id as usize]))
}

impl App {
    pub fn selected_entry(&self) -> Option<&ListEntry> {
        let index = *self.list.shown.get(self.list.selected)?;
        self.entries.get(index)
    }

    /// Makes what the first keystroke in a filter bar would otherwise have
    /// to make, which at 100,000 stories takes longer than a frame. The
    /// event loop calls it once the first frame is up and no key waits.
    pub fn warm_up(&mut self) {
        self.speaker_names();
        self.entry_index();
    }

    /// Every speaker's name as folded words, made once for the entries.
    pub(super) fn speaker_names(&mut self) -> &SpeakerNames {
        let names = &mut self.list.names;
        if names
            .as_ref()
            .is_none_or(|n| n.by_entry.len() != self.entries.len())
        {
            *names = Some(SpeakerNames::of(&self.entries));
        }
        names.as_ref().expect("made above")
    }

    /// The list's filter, with each `@name` as long as it names someone.
    fn bound_list_filter(&mut self) -> Filter {
        let query = self.list.filter.query.clone();
        let names = self.speaker_names();
        query.bind(|term| names.distinct.iter().any(|name| name_matches(term, name)))
    }

    /// Narrows the list to the filter. `@name` is answered from the
    /// catalog at once; words are searched for across the library, and the
    /// list fills in as stories with them turn up.
    pub(super) fn refilter_list(&mut self) {
        let filter = self.bound_list_filter();
        if filter.keywords.is_empty() {
            self.list.searched = None;
            self.list.searching = None;
        } else if self
            .list
            .searched
            .as_ref()
            .is_none_or(|(keywords, _)| *keywords != filter.keywords)
        {
            let generation = self.next_generation();
            self.list.searched = Some((filter.keywords.clone(), vec![false; self.entries.len()]));
            self.list.searching = Some(generation);
            let job = SearchJob::Stories(filter.keywords.clone());
            self.requests.push(Request::Search { generation, job });
        }
        self.show_list_matches(&filter);
    }

    /// Marks stories the keyword search found, and shows them.
    pub(super) fn add_story_hits(&mut self, ids: Vec<String>) {
        let index = self.entry_index();
        let places: Vec<usize> = ids
            .iter()
            .filter_map(|id| index.get(id))
            .map(|&i| i as usize)
            .collect();
        if let Some((_, has)) = self.list.searched.as_mut() {
            places.into_iter().for_each(|i| has[i] = true);
        }
        let filter = self.bound_list_filter();
        self.show_list_matches(&filter);
    }

    /// Shows the entries whose speakers the filter names and which have
    /// its keywords, keeping the selected story selected.
    fn show_list_matches(&mut self, filter: &Filter) {
        let names = self.list.names.as_ref().expect("made by refilter_list");
        let matching = names.matching(filter);
        let has_keywords = |i: usize| match &self.list.searched {
            Some((_, has)) => has[i],
            None => true,
        };
        let shown: Vec<usize> = (0..self.entries.len())
            .filter(|&i| has_keywords(i) && entry_matches(&matching, &names.by_entry[i]))
            .collect();
        let selected_id = self.selected_entry().map(|e| e.id.clone());
        self.list.selected = selected_id
            .and_then(|id| shown.iter().position(|&i| self.entries[i].id == id))
            .unwrap_or(0);
        self.list.shown = shown;
        self.layout();
    }

    pub(super) fn list_motion(&mut self, action: Action) {
        let rows = self.areas().map_or(1, |a| a.list_rows());
        let list = &mut self.list;
        let Some(selected) = super::moved(&action, list.selected, list.shown.len(), rows) else {
            return;
        };
        list.selected = selected;
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
