//! The help overlay, printed from the keymap in force.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::App;
use crate::tui::app::geometry::overlay;
use crate::tui::keymap::{Action, Context};

const WIDTH: u16 = 64;
const KEY_COLUMN: usize = 16;

fn lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut context: Option<Context> = None;
    for (ctx, keys, description) in app.keymap().help_rows() {
        if context != Some(ctx) {
            if context.is_some() {
                lines.push(Line::default());
            }
            lines.push(Line::styled(ctx.title(), app.theme().heading()));
            context = Some(ctx);
        }
        lines.push(Line::from(vec![
            Span::styled(key_cell(&keys), Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(description),
        ]));
    }
    lines
}

/// The keys, indented and padded to the column; keys too many for it
/// still keep two spaces before the description rather than running into
/// it (`Shift-Tabback`).
fn key_cell(keys: &str) -> String {
    let gap = if keys.chars().count() >= KEY_COLUMN {
        "  "
    } else {
        ""
    };
    format!("  {keys:<KEY_COLUMN$}{gap}")
}

fn area(screen: Rect, lines: usize) -> Rect {
    overlay(screen, WIDTH, lines as u16 + 2)
}

/// How far the help can scroll on a screen of `size`.
pub(crate) fn max_scroll(app: &App, size: (u16, u16)) -> usize {
    let lines = lines(app).len();
    let visible = area(Rect::new(0, 0, size.0, size.1), lines)
        .height
        .saturating_sub(2);
    lines.saturating_sub(usize::from(visible))
}

/// Names the keys that close and scroll the help as they are bound now.
fn title(app: &App) -> String {
    let keys = |action: Action| app.keymap().labels(Context::Help, &action);
    let first = |action: Action| keys(action).into_iter().next().unwrap_or_default();
    format!(
        " Keys · {} closes, {}/{} scroll ",
        keys(Action::CloseOverlay).join(" or "),
        first(Action::Down),
        first(Action::Up)
    )
}

pub(crate) fn draw(frame: &mut Frame, app: &App, screen: Rect, scroll: usize) {
    let lines = lines(app);
    let area = area(screen, lines.len());
    let block = Block::bordered()
        .title(title(app))
        .border_style(app.theme().border(true));
    let text: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(text).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_key_list_keeps_a_gap_before_the_description() {
        assert_eq!(key_cell("j Down"), format!("  j Down{}", " ".repeat(10)));
        assert!(key_cell("Esc q Tab Shift-Tab").ends_with("Shift-Tab  "));
        assert!(key_cell("Tab Shift-Tab 123").ends_with("123  "));
    }
}
