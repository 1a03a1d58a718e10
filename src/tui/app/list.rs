//! The story list: the keys of the stories the filter lets through, in
//! the list's order, as the source's list job hands them over, and which
//! one is selected. The rows themselves are asked for as they come on
//! screen (`App::request_list_rows`): a list of a million stories holds
//! a million keys, not a million rows.

use crate::library::StoryOrder;
use crate::tui::keymap::Action;
use crate::tui::source::{ListAsk, ListEntry, ListShow, MarkSet, SearchJob, StoryKey};

use super::geometry::Areas;
use super::scroll::ScrollList;
use super::{App, Around, Effect, PaneFilter, Request};

/// Rows kept before those off screen are let go: a few screens' worth,
/// so moving back a page asks for nothing.
pub(super) const ROWS_KEPT: usize = 2_048;

pub struct ListPane {
    /// The keys of the stories the list shows, in its order: as many as
    /// the list job has handed over so far.
    pub shown: Vec<StoryKey>,
    /// The selected row of `shown`, and the first on screen.
    pub window: ScrollList,
    pub filter: PaneFilter,
    /// The list job whose keys are still arriving.
    pub searching: Option<u64>,
    /// Whether the running job has handed over keys yet: until it does,
    /// the list it replaces stays on screen.
    started: bool,
    /// The story to select once the running job hands it over: the one
    /// selected when it began, unless the reader has moved since.
    reselect: Option<StoryKey>,
    /// A story opened by id before its row came (the one named at start):
    /// selected once its row comes, and shown until then, unless the
    /// reader moves first.
    pub(super) reselect_id: Option<String>,
    /// What the running (or last) job asked: an edit that leaves the
    /// filter as it was asks nothing again.
    asked: Option<ListAsk>,
    pub sort: StoryOrder,
    /// Only the unread or only the starred stories (`u`).
    pub show: ListShow,
    /// The marks as they stood when `show` was chosen: a story read in the
    /// unread list stays until the mode is chosen again.
    pub(super) show_marks: MarkSet,
}

impl ListPane {
    pub(crate) fn new() -> ListPane {
        ListPane {
            shown: Vec::new(),
            window: ScrollList::default(),
            filter: PaneFilter::default(),
            searching: None,
            started: false,
            reselect: None,
            reselect_id: None,
            asked: None,
            sort: StoryOrder::default(),
            show: ListShow::default(),
            show_marks: MarkSet::default(),
        }
    }

    /// The stories changed under the list: the next job asks afresh.
    pub(super) fn forget_asked(&mut self) {
        self.asked = None;
    }

    /// The stories are another source's now: no key or row of the old
    /// one is kept, nor selected when it comes.
    pub(super) fn forget_selection(&mut self) {
        self.shown.clear();
        self.window.select(0);
        self.reselect = None;
        self.reselect_id = None;
        self.started = false;
    }

    /// The reader moved: nothing selects itself under their keys.
    fn reader_moved(&mut self) {
        self.reselect = None;
        self.reselect_id = None;
    }

    pub(super) fn keep_visible(&mut self, rows: usize) {
        self.window.keep_visible(self.shown.len(), rows);
    }

    /// The key of the story the list has selected.
    pub(crate) fn selected_key(&self) -> Option<StoryKey> {
        self.shown.get(self.window.selected()).copied()
    }

    /// The keys of the rows on screen, `rows` of them at most.
    pub(super) fn keys_on_screen(&self, rows: usize) -> &[StoryKey] {
        let start = self.window.offset().min(self.shown.len());
        let end = start.saturating_add(rows).min(self.shown.len());
        &self.shown[start..end]
    }

    pub(super) fn click(&mut self, row: u16, areas: &Areas) {
        let index = self.window.offset() + usize::from(row / super::geometry::LIST_ROW_HEIGHT);
        if index < self.shown.len() {
            self.window.select(index);
            self.reader_moved();
        }
        self.keep_visible(areas.list_rows());
    }

