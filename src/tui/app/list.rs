//! The story list: which stories the filter lets through and which one is
//! selected.

use std::collections::HashMap;

use crate::query::{Filter, Keyword, name_matches};
use crate::story::fold;
use crate::tui::keymap::Action;
use crate::tui::source::ListEntry;

use super::geometry::Areas;
use super::scroll::ScrollList;
use super::{App, Around, Effect, PaneFilter, Request};
use crate::tui::source::SearchJob;

/// The story list's order; `o` cycles through them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListSort {
    /// Newest first.
    #[default]
    AirDate,
    Title,
    Program,
    Station,
    RecentlyImported,
}

impl ListSort {
    fn next(self) -> ListSort {
        match self {
            ListSort::AirDate => ListSort::Title,
            ListSort::Title => ListSort::Program,
            ListSort::Program => ListSort::Station,
            ListSort::Station => ListSort::RecentlyImported,
            ListSort::RecentlyImported => ListSort::AirDate,
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            ListSort::AirDate => "air date",
            ListSort::Title => "title",
            ListSort::Program => "program",
            ListSort::Station => "station",
            ListSort::RecentlyImported => "recently imported",
        }
    }

    /// Each entry's place in this order: made once per order, so that
    /// narrowing the list sorts small numbers, not titles.
    pub(super) fn ranks(self, entries: &[ListEntry]) -> Vec<u32> {
        let mut order: Vec<usize> = (0..entries.len()).collect();
        // Stories without the field go last; ties keep the air-date order.
        let folded = |field: &Option<String>| match field {
            Some(text) => (false, fold::words(text)),
            None => (true, Vec::new()),
        };
        match self {
            // The library's catalog comes newest first already; files
            // named on the command line come in their own order.
            ListSort::AirDate => order.sort_by_key(|&i| std::cmp::Reverse(entries[i].sort_date())),
            ListSort::Title => order.sort_by_cached_key(|&i| fold::words(&entries[i].title)),
            ListSort::Program => order.sort_by_cached_key(|&i| folded(&entries[i].program)),
            ListSort::Station => order.sort_by_cached_key(|&i| folded(&entries[i].station)),
            ListSort::RecentlyImported => {
                order.sort_by_key(|&i| std::cmp::Reverse(entries[i].imported_at))
            }
        }
        let mut ranks = vec![0; entries.len()];
        for (rank, &i) in order.iter().enumerate() {
            ranks[i] = rank as u32;
        }
        ranks
    }
}

pub struct ListPane {
    /// Indices into `App::entries` that the filter lets through.
    pub shown: Vec<usize>,
    /// The selected row of `shown`, and the first on screen.
    pub window: ScrollList,
    pub filter: PaneFilter,
    /// The keyword search whose matches are still arriving.
    pub searching: Option<u64>,
    /// The keywords searched for, and by entry what the search has found
    /// so far.
    searched: Option<ListSearch>,
    /// Every distinct speaker name, folded, and which of them speak in
    /// each entry: made once, since `@name` is matched on every keystroke.
    names: Option<SpeakerNames>,
    pub sort: ListSort,
    /// `sort`'s rank of each entry, made when first needed.
    ranks: Option<(ListSort, Vec<u32>)>,
    /// Only the unread or only the starred stories (`u`).
    pub show: super::ListShow,
    /// By entry, whether `show` keeps it, as the marks stood when the
    /// mode was chosen; None shows every story.
    pub(super) keep: Option<Vec<bool>>,
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

