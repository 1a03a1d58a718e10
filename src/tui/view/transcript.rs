use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::story::sanitize::clean_line;
use crate::story::{Story, clock};
use std::ops::Range;

use crate::tui::app::document::{DocLine, Tone};
use crate::tui::app::selection::Selection;
use crate::tui::app::{App, Focus};
use crate::tui::keymap::{Action, Context};
use crate::tui::theme::Theme;

use super::{fit, strip};
use crate::tui::app::geometry::STRIP_HEIGHT;

pub(crate) fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let pane = app.transcript();
    let title = pane.story.as_ref().map_or(" Transcript ".to_string(), |s| {
        super::pane_title(&clean_line(&s.title), area.width)
    });
    let mut block = Block::bordered()
        .title(title)
        .border_style(app.theme().border(app.focus() == Focus::Transcript));
    // The address on the left, where the terminal layer makes it a link;
    // what the parser was unsure of on the right, in the room left.
    let mut room = usize::from(area.width).saturating_sub(4);
    let link = app.source_link();
    let beside_link = link.is_some();
    if let Some(link) = link {
        let open = app.keymap().key(Context::Transcript, &Action::OpenSource);
        let open = format!(" {open} ");
        room = room.saturating_sub(link.text.chars().count() + open.chars().count() + 2);
        block = block.title_bottom(Line::from(vec![
            Span::raw(" "),
            Span::styled(link.text, app.theme().dim()),
            Span::styled(open, app.theme().dim()),
        ]));
    }
    if let Some(story) = pane.story.as_ref().filter(|s| !s.warnings.is_empty()) {
        let line = Line::styled(fit(&unsure(app, story), room), app.theme().highlight());
        block = block.title_bottom(match beside_link {
            true => line.right_aligned(),
            false => line,
        });
    }
    let whole = block.inner(area);
    frame.render_widget(block, area);
    // The strip's row at the top, the text below it.
    let strip_row = Rect {
        height: whole.height.min(STRIP_HEIGHT),
        ..whole
    };
    let inner = Rect {
        y: whole.y + strip_row.height,
        height: whole.height - strip_row.height,
        ..whole
    };
    let (Some(story), Some(doc)) = (pane.story.as_ref(), pane.doc.as_ref()) else {
        let open = app.keymap().key(Context::List, &Action::Open);
        let hint = format!("Select a story and press {open} to read it.");
        frame.render_widget(Paragraph::new(Line::styled(hint, app.theme().dim())), inner);
        return;
    };
    let place = strip::Place {
        scroll: pane.scroll,
        height: usize::from(inner.height),
    };
    // Laid out with the text, for the strip's width (clear of the
    // scrollbar's column, as the text is).
    let strip = strip::line(story, doc, place, app.theme());
    frame.render_widget(Paragraph::new(strip), strip_row);
    if doc.lines.is_empty() {
        let clear = app.keymap().key(Context::Panes, &Action::ClearFilter);
        let hint = format!("No turn matches the filter. {clear} clears it.");
        frame.render_widget(Paragraph::new(Line::styled(hint, app.theme().dim())), inner);
        return;
    }
    let height = usize::from(inner.height);
    let cursor = pane.cursor_turn();
    let lines: Vec<Line> = doc
        .lines
        .iter()
        .skip(pane.scroll)
        .take(height)
        .map(|line| {
            let line_selected = selected_part(line, pane.selection.as_ref());
            render_line(
                line,
                story,
                app.theme(),
                cursor == Some(line.turn),
                line_selected,
            )
        })
        .collect();
    // Gutter and text; the last column is the scrollbar's.
    let text_area = Rect {
        width: inner.width.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), text_area);
    let mut state = ScrollbarState::new(doc.lines.len().saturating_sub(height))
        .position(pane.scroll)
        .viewport_content_length(height);
    let scrollbar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None);
    frame.render_stateful_widget(scrollbar, inner, &mut state);
}

/// " ! 2 warnings: no headline found; … · F fixes ": what the parser was
/// unsure of in the open story, on its bottom border.
fn unsure(app: &App, story: &Story) -> String {
    let details: Vec<String> = story.warnings.iter().map(|w| w.to_string()).collect();
    let fix = app.keymap().key(Context::Transcript, &Action::Fix);
    match details.len() {
        1 => format!(" ! {} · {fix} fixes ", details[0]),
        n => format!(" ! {n} warnings: {} · {fix} fixes ", details.join("; ")),
    }
}

/// The bytes of `line` inside the selection, if any.
fn selected_part(line: &DocLine, selection: Option<&Selection>) -> Option<Range<usize>> {
    let selection = selection.filter(|s| s.turn == line.turn)?;
    let (paragraph, start) = line.at?;
    let marks = selection.marks(paragraph)?;
    let from = marks.start.max(start);
    let to = marks.end.min(start + line.text.len());
    (from < to).then(|| from - start..to - start)
}

fn render_line<'a>(
    line: &'a DocLine,
    story: &Story,
    theme: &Theme,
    current: bool,
    selected: Option<Range<usize>>,
) -> Line<'a> {
    let gutter = match current && line.tone != Tone::Blank {
        true => Span::styled("▌ ", theme.gutter()),
        false => Span::raw("  "),
    };
    let base = match line.tone {
        Tone::Speaker(i) => theme.speaker(&story.speakers[i].name),
        Tone::Intro => theme.intro(),
        Tone::Cue => theme.cue(),
        Tone::NoteHeading => theme.note(),
        Tone::Note => theme.note_text(),
        Tone::Text | Tone::Blank => Style::new(),
    };
    let mut spans = vec![gutter];
    // A selection outshines the filter's marks: reversed and underlined,
    // so it shows without colour too.
    spans.extend(match selected {
        Some(range) => super::marked_with(&line.text, &[range], base, theme.selection()),
        None => super::marked(&line.text, &line.highlights, base, theme),
    });
    // Headings carry the time the turn starts in the audio, dimmed.
    let is_heading = matches!(
        line.tone,
        Tone::Speaker(_) | Tone::Intro | Tone::NoteHeading
    );
    if let (true, Some(ms)) = (is_heading, story.turns[line.turn].start_ms) {
        spans.push(Span::styled(
            format!("  {}", clock::format(ms)),
            theme.dim(),
        ));
    }
    Line::from(spans)
}
