use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::story::sanitize::clean_line;
use crate::story::text::counted;
use crate::tui::app::{App, Focus, ListShow};

use super::fit;

pub(crate) fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let focused = app.focus() == Focus::List;
    let list = app.list();
    let searching = match list.searching {
        Some(_) => " · searching…",
        None => "",
    };
    // "Unread 3 of 40": the mode names the stories, short enough for a
    // narrow list.
    let noun = list.show.title();
    let narrowed = list.filter.is_active() || list.show != ListShow::All;
    let title = match narrowed {
        true => format!(
            " {noun} {} of {}{searching} ",
            list.shown.len(),
            app.story_count()
        ),
        false => format!(" {noun} ({}){searching} ", app.story_count()),
    };
    let title = match list.sort {
        crate::library::StoryOrder::AirDate => title.trim().to_string(),
        sort => format!("{} · by {}", title.trim(), sort.label()),
    };
    let block = Block::bordered()
        .title(super::pane_title(&title, area.width))
        .border_style(app.theme().border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = usize::from(inner.height / 2);
    // One column goes to the selection marker, one to the read and
    // starred marks.
    let width = usize::from(inner.width.saturating_sub(2));
    let mut lines = Vec::with_capacity(rows * 2);
    for (row, &key) in list
        .shown
        .iter()
        .enumerate()
        .skip(list.window.offset())
        .take(rows)
    {
        let Some(entry) = app.list_entry(key) else {
            // Its row is on its way from the source.
            lines.push(Line::styled(" …", app.theme().dim()));
            lines.push(Line::raw(""));
            continue;
        };
        let selected = row == list.window.selected();
        let unread = !app.marks().is_read(&entry.id);
        // Unread titles are bold, as in a mail reader.
        let weight = match unread {
            true => Style::new().add_modifier(Modifier::BOLD),
            false => Style::new(),
        };
        let (marker, title_style) = match (selected, focused) {
            (true, true) => ("▌", app.theme().selected().patch(weight)),
            (true, false) => ("▌", weight),
            _ => (" ", weight),
        };
        let speakers = counted(entry.speaker_count(), "speaker", "speakers");
        lines.push(Line::from(vec![
            Span::styled(marker, app.theme().gutter()),
            read_mark(app, unread),
            Span::styled(fit(&clean_line(&entry.title), width), title_style),
        ]));
        // The marker column of the second row flags a story the parser was
        // unsure of; the open story lists what it was unsure of.
        let unsure = match entry.warnings {
            0 => Span::raw(" "),
            _ => Span::styled("!", app.theme().highlight()),
        };
        lines.push(Line::from(vec![
            unsure,
            star_mark(app, app.marks().is_starred(&entry.id)),
            Span::styled(
                fit(
                    &clean_line(&format!("{} · {speakers}", entry.dateline())),
                    width,
                ),
                app.theme().dim(),
            ),
        ]));
    }
    if list.shown.is_empty() {
        let text = match (list.searching.is_some(), app.story_count()) {
            (true, _) => "Searching…",
            (false, 0) => "No stories yet.",
            (false, _) => "No story matches.",
        };
        lines.push(Line::styled(text, app.theme().dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `●` before the title of a story not yet opened.
fn read_mark(app: &App, unread: bool) -> Span<'static> {
    match unread {
        true => Span::styled(UNREAD, app.theme().unread()),
        false => Span::raw(" "),
    }
}

/// `★` under the unread mark, on the details row, for a starred story.
fn star_mark(app: &App, starred: bool) -> Span<'static> {
    match starred {
        true => Span::styled(STARRED, app.theme().star()),
        false => Span::raw(" "),
    }
}

pub const UNREAD: &str = "●";
pub const STARRED: &str = "★";