    /// For each of `terms` (a filter's `@name`s), which distinct names it
    /// matches.
    fn matching(&self, terms: &[Vec<String>]) -> Vec<Vec<bool>> {
        terms
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

/// A story-list search for words: the words, and by entry whether the
/// story has them all and whether it has a left-out one.
struct ListSearch {
    keywords: Vec<Keyword>,
    without: Vec<Keyword>,
    has: Vec<bool>,
    left_out: Vec<bool>,
}

impl ListSearch {
    fn shows(&self, entry: usize) -> bool {
        (self.keywords.is_empty() || self.has[entry]) && !self.left_out[entry]
    }
}

impl ListPane {
    pub(crate) fn new(count: usize) -> ListPane {
        ListPane {
            shown: (0..count).collect(),
            window: ScrollList::default(),
            filter: PaneFilter::default(),
            searching: None,
            searched: None,
            names: None,
            sort: ListSort::default(),
            ranks: None,
            show: super::ListShow::default(),
            keep: None,
        }
    }

    /// The entries changed under the list: what was made from them goes.
    pub(super) fn forget_entries(&mut self, count: usize) {
        self.names = None;
        self.ranks = None;
        self.searched = None;
        self.searching = None;
        self.shown = (0..count).collect();
        self.window.select(0);
    }

    /// Selects the story `id` if the list shows it.
    pub(super) fn select_id(&mut self, id: &str, entries: &[ListEntry]) {
        if let Some(row) = self.shown.iter().position(|&i| entries[i].id == id) {
            self.window.select(row);
        }
    }

    /// Drops the `@name` index, to be made again from the entries.
    pub(super) fn forget_names(&mut self) {
        self.names = None;
    }

    pub(super) fn keep_visible(&mut self, rows: usize) {
        self.window.keep_visible(self.shown.len(), rows);
    }

    /// The story the list has selected, as an index into the entries.
    pub(crate) fn selected_index(&self) -> Option<usize> {
        self.shown.get(self.window.selected()).copied()
    }

    pub(super) fn click(&mut self, row: u16, areas: &Areas) {
        let index = self.window.offset() + usize::from(row / super::geometry::LIST_ROW_HEIGHT);
        if index < self.shown.len() {
            self.window.select(index);
        }
        self.keep_visible(areas.list_rows());
    }
}

impl ListPane {
    /// Handles the list's own keys: moving, and `o` for the next order.
    pub(super) fn update(&mut self, action: &Action, around: &Around) -> Vec<Effect> {
        let entries = around.entries;
        if *action == Action::SortList {
            self.sort = self.sort.next();
            let filter = self.bound_filter(entries);
            self.show_matches(&filter, entries);
            let said = format!("stories by {}", self.sort.label());
            return vec![Effect::Preview, Effect::Layout, Effect::Say(said)];
        }
        if !self.window.motion(action, self.shown.len(), around.page) {
            return Vec::new();
        }
        self.keep_visible(around.rows);
        vec![Effect::Preview]
    }

    /// Every speaker's name as folded words, made once for the entries.
    pub(super) fn speaker_names(&mut self, entries: &[ListEntry]) -> &SpeakerNames {
        let names = &mut self.names;
        if names
            .as_ref()
            .is_none_or(|n| n.by_entry.len() != entries.len())
        {
            *names = Some(SpeakerNames::of(entries));
        }
        names.as_ref().expect("made above")
    }

    /// The list's filter, with each `@name` as long as it names someone.
    fn bound_filter(&mut self, entries: &[ListEntry]) -> Filter {
        let query = self.filter.query.clone();
        let names = self.speaker_names(entries);
        query.bind_to_names(&names.distinct)
    }

    /// Shows the entries whose speakers the filter names and which have
    /// its keywords, keeping the selected story selected.
    fn show_matches(&mut self, filter: &Filter, entries: &[ListEntry]) {
        let names = self.names.as_ref().expect("made by bound_filter");
        let matching = names.matching(&filter.speakers);
        let left_out = names.matching(&filter.without_speakers);
        let has_keywords = |i: usize| self.searched.as_ref().is_none_or(|s| s.shows(i));
        let kept = |i: usize| self.keep.as_ref().is_none_or(|k| k.get(i) == Some(&true));
        let facts = |i: usize| {
            let entry = &entries[i];
            !filter.narrows_stories()
                || filter.matches_story_facts(entry.date, entry.program.as_deref())
        };
        let mut shown: Vec<usize> = (0..entries.len())
            .filter(|&i| {
                has_keywords(i)
                    && kept(i)
                    && facts(i)
                    && entry_matches(&matching, &left_out, &names.by_entry[i])
            })
            .collect();
        let sort = self.sort;
        if self.ranks.as_ref().is_none_or(|(s, _)| *s != sort) {
            self.ranks = Some((sort, sort.ranks(entries)));
        }
        let (_, ranks) = self.ranks.as_ref().expect("made above");
        shown.sort_unstable_by_key(|&i| ranks[i]);
        let selected_id = self.selected_index().map(|i| &entries[i].id);
        let kept = selected_id.and_then(|id| shown.iter().position(|&i| entries[i].id == *id));
        self.window.select(kept.unwrap_or(0));
        self.shown = shown;
    }
}

/// Every `@name` of the filter names one of the entry's speakers, and no
/// `-@name` does; `matching` and `left_out` are `SpeakerNames::matching`.
fn entry_matches(matching: &[Vec<bool>], left_out: &[Vec<bool>], speakers: &[u32]) -> bool {
    let names_one = |names: &Vec<bool>| speakers.iter().any(|&id| names[id as usize]);
    matching.iter().all(names_one) && !left_out.iter().any(names_one)
}

impl App {
    pub(crate) fn selected_entry(&self) -> Option<&ListEntry> {
        self.entries.get(self.list.selected_index()?)
    }

    /// Makes what the first keystroke in a filter bar would otherwise have
    /// to make, which at 100,000 stories takes longer than a frame. The
    /// event loop calls it once the first frame is up and no key waits.
    pub(crate) fn warm_up(&mut self) {
        self.speaker_names();
        self.entry_index();
    }

    /// Every speaker's name as folded words, made once for the entries.
    pub(super) fn speaker_names(&mut self) -> &SpeakerNames {
        self.list.speaker_names(&self.entries)
    }

    /// The list's filter, with each `@name` as long as it names someone.
    fn bound_list_filter(&mut self) -> Filter {
        self.list.bound_filter(&self.entries)
    }

    /// Narrows the list to the filter. `@name` is answered from the
    /// catalog at once; words are searched for across the library, and the
    /// list fills in as stories with them turn up.
    pub(super) fn refilter_list(&mut self) {
        let filter = self.bound_list_filter();
        if filter.keywords.is_empty() && filter.without.is_empty() {
            self.list.searched = None;
            self.list.searching = None;
        } else if self
            .list
            .searched
            .as_ref()
            .is_none_or(|s| (&s.keywords, &s.without) != (&filter.keywords, &filter.without))
        {
            let generation = self.next_generation();
            self.list.searched = Some(ListSearch {
                keywords: filter.keywords.clone(),
                without: filter.without.clone(),
                has: vec![false; self.entries.len()],
                left_out: vec![false; self.entries.len()],
            });
            self.list.searching = Some(generation);
            let job = SearchJob::Stories {
                keywords: filter.keywords.clone(),
                without: filter.without.clone(),
            };
            self.requests.push(Request::Search { generation, job });
        }
        self.show_list_matches(&filter);
    }

    /// Marks stories the keyword search found (or, `left_out`, found to
    /// hold a left-out word), and shows the list as it now stands.
    pub(super) fn add_story_hits(&mut self, ids: Vec<String>, left_out: bool) {
        let index = self.entry_index();
        let places: Vec<usize> = ids
            .iter()
            .filter_map(|id| index.get(id))
            .map(|&i| i as usize)
            .collect();
        if let Some(search) = self.list.searched.as_mut() {
            let marks = match left_out {
                true => &mut search.left_out,
                false => &mut search.has,
            };
            places.into_iter().for_each(|i| marks[i] = true);
        }
        let filter = self.bound_list_filter();
        self.show_list_matches(&filter);
    }

    /// Shows the entries whose speakers the filter names and which have
    /// its keywords, keeping the selected story selected.
    fn show_list_matches(&mut self, filter: &Filter) {
        self.list.show_matches(filter, &self.entries);
        self.want_preview();
        self.layout();
    }

    /// Notes that the selected story should show in the transcript pane
    /// once the keys stop: see `settle`.
    pub(super) fn want_preview(&mut self) {
        self.transcript.preview = self.selected_entry().map(|e| e.id.clone());
    }

    /// Opens the selected story; when the list is filtered by words, the
    /// story shows whole with them marked, and `n` and `N` jump to them.
    pub(super) fn open_selected(&mut self) {
        let Some(id) = self.selected_entry().map(|e| e.id.clone()) else {
            return;
        };
        self.mark_list_words();
        self.transcript.from_quotes = false;
        self.transcript.preview = None;
        self.open(&id);
    }

    /// Opens a story in the transcript pane, asking the source for it
    /// unless it is loaded already.
    pub(crate) fn open(&mut self, id: &str) {
        let id = id.to_string();
        if let Some(row) = self
            .list
            .shown
            .iter()
            .position(|&i| self.entries[i].id == id)
        {
            self.list.window.select(row);
        }
        if self.cache.contains_key(&id) {
            self.open_cached(&id);
        } else {
            self.transcript.opening = Some(id.clone());
            self.requests.push(Request::Load(vec![id]));
        }
    }
}
