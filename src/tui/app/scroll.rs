//! A window onto a list of rows: which row is selected and which is first
//! on screen. The story list, the quotes, the speakers and the speaker
//! picker each keep one, so the arithmetic of moving and scrolling is
//! written once. The list's rows live with the pane; this only knows how
//! many there are, passed in on each call, so it never holds a stale
//! length.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::tui::keymap::Action;

/// Rows a page holds: a screen is some fifty rows, so a page covers a
/// few screens and `j` held down asks the source rarely.
pub(crate) const PAGE_ROWS: usize = 200;

/// Pages kept either side of those just filled; those further away go,
/// so a window over a million rows holds a few pages of them. Three, as
/// `missing` asks for at most four pages in a row (the screen's two and
/// one either side): none of them is let go while the rest come.
const PAGES_KEPT: usize = 3;

/// A window's rows as far as the source has sent them: how many there
/// are in all, and the pages around the screen. Rows not here yet are
/// asked for (`missing`) and drawn as placeholders meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagedRows<T> {
    /// None until the source has said how many rows there are.
    total: Option<usize>,
    /// By page number, its rows.
    pages: BTreeMap<usize, Vec<T>>,
}

impl<T> Default for PagedRows<T> {
    fn default() -> PagedRows<T> {
        PagedRows {
            total: None,
            pages: BTreeMap::new(),
        }
    }
}

impl<T> PagedRows<T> {
    /// How many rows there are; 0 until the source says.
    pub(crate) fn total(&self) -> usize {
        self.total.unwrap_or(0)
    }

    /// Whether the source has said how many rows there are.
    pub(crate) fn is_known(&self) -> bool {
        self.total.is_some()
    }

    /// Row `index`, if its page is here.
    pub(crate) fn get(&self, index: usize) -> Option<&T> {
        self.pages.get(&(index / PAGE_ROWS))?.get(index % PAGE_ROWS)
    }

    /// The rows here, in order.
    #[cfg(test)]
    pub(crate) fn loaded(&self) -> impl Iterator<Item = &T> {
        self.pages.values().flatten()
    }

    /// The page numbers held.
    #[cfg(test)]
    pub(crate) fn pages(&self) -> Vec<usize> {
        self.pages.keys().copied().collect()
    }

    /// Forgets every row, the order or the filter having changed; the
    /// count stands until the new one comes, so the screen shows
    /// placeholders meanwhile rather than an empty list.
    pub(crate) fn clear(&mut self) {
        self.pages.clear();
    }

    /// The rows to ask for so that `rows` rows from `first` can be drawn,
    /// and a page either side for the next moves: whole pages, from the
    /// first missing to the last; None when all are here. Until the
    /// total is known, the first page.
    pub(crate) fn missing(&self, first: usize, rows: usize) -> Option<Range<usize>> {
        let Some(total) = self.total else {
            return Some(0..PAGE_ROWS);
        };
        let last_page = total.div_ceil(PAGE_ROWS);
        let from = (first / PAGE_ROWS).saturating_sub(1);
        let to = ((first + rows.max(1) - 1) / PAGE_ROWS + 2).min(last_page);
        let wanted: Vec<usize> = (from..to).filter(|p| !self.pages.contains_key(p)).collect();
        let (&start, &end) = (wanted.first()?, wanted.last()?);
        Some(start * PAGE_ROWS..((end + 1) * PAGE_ROWS).min(total))
    }

