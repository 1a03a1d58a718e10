//! The quotes view: a heading per quote (speaker in their colour, story,
//! date) over its wrapped text, the selected one marked in the gutter.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::story::sanitize::clean_line;
use crate::tui::app::App;
use crate::tui::app::quotes::{QuoteLines, QuoteOrder, UNLOADED_HEIGHT};

use super::{fit, marked};
use crate::story::text::counted;

pub(crate) fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let pane = app.quotes();
    let title = match pane.filter.text.trim() {
        "" => " Quotes ".to_string(),
        filter => super::pane_title(&format!("Quotes · {}", clean_line(filter)), area.width),
    };
    let block = Block::bordered()
        .title(title)
        .border_style(app.theme().border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if pane.hits.is_empty() {
        let hint = match (pane.searching.is_some(), pane.filter.is_active()) {
            (true, _) => "Searching…",
            (false, true) => "No quote matches the filter.",
            (false, false) => "No quotes in the library.",
        };
        frame.render_widget(Paragraph::new(Line::styled(hint, app.theme().dim())), inner);
        return;
    }
    let rows = usize::from(inner.height);
    // The quotes that fit, laid out first: the lines borrow their text.
    let mut shown = Vec::new();
    let mut used = 0;
    for index in pane.window.offset()..pane.hits.len() {
        if used >= rows {
            break;
        }
        let quote = app.quote_lines(index);
        used += quote.as_ref().map_or(UNLOADED_HEIGHT, QuoteLines::height);
        shown.push((index, quote));
    }
    let mut lines: Vec<Line> = Vec::with_capacity(used);
    for (index, quote) in &shown {
        let selected = *index == pane.window.selected();
        let start = lines.len();
        match quote {
            Some(quote) => push_quote(&mut lines, app, quote, selected, inner.width),
            None => push_unloaded(&mut lines, app, *index, selected, inner.width),
        }
        lines.push(Line::raw(""));
        // A long quote that `n` has moved through starts part way down.
        if *index == pane.window.offset() && pane.skip > 0 {
            let skip = pane.skip.min(lines.len() - start - 1);
            lines.drain(start..start + skip);
        }
    }
    lines.truncate(rows);
    let text_area = Rect {
        width: inner.width.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), text_area);
    let mut state = ScrollbarState::new(pane.hits.len().saturating_sub(shown.len()))
        .position(pane.window.offset())
        .viewport_content_length(shown.len());
    let scrollbar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None);
    frame.render_stateful_widget(scrollbar, inner, &mut state);
}

fn gutter(app: &App, selected: bool) -> Span<'static> {
    match selected {
        true => Span::styled("▌ ", app.theme().gutter()),
        false => Span::raw("  "),
    }
}

/// The heading: who, in which story, when (if the page said); cut to the
/// width.
fn heading<'a>(
    app: &App,
    speaker: Result<&str, &str>,
    title: &str,
    date: &str,
    width: u16,
) -> Vec<Span<'a>> {
    // `Err` holds what an unnamed turn is called ("Intro", "Unattributed"),
    // or "loading…" while the quote's story has not come.
    let (name, style) = match speaker {
        Ok(name) => (clean_line(name).into_owned(), app.theme().speaker(name)),
        Err(unnamed) => (unnamed.to_string(), app.theme().intro()),
    };
    let room = usize::from(width).saturating_sub(3);
    let name = fit(&name, room);
    let story = match date {
        "" => format!("  {}", clean_line(title)),
        date => format!("  {} · {date}", clean_line(title)),
    };
    let rest = fit(
        &story,
        room.saturating_sub(unicode_width::UnicodeWidthStr::width(name.as_str())),
    );
    vec![
        Span::styled(name, style.add_modifier(Modifier::BOLD)),
        Span::styled(rest, app.theme().dim()),
    ]
}

fn push_quote<'a>(
    lines: &mut Vec<Line<'a>>,
    app: &App,
    quote: &'a QuoteLines,
    selected: bool,
    width: u16,
) {
    let mut head = vec![gutter(app, selected)];
    head.extend(heading(
        app,
        quote.speaker.as_deref().ok_or(quote.unnamed),
        &quote.title,
        &quote.date,
        width,
    ));
    lines.push(Line::from(head));
    for (text, marks) in &quote.body {
        let mut spans = vec![gutter(app, selected), Span::raw("  ")];
        spans.extend(marked(text, marks, Style::new(), app.theme()));
        lines.push(Line::from(spans));
    }
}

/// A quote whose story is still loading: what the search said of it. The
/// speaker comes with the story, so the heading names no one until then:
/// a guessed name would be a wrong attribution on screen.
fn push_unloaded(lines: &mut Vec<Line>, app: &App, index: usize, selected: bool, width: u16) {
    let Some(story) = app.quotes().quoted_story(index) else {
        return;
    };
    let mut head = vec![gutter(app, selected)];
    head.extend(heading(
        app,
        Err("loading…"),
        &story.title,
        &story.date.map(|d| d.to_string()).unwrap_or_default(),
        width,
    ));
    lines.push(Line::from(head));
    lines.push(Line::from(vec![
        gutter(app, selected),
        Span::styled("  …", app.theme().dim()),
    ]));
}

/// "quote 3 of 12 in 5 stories", for the status line.
pub(crate) fn counts(app: &App) -> String {
    let pane = app.quotes();
    let stories = counted(pane.stories, "story", "stories");
    let selected = pane.window.selected() + 1;
    let mut text = match (pane.hits.len(), pane.total) {
        (n, Some((all, in_stories))) if all > n => format!(
            "quote {selected} of {all} in {}; the newest {n} listed: narrow the filter for the rest",
            counted(in_stories, "story", "stories")
        ),
        (n, None) if pane.counting.is_some() => {
            format!("quote {selected} of the newest {n} in {stories}; counting the rest…")
        }
        (n, None) if pane.held_back() => {
            format!("quote {selected} of the newest {n} in {stories}")
        }
        (n @ 2.., _) => format!("quote {selected} of {n} in {stories}"),
        (n, _) => format!("{} in {stories}", counted(n, "quote", "quotes")),
    };
    if pane.order != QuoteOrder::Date {
        text.push_str(&format!(" · by {}", pane.order.label()));
    }
    if pane.searching.is_some() {
        text.push_str(" · searching…");
    } else if pane.scoring.is_some() && pane.order == QuoteOrder::Relevance {
        // The order is still to come: the reader sees why it may change.
        text.push_str(" · ranking…");
    }
    text
}
