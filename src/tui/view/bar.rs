//! The two bottom lines: the filter bar and the status line.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::story::sanitize::clean_line;
use crate::story::text::counted;
use crate::tui::app::{App, Focus, Origin};
use crate::tui::keymap::{Action, Context};

pub(crate) fn draw_filter(frame: &mut Frame, app: &App, area: Rect) {
    let filter = app.filter(app.focus());
    let error = filter.error.as_ref().map(|e| format!(" {e} "));
    let error_width = error.as_deref().map_or(0, |e| e.width() as u16);
    let prompt = if app.jumping() { "time " } else { "/ " };
    let [label, field, err] = Layout::horizontal([
        Constraint::Length(prompt.width() as u16),
        Constraint::Fill(1),
        Constraint::Length(error_width),
    ])
    .areas(area);
    let label_style = match app.editing() {
        true => app.theme().gutter(),
        false => app.theme().dim(),
    };
    frame.render_widget(Span::styled(prompt, label_style), label);
    if app.editing() {
        frame.render_widget(app.bar(), field);
    } else if filter.text.is_empty() {
        let key = app.keymap().key(Context::Panes, &Action::StartFilter);
        let hint = match app.focus() {
            Focus::List => format!("press {key} to filter stories: @name, words, \"a phrase\""),
            Focus::Transcript => format!("press {key} to filter turns: @name, words, \"a phrase\""),
            Focus::Quotes => format!("press {key} to find quotes: @name, words, \"a phrase\""),
            Focus::Speakers => format!("press {key} to find a speaker by name"),
        };
        frame.render_widget(Span::styled(hint, app.theme().dim()), field);
    } else {
        frame.render_widget(Span::raw(clean_line(&filter.text).into_owned()), field);
    }
    if let Some(error) = error {
        frame.render_widget(Span::styled(error, app.theme().error()), err);
    }
}

pub(crate) fn draw_status(frame: &mut Frame, app: &App, area: Rect) {
    let hints = hints(app);
    let hints = hints.as_str();
    let (head, tail) = status_text(app);
    let room = usize::from(area.width).saturating_sub(hints.width() + 1);
    // The title gives way first, with an ellipsis, so the position and the
    // keys stay in sight.
    let head = match head.width() + tail.width() > room && tail.width() + 8 <= room {
        true => super::fit(&head, room - tail.width()),
        false => head,
    };
    let left = head + &tail;
    let line = match left.width() <= room {
        true => {
            let pad = usize::from(area.width) - left.width() - hints.width();
            Line::from(vec![
                Span::raw(left),
                Span::raw(" ".repeat(pad)),
                Span::raw(hints),
            ])
        }
        false => Line::from(left),
    };
    frame.render_widget(Paragraph::new(line).style(app.theme().status()), area);
}

/// The keys that matter now, at the right of the status line.
fn hints(app: &App) -> String {
    if app.editing() {
        let key = |action| app.keymap().key(Context::Filter, &action);
        if app.jumping() {
            return format!(
                " {} jump  {} cancel ",
                key(Action::FilterAccept),
                key(Action::FilterCancel)
            );
        }
        return format!(
            " {} keep the filter  {} clear it ",
            key(Action::FilterAccept),
            key(Action::FilterCancel)
        );
    }
    let key = |action| app.keymap().key(Context::Panes, &action);
    let switch = match app.focus() {
        Focus::Quotes => format!("{} back", app.keymap().key(Context::Quotes, &Action::Back)),
        Focus::Speakers => format!(
            "{} back",
            app.keymap().key(Context::Speakers, &Action::Back)
        ),
        Focus::List | Focus::Transcript => format!("{} pane", key(Action::FocusNext)),
    };
    format!(
        " {} help  {} filter  {switch}  {} quit ",
        key(Action::ToggleHelp),
        key(Action::StartFilter),
        key(Action::Quit)
    )
}

/// What the status line says, most pressing first: a message, then where
/// the stories come from when that needs saying, then the reading position.
/// Split in two: the part that may be cut (a title) and what follows it.
fn status_text(app: &App) -> (String, String) {
    // A message or a count is never cut: it takes the place of the hints.
    let whole = |text: String| (String::new(), text);
    if let Some(message) = app.message() {
        return whole(format!(" {}", clean_line(message)));
    }
    match app.focus() {
        Focus::Quotes => return whole(format!(" {}", super::quotes::counts(app))),
        Focus::Speakers => return whole(format!(" {}", super::speakers::counts(app))),
        Focus::List | Focus::Transcript => {}
    }
    let pane = app.transcript();
    let story = match (app.origin(), app.focus(), pane.story.as_ref()) {
        (Origin::Samples, Focus::List, _) | (Origin::Samples, _, None) => {
            let key = app.keymap().key(Context::Panes, &Action::Import);
            return whole(format!(
                " Sample stories: press {key} to import them, or run hark import FILE"
            ));
        }
        (_, _, None) => {
            let stories = counted(app.list().shown.len(), "story", "stories");
            return whole(format!(" hark · {stories}"));
        }
        (_, _, Some(story)) => story,
    };
    let title = format!(" {}", clean_line(&story.title));
    let mut text = String::new();
    let height = app.areas().map_or(0, |a| a.text_height());
    if let Some(percent) = pane.percent(height) {
        text.push_str(&format!(" · {percent}%"));
    }
    if let (true, Some((shown, total))) = (pane.filter.is_active(), pane.match_count()) {
        text.push_str(&format!(
            " · {shown} of {}",
            counted(total, "turn", "turns")
        ));
    }
    let import = app.keymap().key(Context::Panes, &Action::Import);
    match app.origin() {
        Origin::Files => text.push_str(&format!(" · {import} imports it")),
        Origin::Samples => text.push_str(&format!(" · a sample: {import} imports the samples")),
        Origin::Library => {}
    }
    (title, text)
}