    /// Takes in `rows` from row `offset` (a page's first row), of `total`
    /// in all, and lets pages far from them go. A new total means the
    /// rows changed under the window: the old pages go too.
    pub(crate) fn fill(&mut self, total: usize, offset: usize, rows: Vec<T>) {
        if self.total != Some(total) {
            self.pages.clear();
        }
        self.total = Some(total);
        let first_page = offset / PAGE_ROWS;
        let mut rows = rows.into_iter();
        let mut page = first_page;
        loop {
            let chunk: Vec<T> = rows.by_ref().take(PAGE_ROWS).collect();
            if chunk.is_empty() {
                break;
            }
            self.pages.insert(page, chunk);
            page += 1;
        }
        let near = first_page.saturating_sub(PAGES_KEPT)..page + PAGES_KEPT;
        self.pages.retain(|p, _| near.contains(p));
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScrollList {
    selected: usize,
    offset: usize,
}

impl ScrollList {
    /// The selected row; 0 in an empty list.
    pub(crate) fn selected(&self) -> usize {
        self.selected
    }

    /// The first row on screen.
    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    /// Selects row `index`, as found by the caller; `keep_visible` or
    /// `clamp` bring it within the list.
    pub(crate) fn select(&mut self, index: usize) {
        self.selected = index;
    }

    /// Puts row `offset` first on screen: for a list whose rows differ
    /// in height, which only the caller can measure.
    pub(crate) fn scroll_to(&mut self, offset: usize) {
        self.offset = offset;
    }

    /// Back to the top, selection and all.
    pub(crate) fn reset(&mut self) {
        *self = ScrollList::default();
    }

    /// Moves the selection for `action` in a list of `len` rows, `page`
    /// rows to a page; false, and nothing moved, for an action that is
    /// not a motion.
    pub(crate) fn motion(&mut self, action: &Action, len: usize, page: usize) -> bool {
        let last = len.saturating_sub(1);
        let selected = self.selected.min(last);
        self.selected = match action {
            Action::Down => (selected + 1).min(last),
            Action::Up => selected.saturating_sub(1),
            Action::PageDown => (selected + page).min(last),
            Action::PageUp => selected.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        true
    }

    /// Keeps the selection within `len` rows, and the first row on
    /// screen no further down than the selection.
    pub(crate) fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }

    /// Keeps the selection within `len` rows, and moves the first row on
    /// screen just enough that the selection shows among `rows` of them,
    /// with no empty rows below the list's end.
    pub(crate) fn keep_visible(&mut self, len: usize, rows: usize) {
        let rows = rows.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        self.offset = self.offset.min(len.saturating_sub(rows));
    }

    /// This window with the selection scrolled into view, leaving this
    /// one as it is: for a view that knows its rows only when drawn.
    pub(crate) fn visible(mut self, len: usize, rows: usize) -> ScrollList {
        self.keep_visible(len, rows);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A million rows, each its own number: what a source would send.
    const MILLION: usize = 1_000_000;

    fn send(rows: &mut PagedRows<usize>, wanted: Range<usize>) {
        rows.fill(MILLION, wanted.start, wanted.collect());
    }

    #[test]
    fn paged_rows_ask_for_the_pages_around_the_screen_only() {
        let mut rows = PagedRows::default();
        assert_eq!(rows.total(), 0);
        assert_eq!(
            rows.missing(0, 50),
            Some(0..PAGE_ROWS),
            "first the first page"
        );
        send(&mut rows, 0..PAGE_ROWS);
        assert_eq!(rows.total(), MILLION);
        assert_eq!(rows.get(7), Some(&7));
        // The screen and a page after it.
        assert_eq!(rows.missing(0, 50), Some(PAGE_ROWS..2 * PAGE_ROWS));
        send(&mut rows, PAGE_ROWS..2 * PAGE_ROWS);
        assert_eq!(rows.missing(0, 50), None);
        // G: the last page, and the one before it; nothing in between.
        let last = MILLION - 50;
        let wanted = rows.missing(last, 50).unwrap();
        assert_eq!(wanted, MILLION - 2 * PAGE_ROWS..MILLION);
        send(&mut rows, wanted);
        assert_eq!(rows.get(MILLION - 1), Some(&(MILLION - 1)));
        assert_eq!(rows.get(PAGE_ROWS), None, "the top has gone");
        let pages = rows.pages();
        assert_eq!(pages, [MILLION / PAGE_ROWS - 2, MILLION / PAGE_ROWS - 1]);
        assert!(rows.loaded().count() <= (2 * PAGES_KEPT + 3) * PAGE_ROWS);
        // g: the top again.
        assert_eq!(rows.missing(0, 50), Some(0..2 * PAGE_ROWS));
    }

    #[test]
    fn a_new_total_drops_the_old_rows() {
        let mut rows = PagedRows::default();
        send(&mut rows, 0..PAGE_ROWS);
        rows.fill(3, 0, vec![10, 11, 12]);
        assert_eq!(
            (rows.total(), rows.get(1), rows.get(5)),
            (3, Some(&11), None)
        );
        assert_eq!(rows.missing(0, 50), None, "three rows, all here");
        rows.clear();
        assert_eq!((rows.total(), rows.get(1)), (3, None), "the count stands");
        assert_eq!(rows.missing(0, 50), Some(0..3));
    }

    fn at(selected: usize, offset: usize) -> ScrollList {
        ScrollList { selected, offset }
    }

    #[test]
    fn an_empty_list_stays_at_the_top_whatever_moves() {
        for action in [
            Action::Down,
            Action::Up,
            Action::PageDown,
            Action::PageUp,
            Action::Top,
            Action::Bottom,
        ] {
            let mut list = ScrollList::default();
            assert!(list.motion(&action, 0, 10));
            list.keep_visible(0, 10);
            assert_eq!(list, at(0, 0), "{action:?}");
        }
    }

    #[test]
    fn a_non_motion_moves_nothing() {
        let mut list = at(3, 1);
        assert!(!list.motion(&Action::Quit, 10, 5));
        assert_eq!(list, at(3, 1));
    }

    #[test]
    fn pages_stop_at_the_ends() {
        let mut list = at(8, 5);
        list.motion(&Action::PageDown, 10, 5);
        assert_eq!(list.selected(), 9, "stops at the last row");
        list.motion(&Action::PageDown, 10, 5);
        assert_eq!(list.selected(), 9);
        list.motion(&Action::PageUp, 10, 5);
        assert_eq!(list.selected(), 4);
        list.motion(&Action::PageUp, 10, 5);
        assert_eq!(list.selected(), 0, "stops at the first row");
        list.motion(&Action::Up, 10, 5);
        assert_eq!(list.selected(), 0);
        list.motion(&Action::Bottom, 10, 5);
        assert_eq!(list.selected(), 9);
        list.motion(&Action::Down, 10, 5);
        assert_eq!(list.selected(), 9);
        list.motion(&Action::Top, 10, 5);
        assert_eq!(list.selected(), 0);
    }

    #[test]
    fn scrolling_follows_the_selection_only_when_it_leaves_the_screen() {
        let mut list = ScrollList::default();
        for _ in 0..4 {
            list.motion(&Action::Down, 20, 5);
            list.keep_visible(20, 5);
        }
        assert_eq!(list, at(4, 0), "still on the first screen");
        list.motion(&Action::Down, 20, 5);
        list.keep_visible(20, 5);
        assert_eq!(list, at(5, 1), "one row scrolled");
        list.motion(&Action::Up, 20, 5);
        list.keep_visible(20, 5);
        assert_eq!(
            list,
            at(4, 1),
            "moving back up within the screen scrolls nothing"
        );
        list.motion(&Action::Bottom, 20, 5);
        list.keep_visible(20, 5);
        assert_eq!(list, at(19, 15));
    }

    #[test]
    fn a_shrinking_list_pulls_the_selection_and_the_screen_back() {
        let mut list = at(15, 12);
        list.keep_visible(6, 5);
        assert_eq!(list, at(5, 1), "the last row selected, the screen full");
        list.keep_visible(3, 5);
        assert_eq!(list, at(2, 0), "fewer rows than fit: from the top");
        let mut list = at(15, 12);
        list.clamp(6);
        assert_eq!(list, at(5, 5));
        list.clamp(0);
        assert_eq!(list, at(0, 0));
    }

    #[test]
    fn motion_from_past_the_end_starts_from_the_last_row() {
        let mut list = at(15, 0);
        list.motion(&Action::Up, 6, 5);
        assert_eq!(list.selected(), 4);
    }

    #[test]
    fn visible_leaves_the_original_alone() {
        let list = ScrollList::default();
        let mut moved = list;
        moved.select(7);
        assert_eq!(moved.visible(10, 3), at(7, 5));
        assert_eq!(moved, at(7, 0));
        assert_eq!(list, at(0, 0));
    }
}
