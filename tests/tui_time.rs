//! Time in the reader: the time beside each heading, `t` to jump to a
//! time, `p` to play the audio from the marked turn.

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent};
use hark::story::Story;
use hark::story::parse::parse;
use hark::tui::app::Outgoing;
use hark::tui::{Action, App, ColorMode, Stories, TuiOptions, dispatch, keymap, start, view};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

fn fixture(name: &str) -> Story {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/podcast")
        .join(name);
    parse(
        &std::fs::read(path).unwrap(),
        Some(name),
        Timestamp::UNIX_EPOCH,
    )
    .unwrap()
}

struct Screen {
    app: App,
    source: Box<dyn Stories>,
}

impl Screen {
    fn new(story: Story) -> Screen {
        let mut options = TuiOptions::files(vec![story]);
        options.colors = Some(ColorMode::Full);
        let (app, source) = start(options, (80, 24));
        Screen { app, source }
    }

    /// Presses keys as a reader would, through the keymap.
    fn press(&mut self, keys: &str) -> &mut Screen {
        for c in keys.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\u{1b}' => KeyCode::Esc,
                c => KeyCode::Char(c),
            };
            let action = keymap::lookup(&self.app.contexts(), KeyEvent::from(code))
                .unwrap_or_else(|| panic!("{c:?} is bound to nothing"));
            dispatch(&mut self.app, self.source.as_mut(), action);
        }
        self
    }

    fn render(&mut self) -> Buffer {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        self.app.layout();
        terminal.draw(|f| view::draw(f, &self.app)).unwrap();
        terminal.backend().buffer().clone()
    }

    fn marked_start(&self) -> Option<u64> {
        let pane = self.app.transcript();
        let turn = pane.cursor_turn()?;
        pane.story.as_ref()?.turns[turn].start_ms
    }
}

fn text_of(buffer: &Buffer) -> String {
    let width = buffer.area.width as usize;
    let rows = buffer.content().chunks(width);
    rows.map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn headings_show_the_time_dimmed_past_an_hour_too() {
    let mut screen = Screen::new(fixture("transcript.html"));
    let buffer = screen.render();
    let text = text_of(&buffer);
    assert!(text.contains("Maria Gonzalez  0:00"), "{text}");
    assert!(text.contains("Dev Anand  0:09"), "{text}");
    assert!(text.contains("Maria Gonzalez  1:02:03"), "{text}");
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn unnamed_timed_turns_are_unattributed_with_their_times() {
    let mut screen = Screen::new(fixture("no_speakers.vtt"));
    let text = text_of(&screen.render());
    assert!(text.contains("Unattributed  0:09"), "{text}");
    assert!(!text.contains("Intro"), "{text}");
}

#[test]
fn t_jumps_to_the_turn_spoken_at_a_typed_time() {
    let mut screen = Screen::new(fixture("voices.vtt"));
    screen.press("t");
    assert!(screen.app.jumping());
    let prompt = text_of(&screen.render());
    assert!(
        prompt.contains("time  a time: mm:ss or h:mm:ss"),
        "{prompt}"
    );
    screen.press("1:06\n");
    assert!(!screen.app.jumping() && !screen.app.editing());
    assert_eq!(screen.marked_start(), Some(65_000));
    assert_eq!(screen.app.message(), Some("at 1:05"));
    // Between two turns, the one still speaking is marked.
    screen.press("t0:15\n");
    assert_eq!(screen.marked_start(), Some(13_500));
    // The filter is untouched by the prompt.
    assert!(screen.app.transcript().filter.text.is_empty());
}

#[test]
fn a_time_that_does_not_read_says_so_and_esc_cancels() {
    let mut screen = Screen::new(fixture("voices.vtt"));
    screen.press("t9:99\n");
    let message = screen.app.message().unwrap_or_default();
    assert!(message.starts_with("not a time: \"9:99\""), "{message}");
    assert_eq!(screen.marked_start(), Some(1_000));
    screen.press("t1:06\u{1b}");
    assert_eq!(screen.marked_start(), Some(1_000));
    assert!(!screen.app.editing());
}

#[test]
fn a_story_without_times_has_nothing_to_jump_to() {
    let text = "Headline\n\nANA LIMA, HOST: Hello.";
    let story = parse(text.as_bytes(), None, Timestamp::UNIX_EPOCH).unwrap();
    let mut screen = Screen::new(story);
    screen.press("t");
    assert!(!screen.app.editing());
    assert_eq!(
        screen.app.message(),
        Some("this story has no times to jump to")
    );
}

#[test]
fn p_plays_the_audio_from_the_marked_turn() {
    let mut story = fixture("voices.vtt");
    story.source.audio_url = Some("https://example.org/tide-tables-12.mp3".into());
    let mut screen = Screen::new(story);
    screen.press("]]p");
    assert_eq!(
        screen.app.take_outgoing(),
        [Outgoing::Play {
            url: "https://example.org/tide-tables-12.mp3".into(),
            seconds: 13,
        }]
    );
    assert_eq!(screen.app.message(), Some("playing from 0:13"));
}

#[test]
fn without_audio_the_status_line_says_so() {
    let mut screen = Screen::new(fixture("voices.vtt"));
    screen.press("p");
    assert!(screen.app.take_outgoing().is_empty());
    let text = text_of(&screen.render());
    assert!(text.contains("this story has no audio to play"), "{text}");
}

#[test]
fn help_lists_the_time_keys() {
    let mut screen = Screen::new(fixture("voices.vtt"));
    screen.app.update(Action::ToggleHelp);
    let mut terminal = Terminal::new(TestBackend::new(100, 60)).unwrap();
    screen.app.resize(100, 60);
    terminal.draw(|f| view::draw(f, &screen.app)).unwrap();
    let text = text_of(terminal.backend().buffer());
    assert!(text.contains("jump to a time typed as mm:ss"), "{text}");
    assert!(
        text.contains("play the audio from the marked turn"),
        "{text}"
    );
}
