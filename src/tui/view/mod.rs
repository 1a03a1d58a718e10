//! Draws the App. Reads state only: no mutation, no I/O, so a frame is a
//! pure function of the App and can be snapshot-tested.

mod bar;
pub mod help;
mod list;
mod picker;
mod transcript;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::app::geometry::{MIN_HEIGHT, MIN_WIDTH};
use super::app::{App, Overlay};

pub fn draw(frame: &mut Frame, app: &App) {
    let screen = frame.area();
    let Some(areas) = app.areas() else {
        too_small(frame, screen);
        return;
    };
    list::draw(frame, app, areas.list);
    transcript::draw(frame, app, areas.transcript);
    bar::draw_filter(frame, app, areas.bar);
    bar::draw_status(frame, app, areas.status);
    match app.overlay {
        Overlay::Help { scroll } => help::draw(frame, app, screen, scroll),
        Overlay::Picker { selected } => picker::draw(frame, app, screen, selected),
        Overlay::None => {}
    }
}

fn too_small(frame: &mut Frame, screen: Rect) {
    let text = format!(
        "Terminal too small: {}x{}, needs {MIN_WIDTH}x{MIN_HEIGHT}. q quits.",
        screen.width, screen.height
    );
    let notice = Paragraph::new(Line::from(text)).wrap(Wrap { trim: true });
    frame.render_widget(notice, screen);
}
