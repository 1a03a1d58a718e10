//! The one way the integration tests drive the TUI without a terminal:
//! an App started as the event loop starts it, fed actions or keys, and
//! drawn on ratatui's TestBackend. The PTY tests run the real binary
//! instead (`support::pty`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use hark::testing::{Action, App, ColorMode, Stories, TuiOptions, dispatch, draw, start};
use hark::{Story, parse};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// A story from inline text, imported at the epoch so no date changes.
pub fn story(text: &str, name: &str) -> Story {
    parse(text.as_bytes(), Some(name), Timestamp::UNIX_EPOCH).unwrap()
}

pub struct Screen {
    pub app: App,
    pub source: Box<dyn Stories>,
}

impl Screen {
    /// The App for a terminal of `size`, with `options` as `hark` would
    /// build them.
    pub fn start(options: TuiOptions, size: (u16, u16)) -> Screen {
        let (app, source) = start(options, size);
        Screen { app, source }
    }

    /// The stories named on the command line, the first one open, in
    /// `colors`, on an 80x24 terminal.
    pub fn files(stories: Vec<Story>, colors: ColorMode) -> Screen {
        let mut options = TuiOptions::files(stories);
        options.colors = Some(colors);
        Screen::start(options, (80, 24))
    }

    /// Actions carried out one after another, with what each asks for.
    pub fn act(&mut self, actions: &[Action]) -> &mut Screen {
        for action in actions {
            dispatch(&mut self.app, self.source.as_mut(), action.clone());
        }
        self
    }

    /// A key as the event loop takes it: looked up in the App's keymap
    /// (a key bound to nothing does nothing), carried out, and the panes
    /// laid out again before the next frame.
    pub fn press(&mut self, event: KeyEvent) -> &mut Screen {
        if let Some(action) = self.app.keymap().lookup(&self.app.contexts(), event) {
            dispatch(&mut self.app, self.source.as_mut(), action);
        }
        self.app.layout();
        self
    }

    /// Keys typed one by one: `\n` is Enter and `\u{1b}` is Esc.
    pub fn keys(&mut self, keys: &str) -> &mut Screen {
        for c in keys.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\u{1b}' => KeyCode::Esc,
                c => KeyCode::Char(c),
            };
            self.press(KeyEvent::new(code, KeyModifiers::NONE));
        }
        self
    }

    /// Types `text` into the filter bar key by key, as a reader would,
    /// and keeps it.
    pub fn type_filter(&mut self, text: &str) -> &mut Screen {
        self.act(&[Action::StartFilter]);
        for c in text.chars() {
            self.press(KeyEvent::from(KeyCode::Char(c)));
        }
        self.act(&[Action::FilterAccept])
    }

    /// One frame at the App's size, styles and all.
    pub fn render(&mut self) -> Buffer {
        let (width, height) = self.app.size();
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        self.app.layout();
        terminal.draw(|f| draw(f, &self.app)).unwrap();
        terminal.backend().buffer().clone()
    }

    /// One frame's text, a line per row.
    pub fn text(&mut self) -> String {
        text_of(&self.render())
    }
}

/// A frame's text, a line per row.
pub fn text_of(buffer: &Buffer) -> String {
    let width = buffer.area.width as usize;
    let rows = buffer.content().chunks(width);
    rows.map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}