    /// Handles the list's own keys: moving, and `o` for the next order.
    pub(super) fn update(&mut self, action: &Action, around: &Around) -> Vec<Effect> {
        if *action == Action::SortList {
            self.sort = self.sort.next();
            let said = format!("stories by {}", self.sort.label());
            return vec![Effect::Relist, Effect::Say(said)];
        }
        if !self.window.motion(action, self.shown.len(), around.page) {
            return Vec::new();
        }
        // A late job no longer moves the reader back.
        self.reader_moved();
        self.keep_visible(around.rows);
        vec![Effect::Preview]
    }

    /// Takes in keys of job `generation`: the first replace the list they
    /// answer, the rest follow them. The story selected before stays
    /// selected once its key comes.
    fn take_keys(&mut self, keys: Vec<StoryKey>) {
        if !self.started {
            self.started = true;
            self.shown.clear();
            self.window.select(0);
        }
        let from = self.shown.len();
        self.shown.extend(keys);
        let reselect = self.reselect;
        let came = reselect.and_then(|key| self.shown[from..].iter().position(|&k| k == key));
        if let Some(at) = came {
            self.window.select(from + at);
            self.reselect = None;
        }
    }

    /// The list job has ended: a job that found nothing empties the list.
    fn job_done(&mut self) {
        if !self.started {
            self.shown.clear();
            self.window.select(0);
        }
        self.started = true;
        self.searching = None;
    }
}

impl App {
    /// The selected story's row, once it has come from the source.
    pub(crate) fn selected_entry(&self) -> Option<&ListEntry> {
        self.list_rows.get(&self.list.selected_key()?)
    }

    /// The row of story `key`, if it has come from the source.
    pub(crate) fn list_entry(&self, key: StoryKey) -> Option<&ListEntry> {
        self.list_rows.get(&key)
    }

