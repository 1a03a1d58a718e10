//! The speakers view: a table of everyone in the library, each name in
//! the speaker's own colour, with their share of the library's words as a
//! number and a bar.

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
use super::share::{self, percent};
use crate::story::text::counted;

/// Columns of each number, and of the roles ("host 12, byline 3").
const NUMBER: usize = 9;
const ROLE: usize = 18;
/// Columns of the share in percent, before its bar.
const SHARE: usize = 6;
/// The widest a bar gets: past it, a wide screen gives the names room.
const BAR: usize = 40;

/// Columns of the name and of the share's bar, in a view `width` wide:
/// the bar takes a third of what the numbers leave.
fn name_and_bar(width: usize) -> (usize, usize) {
    // The gutter, the numbers, the share and a space before its bar.
    let fixed = 2 + ROLE + 3 * NUMBER + SHARE + 1;
    let room = width.saturating_sub(fixed);
    let bar = (room / 3).min(BAR);
    (room - bar, bar)
}

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
    let (name_width, bar_width) = name_and_bar(usize::from(inner.width));
    let header = format!(
        "  {:<name_width$}{:<ROLE$}{:>NUMBER$}{:>NUMBER$}{:>NUMBER$}{:>SHARE$}",
        "Name", "Roles", "Turns", "Words", "Stories", "Share"
    );
    let mut lines = vec![Line::styled(
        header,
        app.theme().dim().add_modifier(Modifier::BOLD),
    )];
    let visible = usize::from(inner.height).saturating_sub(1);
    let first = pane.window.offset();
    let mut bars = Vec::new();
    for at in first..(first + visible).min(pane.rows.total()) {
        let selected = at == pane.window.selected();
        let Some(row) = pane.rows.get(at) else {
            // Its page is on its way from the source.
            lines.push(Line::styled("  …", app.theme().dim()));
            bars.push((0, app.theme().dim(), None));
            continue;
        };
        let mut line = row_line(app, row, selected, name_width);
        line.push_span(Span::raw(format!(
            "{:>SHARE$}",
            percent(row.words, pane.words.all)
        )));
        lines.push(line);
        bars.push((row.words, app.theme().speaker(&row.name), None));
    }
    if pane.rows.total() == 0 {
        let text = match total {
            0 => "No speakers in the library.",
            _ => "No speaker matches the filter.",
        };
        lines.push(Line::styled(text, app.theme().dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    // The bars, beside the rows they belong to, scaled to the most words
    // of anyone in the library, not only of those on screen.
    let longest = pane.words.most;
    let bar_area = Rect {
        x: inner.x + (inner.width - bar_width as u16),
        y: inner.y + 1,
        width: bar_width as u16,
        height: bars.len() as u16,
    };
    if bar_width > 0 && !bars.is_empty() {
        share::draw_bars(frame, bar_area, &bars, longest);
    }
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
