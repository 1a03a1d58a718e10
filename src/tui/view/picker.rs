use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::story::sanitize::clean_line;
use crate::story::text::counted;
use crate::tui::app::App;
use crate::tui::app::geometry::overlay;
use crate::tui::app::scroll::ScrollList;
use crate::tui::keymap::{Action, Context};

pub(crate) fn draw(frame: &mut Frame, app: &App, screen: Rect, picked: ScrollList) {
    let speakers = app.speaker_turns();
    let height = speakers.len() as u16 + 2;
    let area = overlay(screen, 50, height);
    let block = Block::bordered()
        .title(format!(
            " Speakers · {} filters, {} closes ",
            app.keymap().key(Context::Picker, &Action::PickerAccept),
            app.keymap().key(Context::Picker, &Action::CloseOverlay)
        ))
        .border_style(app.theme().border(true));
    let inner = block.inner(area);
    let rows = usize::from(inner.height).max(1);
    // Keeps the selected speaker in view when there are more than fit.
    let window = picked.visible(speakers.len(), rows);
    let selected = window.selected();
    let lines: Vec<Line> = speakers
        .iter()
        .enumerate()
        .skip(window.offset())
        .take(rows)
        .map(|(i, (name, heading, turns))| {
            let style = app.theme().speaker(name);
            let style = match i == selected {
                true => style.patch(app.theme().selected()),
                false => style,
            };
            let count = format!(" {}", counted(*turns, "turn", "turns"));
            Line::from(vec![
                Span::styled(clean_line(heading).into_owned(), style),
                Span::styled(count, app.theme().dim()),
            ])
        })
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}