    /// Story `id`'s key, if a row or a quote of it has come.
    fn key_of(&self, id: &str) -> Option<StoryKey> {
        let mut rows = self.list_rows.values();
        let quoted = || {
            self.quotes
                .quoted
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.key)
        };
        rows.find(|e| e.id == id).map(|e| e.key).or_else(quoted)
    }

    /// The titles of the stories the list shows, for a test: every row
    /// must have come.
    #[cfg(test)]
    pub(crate) fn shown_titles(&self) -> Vec<String> {
        let rows = self.list.shown.iter().map(|key| &self.list_rows[key]);
        rows.map(|e| e.title.clone()).collect()
    }

    /// How many stories the source has in all.
    pub(crate) fn story_count(&self) -> usize {
        self.story_count
    }

    /// Asks the source again for the stories the list's filter lets
    /// through, unless what it would ask is what it asked last.
    pub(super) fn refilter_list(&mut self) {
        let ask = ListAsk {
            query: self.list.filter.query.clone(),
            order: self.list.sort,
            show: self.list.show,
            marks: self.list.show_marks.clone(),
        };
        if self.list.asked.as_ref() == Some(&ask) {
            return;
        }
        let generation = self.next_generation();
        let list = &mut self.list;
        // A list still filling in keeps the story it was to select.
        list.reselect = list.reselect.filter(|_| list.searching.is_some());
        list.reselect = list.reselect.or(list.selected_key());
        list.searching = Some(generation);
        list.started = false;
        list.asked = Some(ask.clone());
        let job = SearchJob::List(ask);
        self.requests.push(Request::Search { generation, job });
    }

    /// Takes in the next keys of the list job.
    pub(super) fn add_list_keys(&mut self, keys: Vec<StoryKey>) {
        self.list.take_keys(keys);
        self.list_changed();
    }

    /// The list job has ended, with or without keys.
    pub(super) fn list_job_done(&mut self) {
        self.list.job_done();
        self.list_changed();
    }

    /// The list's keys changed: the selection stays on screen, and the
    /// transcript follows it once the keys stop (each batch may move the
    /// selection, to the story kept from before the job).
    fn list_changed(&mut self) {
        let rows = self.list_rows_on_screen();
        self.list.keep_visible(rows);
        self.want_preview();
        self.request_list_rows();
        self.layout();
    }

    /// Asks the source for the rows on screen it has not sent yet, the
    /// selected one among them.
    pub(super) fn request_list_rows(&mut self) {
        let rows = self.list_rows_on_screen();
        let mut missing: Vec<StoryKey> = (self.list.keys_on_screen(rows).iter())
            .chain(self.list.selected_key().as_ref())
            .filter(|key| !self.list_rows.contains_key(key) && !self.rows_asked.contains(key))
            .copied()
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if !missing.is_empty() {
            self.rows_asked.extend(&missing);
            self.requests.push(Request::Entries(missing));
        }
    }

    /// Takes in rows the source sent: kept while they are on screen, and
    /// a few screens more.
    pub(crate) fn entries_arrived(&mut self, entries: Vec<ListEntry>) {
        if self.list_rows.len() + entries.len() > ROWS_KEPT {
            let rows = self.list_rows_on_screen();
            let on_screen: Vec<StoryKey> = self.list.keys_on_screen(rows).to_vec();
            self.list_rows.retain(|key, _| on_screen.contains(key));
            self.rows_asked.clear();
            self.rows_asked.extend(on_screen);
        }
        for entry in entries {
            self.list_rows.insert(entry.key, entry);
        }
        self.select_opened();
        if self.preview_waits {
            self.want_preview();
            // The keys had stopped before the row came: show it now.
            if std::mem::take(&mut self.settle_waits) {
                self.settle();
            }
        }
    }

    /// Notes that the selected story should show in the transcript pane
    /// once the keys stop: see `settle`.
    /// The rows the list has on screen.
    fn list_rows_on_screen(&self) -> usize {
        self.areas().map_or(1, |a| a.list_rows())
    }

    /// Rows asked for that could not be read: asked for again when next
    /// on screen.
    pub(crate) fn entries_failed(&mut self, keys: &[StoryKey]) {
        keys.iter().for_each(|key| {
            self.rows_asked.remove(key);
        });
    }

    /// Selects the story opened by id, once its row has come.
    fn select_opened(&mut self) {
        let Some(id) = &self.list.reselect_id else {
            return;
        };
        let key = self.list_rows.values().find(|e| e.id == *id).map(|e| e.key);
        let row = key.and_then(|key| self.list.shown.iter().position(|&k| k == key));
        if let Some(row) = row {
            self.list.window.select(row);
            self.list.reselect_id = None;
        }
    }

    /// The selected row may not have come yet: then it is previewed
    /// when it does (`entries_arrived`). A story opened by id stays
    /// until its row comes or the reader moves.
    pub(super) fn want_preview(&mut self) {
        if self.list.reselect_id.is_some() {
            return;
        }
        self.transcript.preview = self.selected_entry().map(|e| e.id.clone());
        self.preview_waits =
            self.transcript.preview.is_none() && self.list.selected_key().is_some();
    }

    /// Opens the selected story; when the list is filtered by words, the
    /// story shows whole with them marked, and `n` and `N` jump to them.
    pub(super) fn open_selected(&mut self) {
        let Some(id) = self.selected_entry().map(|e| e.id.clone()) else {
            return;
        };
        self.mark_list_words();
        self.transcript.opened_from = None;
        self.transcript.target = None;
        self.transcript.preview = None;
        self.open(&id);
    }

    /// Opens a story in the transcript pane, asking the source for it
    /// unless it is loaded already.
    pub(crate) fn open(&mut self, id: &str) {
        let id = id.to_string();
        // The reader chose a story: the list's no longer shows by itself.
        self.settle_waits = false;
        let row = (self.key_of(&id)).and_then(|key| self.list.shown.iter().position(|&k| k == key));
        match row {
            Some(row) => self.list.window.select(row),
            None => self.list.reselect_id = Some(id.clone()),
        }
        if self.cache.contains_key(&id) {
            self.open_cached(&id);
        } else {
            self.transcript.opening = Some(id.clone());
            self.requests.push(Request::Load(vec![id]));
        }
    }
}
