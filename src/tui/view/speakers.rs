//! The speakers view: a table of everyone in the library, each name in
//! the speaker's own colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::library::speakers::roles_summary;
use crate::story::sanitize::clean_line;
use crate::tui::app::App;
use crate::tui::source::SpeakerRow;

use super::fit;
use crate::story::text::counted;

/// Columns of each number, and of the roles ("host 12, byline 3").
const NUMBER: usize = 9;
const ROLE: usize = 18;

pub(crate) fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let pane = app.speakers();
    let total = pane.everyone;
    let shown = match pane.filter.is_active() {
        true => format!("{} of {total}", pane.rows.total()),
        false => total.to_string(),
    };
    let title = format!(" Speakers ({shown}) · by {} ", pane.sort.label());
    let block = Block::bordered()
        .title(title)
        .border_style(app.theme().border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if !pane.rows.is_known() {
        let hint = Line::styled("Reading the speaker index…", app.theme().dim());
        frame.render_widget(Paragraph::new(hint), inner);
        return;
    };
    // The gutter takes two columns.
    let name_width = usize::from(inner.width).saturating_sub(2 + ROLE + 3 * NUMBER);
    let header = format!(
        "  {:<name_width$}{:<ROLE$}{:>NUMBER$}{:>NUMBER$}{:>NUMBER$}",
        "Name", "Roles", "Turns", "Words", "Stories"
    );
    let mut lines = vec![Line::styled(
        header,
        app.theme().dim().add_modifier(Modifier::BOLD),
    )];
    let visible = usize::from(inner.height).saturating_sub(1);
    let first = pane.window.offset();
    for at in first..(first + visible).min(pane.rows.total()) {
        let selected = at == pane.window.selected();
        lines.push(match pane.rows.get(at) {
            Some(row) => row_line(app, row, selected, name_width),
            // Its page is on its way from the source.
            None => Line::styled("  …", app.theme().dim()),
        });
    }
    if pane.rows.total() == 0 {
        let text = match total {
            0 => "No speakers in the library.",
            _ => "No speaker matches the filter.",
        };
        lines.push(Line::styled(text, app.theme().dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row_line<'a>(app: &App, row: &SpeakerRow, selected: bool, name_width: usize) -> Line<'a> {
    let gutter = match selected {
        true => Span::styled("▌ ", app.theme().gutter()),
        false => Span::raw("  "),
    };
    let name = fit(&clean_line(&row.name), name_width.saturating_sub(1));
    let pad = name_width.saturating_sub(unicode_width::UnicodeWidthStr::width(name.as_str()));
    let mut name_style = app.theme().speaker(&row.name);
    if selected {
        name_style = name_style.add_modifier(Modifier::BOLD | Modifier::REVERSED);
    }
    let role = fit(&roles_summary(&row.roles), ROLE - 1);
    let numbers = format!(
        "{role:<ROLE$}{:>NUMBER$}{:>NUMBER$}{:>NUMBER$}",
        row.turns, row.words, row.stories
    );
    Line::from(vec![
        gutter,
        Span::styled(name, name_style),
        Span::raw(" ".repeat(pad)),
        Span::raw(numbers),
    ])
}

/// "42 speakers · sorted by turns", for the status line.
pub(crate) fn counts(app: &App) -> String {
    let pane = app.speakers();
    format!(
        "{} · sorted by {}",
        counted(pane.rows.total(), "speaker", "speakers"),
        pane.sort.label()
    )
}
