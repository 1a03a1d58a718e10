//! Where each part of the screen goes. Pure, so the app can size its pages
//! and caches with the very rectangles the view will draw into.

use ratatui::layout::Rect;

/// Below this the screen shows a notice instead of the panes.
pub(crate) const MIN_WIDTH: u16 = 40;
pub(crate) const MIN_HEIGHT: u16 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub list: Rect,
    pub transcript: Rect,
    pub bar: Rect,
    pub status: Rect,
}

/// Columns the transcript pane keeps for itself: two borders, the turn
/// marker gutter (two), a space and the scrollbar.
pub(crate) const TRANSCRIPT_CHROME: u16 = 6;
/// Columns of the quotes view that are not the quote's text.
pub(crate) const QUOTE_CHROME: u16 = 7;
/// Rows the speaker strip takes at the top of the transcript pane.
pub(crate) const STRIP_HEIGHT: u16 = 1;
/// Each story in the list takes a title line and a details line.
pub(crate) const LIST_ROW_HEIGHT: u16 = 2;

/// Columns the transcript pane keeps however wide the list is asked to be.
const MIN_TRANSCRIPT_WIDTH: u16 = 24;

/// Where each pane goes on a screen of `width` x `height`, or None when it
/// is too small. The list takes `list_percent` of the width when given
/// (config.toml's `list_width`); else about a third, from 16 to 40 columns.
pub(crate) fn areas_with(width: u16, height: u16, list_percent: Option<u16>) -> Option<Areas> {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return None;
    }
    let main_height = height - 2;
    let list_width = match list_percent {
        Some(percent) => ((u32::from(width) * u32::from(percent) / 100) as u16)
            .clamp(16, width - MIN_TRANSCRIPT_WIDTH),
        None => (width / 3).clamp(16, 40),
    };
    Some(Areas {
        list: Rect::new(0, 0, list_width, main_height),
        transcript: Rect::new(list_width, 0, width - list_width, main_height),
        bar: Rect::new(0, main_height, width, 1),
        status: Rect::new(0, main_height + 1, width, 1),
    })
}

impl Areas {
    /// Columns of the speaker strip: inside the borders, clear of the
    /// scrollbar's column, as the text is.
    pub(crate) fn strip_width(&self) -> usize {
        usize::from(self.transcript.width.saturating_sub(3))
    }

    pub(crate) fn text_width(&self) -> usize {
        usize::from(self.transcript.width.saturating_sub(TRANSCRIPT_CHROME))
    }

    /// Rows for the story's text: inside the borders, below the strip.
    pub(crate) fn text_height(&self) -> usize {
        usize::from(self.transcript.height.saturating_sub(2 + STRIP_HEIGHT))
    }

    /// The list and the transcript together: where the quotes and speakers
    /// views go.
    pub(crate) fn main(&self) -> Rect {
        self.list.union(self.transcript)
    }

    /// Columns for a quote's text: borders, the gutter, an indent and the
    /// scrollbar.
    pub(crate) fn quote_width(&self) -> usize {
        usize::from(self.main().width.saturating_sub(QUOTE_CHROME))
    }

    /// Rows inside the quotes or speakers view's border.
    pub(crate) fn main_rows(&self) -> usize {
        usize::from(self.main().height.saturating_sub(2)).max(1)
    }

    pub(crate) fn list_rows(&self) -> usize {
        usize::from((self.list.height.saturating_sub(2) / LIST_ROW_HEIGHT).max(1))
    }
}

/// A box centred in the screen, at most `width` by `height`.
pub(crate) fn overlay(screen: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(screen.width.saturating_sub(4)).max(1);
    let h = height.min(screen.height.saturating_sub(2)).max(1);
    Rect::new(
        screen.x + (screen.width.saturating_sub(w)) / 2,
        screen.y + (screen.height.saturating_sub(h)) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_fill_the_screen_without_overlap() {
        let a = areas_with(100, 30, None).unwrap();
        assert_eq!(a.list.width + a.transcript.width, 100);
        assert_eq!(a.list.height + a.bar.height + a.status.height, 30);
        assert_eq!(a.text_width(), 100 - 33 - 6);
    }

    #[test]
    fn too_small_has_no_panes_and_overlays_never_overflow() {
        assert!(areas_with(39, 30, None).is_none());
        assert!(areas_with(80, 9, None).is_none());
        for (w, h) in [(1, 1), (3, 2), (40, 10)] {
            let screen = Rect::new(0, 0, w, h);
            let r = overlay(screen, 60, 20);
            assert!(r.right() <= screen.right().max(1) && r.bottom() <= screen.bottom().max(1));
        }
    }
}

#[cfg(test)]
mod width_tests {
    use super::*;

    #[test]
    fn the_list_takes_a_third_within_bounds_or_the_share_asked_for() {
        let list = |width, percent| areas_with(width, 24, percent).unwrap().list.width;
        assert_eq!(list(90, None), 30);
        assert_eq!(list(40, None), 16);
        assert_eq!(list(200, None), 40);
        assert_eq!(list(200, Some(50)), 100);
        assert_eq!(list(80, Some(70)), 56);
        assert_eq!(list(40, Some(70)), 16, "the transcript keeps its room");
        assert_eq!(list(60, Some(15)), 16);
    }
}
