//! Talk share: each person's share of the words as a bar, in their colour.
//! The bars are ratatui's horizontal `BarChart`, the longest for whoever
//! talks most; the percentage beside each name is of all the words.

use ratatui::Frame;
use ratatui::layout::{Direction, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Clear};
use unicode_width::UnicodeWidthStr;

use crate::story::Turn;
use crate::story::sanitize::clean_line;
use crate::story::text::counted;
use crate::tui::app::App;
use crate::tui::app::geometry::overlay;
use crate::tui::app::talk;
use crate::tui::keymap::{Action, Context};

use super::fit;

/// "41%" of `total`; "<1%" for a share too small to round to one.
pub(crate) fn percent(words: usize, total: usize) -> String {
    let total = total.max(1) as u128;
    let hundredths = words as u128 * 10_000 / total;
    match hundredths {
        0 if words == 0 => "0%".into(),
        0..50 => "<1%".into(),
        _ => format!("{}%", (hundredths + 50) / 100),
    }
}

/// One bar a row, each `words` long in its own style, with no value
/// written on it; `longest` words make a bar as long as `area` is wide.
pub(crate) fn draw_bars(
    frame: &mut Frame,
    area: Rect,
    rows: &[(usize, Style, Option<Line>)],
    longest: usize,
) {
    let bars: Vec<Bar> = rows
        .iter()
        .map(|(words, style, label)| {
            let bar = Bar::default()
                .value(*words as u64)
                .text_value("")
                .style(style.remove_modifier(Modifier::BOLD | Modifier::UNDERLINED));
            match label {
                Some(label) => bar.label(label.clone()),
                None => bar,
            }
        })
        .collect();
    let chart = BarChart::default()
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .group_gap(0)
        .max(longest.max(1) as u64)
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, area);
}

/// The overlay `w` opens over the transcript: the open story's speakers,
/// most words first, each with a bar.
pub(crate) fn draw_overlay(frame: &mut Frame, app: &App, screen: Rect) {
    let Some(story) = app.transcript().story.as_ref() else {
        return;
    };
    // Counted by the layout already, unless it has not run yet.
    let counted_now: Vec<usize>;
    let turn_words = match app.transcript().doc.as_ref() {
        Some(doc) => &doc.turn_words,
        None => {
            counted_now = story.turns.iter().map(Turn::word_count).collect();
            &counted_now
        }
    };
    let shares = talk::shares(story, turn_words);
    let total: usize = shares.iter().map(|(_, words)| words).sum();
    let names: Vec<String> = shares
        .iter()
        .map(|&(i, _)| fit(&clean_line(&story.speakers[i].name), 24))
        .collect();
    let name_width = names.iter().map(|n| n.width()).max().unwrap_or(0);
    let close = app.keymap().key(Context::Help, &Action::CloseOverlay);
    let title = format!(
        " Who talks · {} · {close} closes ",
        counted(total, "word", "words")
    );
    let area = overlay(screen, 72, shares.len() as u16 + 2);
    let block = Block::bordered()
        .title(fit(&title, usize::from(area.width.saturating_sub(2))))
        .border_style(app.theme().border(true));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let rows: Vec<(usize, Style, Option<Line>)> = shares
        .iter()
        .zip(&names)
        .map(|(&(i, words), name)| {
            let style = app.theme().speaker(&story.speakers[i].name);
            let pad = name_width - name.width();
            let label = format!("{name}{} {:>4}", " ".repeat(pad), percent(words, total));
            (words, style, Some(Line::styled(label, style)))
        })
        .collect();
    let longest = shares.first().map_or(0, |(_, words)| *words);
    draw_bars(frame, inner, &rows, longest);
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn percentages_round_and_never_show_a_speaker_as_nothing() {
        assert_eq!(percent(41, 100), "41%");
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(2, 3), "67%");
        assert_eq!(percent(1, 1000), "<1%");
        assert_eq!(percent(0, 1000), "0%");
        assert_eq!(percent(0, 0), "0%");
    }
}
