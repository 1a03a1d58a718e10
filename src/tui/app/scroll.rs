//! A window onto a list of rows: which row is selected and which is first
//! on screen. The story list, the quotes, the speakers and the speaker
//! picker each keep one, so the arithmetic of moving and scrolling is
//! written once. The list's rows live with the pane; this only knows how
//! many there are, passed in on each call, so it never holds a stale
//! length.

use crate::tui::keymap::Action;

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
