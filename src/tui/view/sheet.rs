//! The quote sheet view: each quote gathered, in the reader's order, with
//! who said it, where and when, two lines of what they said, and the note.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::story::sanitize::clean_line;
use crate::tui::app::App;
use crate::tui::app::sheet::ENTRY_ROWS;
use crate::tui::app::wrap::wrap;
use crate::tui::keymap::{Action, Context};
use crate::tui::source::SheetEntry;

use super::fit;

/// Lines of a quote's text the view shows.
const TEXT_LINES: usize = ENTRY_ROWS - 3;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let pane = app.sheet();
    let count = pane.entries.as_ref().map_or(0, Vec::len);
    let kept = match pane.lasting {
        true => "",
        false => " · kept for this run only",
    };
    let title = super::pane_title(&format!("Quote sheet ({count}){kept}"), area.width);
    let block = Block::bordered()
        .title(title)
        .border_style(app.theme().border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(entries) = pane.entries.as_ref() else {
        let hint = Line::styled("Reading the quote sheet…", app.theme().dim());
        frame.render_widget(Paragraph::new(hint), inner);
        return;
    };
    if entries.is_empty() {
        frame.render_widget(Paragraph::new(empty_hint(app)), inner);
        return;
    }
    let width = usize::from(inner.width);
    let rows = (usize::from(inner.height) / ENTRY_ROWS).max(1);
    let window = pane.window.visible(entries.len(), rows);
    let mut lines = Vec::new();
    let shown = entries.iter().enumerate().skip(window.offset()).take(rows);
    for (at, entry) in shown {
        let selected = at == window.selected();
        lines.extend(entry_lines(app, at, entry, selected, width));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// What an empty sheet says: how quotes get onto it.
fn empty_hint(app: &App) -> Vec<Line<'static>> {
    let keys = app.keymap();
    let select = keys.key(Context::Transcript, &Action::Select);
    let add = keys.key(Context::Transcript, &Action::AddToSheet);
    let dim = app.theme().dim();
    vec![
        Line::styled("The quote sheet is empty.", dim),
        Line::styled(
            format!(
                "In a transcript, {add} adds the marked turn, and {select} selects sentences of it for {add} to add."
            ),
            dim,
        ),
        Line::styled(format!("In the quotes view, {add} adds the quote."), dim),
    ]
}

/// One quote: its attribution, its text, its note, a blank line.
fn entry_lines(
    app: &App,
    at: usize,
    entry: &SheetEntry,
    selected: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let theme = app.theme();
    let gutter = || match selected {
        true => Span::styled("▌ ", theme.gutter()),
        false => Span::raw("  "),
    };
    let room = width.saturating_sub(2);
    let quote = &entry.quote;
    let who = clean_line(quote.speaker.as_deref().unwrap_or("Unattributed")).into_owned();
    let mut rest = String::new();
    if let Some(role) = &quote.role {
        rest.push_str(&format!(", {}", clean_line(role)));
    }
    rest.push_str(&format!(" · “{}”", clean_line(&quote.title)));
    if let Some(start) = &quote.start {
        rest.push_str(&format!(" at {start}"));
    }
    rest.push_str(&format!(
        " · {}",
        quote.date.map_or("undated".into(), |d| d.to_string())
    ));
    if let Some(program) = &quote.program {
        rest.push_str(&format!(" · {}", clean_line(program)));
    }
    let number = format!("{}. ", at + 1);
    let heading = fit(&format!("{number}{who}{rest}"), room);
    let name_end = (number.len() + who.len()).min(heading.len());
    let (name_part, rest_part) = heading.split_at(floor(&heading, name_end));
    let mut lines = vec![Line::from(vec![
        gutter(),
        Span::styled(name_part.to_string(), theme.speaker(&who)),
        Span::styled(rest_part.to_string(), theme.dim()),
    ])];
    lines.extend(
        text_lines(&quote.paragraphs.join(" "), room.saturating_sub(3))
            .into_iter()
            .map(|text| Line::from(vec![gutter(), Span::raw(format!("   {text}"))])),
    );
    let note = clean_line(entry.note.trim()).into_owned();
    lines.push(match (note.is_empty(), selected) {
        (false, _) => Line::from(vec![
            gutter(),
            Span::styled(fit(&format!("   note: {note}"), room), theme.highlight()),
        ]),
        (true, true) => {
            let key = app.keymap().key(Context::Sheet, &Action::SheetNote);
            Line::from(vec![
                gutter(),
                Span::styled(format!("   no note: {key} writes one"), theme.dim()),
            ])
        }
        (true, false) => Line::raw(""),
    });
    lines.push(Line::raw(""));
    lines
}

/// The quote's text in `TEXT_LINES` lines at most, the last cut with an
/// ellipsis when there is more; always `TEXT_LINES` lines, so each quote
/// takes the same rows.
fn text_lines(text: &str, width: usize) -> Vec<String> {
    let text = clean_line(text);
    let ranges = wrap(&text, width.max(1));
    let mut lines: Vec<String> = ranges
        .iter()
        .take(TEXT_LINES)
        .map(|r| text[r.clone()].to_string())
        .collect();
    if ranges.len() > TEXT_LINES
        && let Some(last) = lines.last_mut()
    {
        *last = fit(&format!("{last} …"), width);
        if !last.ends_with('…') {
            last.push('…');
        }
    }
    lines.resize(TEXT_LINES, String::new());
    lines
}

fn floor(text: &str, at: usize) -> usize {
    crate::story::text::floor_char_boundary(text, at)
}

/// The status line in the sheet view: where the reader is in it.
pub fn counts(app: &App) -> String {
    let pane = app.sheet();
    match pane.entries.as_ref().map_or(0, Vec::len) {
        0 => "the quote sheet is empty".into(),
        n => format!("quote {} of {n} on the sheet", pane.window.selected() + 1),
    }
}
