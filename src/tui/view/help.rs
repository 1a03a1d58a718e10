//! The help overlay, printed from the keymap table itself.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::App;
use crate::tui::app::geometry::overlay;
use crate::tui::keymap::{Context, help_rows};

const WIDTH: u16 = 64;
const KEY_COLUMN: usize = 16;

fn lines() -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut context: Option<Context> = None;
    for (ctx, keys, description) in help_rows() {
        if context != Some(ctx) {
            if context.is_some() {
                lines.push(Line::default());
            }
            let heading = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
            lines.push(Line::styled(ctx.title(), heading));
            context = Some(ctx);
        }
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {keys:<KEY_COLUMN$}"),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(description),
        ]));
    }
    lines
}

fn area(screen: Rect) -> Rect {
    overlay(screen, WIDTH, lines().len() as u16 + 2)
}

/// How far the help can scroll on a screen of `size`.
pub fn max_scroll(size: (u16, u16)) -> usize {
    let visible = area(Rect::new(0, 0, size.0, size.1))
        .height
        .saturating_sub(2);
    lines().len().saturating_sub(usize::from(visible))
}

pub fn draw(frame: &mut Frame, app: &App, screen: Rect, scroll: usize) {
    let area = area(screen);
    let block = Block::bordered()
        .title(" Keys · Esc or ? closes, j/k scroll ")
        .border_style(app.theme.border(true));
    let text: Vec<Line> = lines().into_iter().skip(scroll).collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(text).block(block), area);
}
