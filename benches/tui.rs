//! The TUI's hot paths: scrolling a 10,000-turn transcript, one line and
//! one page, including the draw into a 200x60 TestBackend.
//!
//!     cargo bench --bench tui

use criterion::{Criterion, criterion_group, criterion_main};
use hark::testing::{Action, ColorMode, Focus, Stories, TuiOptions, dispatch, draw, start};
use hark::{Story, parse};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tui_textarea::{Input, Key};

/// A transcript of 10,000 turns between four speakers.
fn long_story() -> Story {
    let speakers = [
        "ANA LIMA, HOST",
        "JOSH EARNEST",
        "RENÉE DUBOIS",
        "KIERAN O'REILLY-NG",
    ];
    let mut text = String::from("A Very Long Hearing\n\n");
    for i in 0..10_000 {
        let who = speakers[i % 4];
        text.push_str(&format!("{who}: Paragraph {i} says what the hearing heard, at some length, so that it wraps over more than one line of the pane.\n\n"));
    }
    parse(text.as_bytes(), Some("long.txt"), Timestamp::UNIX_EPOCH).unwrap()
}

fn scroll(c: &mut Criterion) {
    let story = long_story();
    let id = story.id.clone();
    let mut options = TuiOptions::files(vec![story]);
    options.colors = Some(ColorMode::Full);
    options.open = Some(id);
    let (mut app, mut source) = start(options, (200, 60));
    app.set_focus(Focus::Transcript);
    let source: &mut dyn Stories = source.as_mut();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    terminal.draw(|frame| draw(frame, &app)).unwrap();
    let before = terminal.backend().buffer().clone();
    dispatch(&mut app, source, Action::PageDown);
    terminal.draw(|frame| draw(frame, &app)).unwrap();
    assert_ne!(
        &before,
        terminal.backend().buffer(),
        "the transcript scrolls"
    );
    let mut step = |action: Action| {
        dispatch(&mut app, source, action);
        terminal.draw(|frame| draw(frame, &app)).unwrap();
    };
    let mut down = true;
    c.bench_function("scroll one line, 10,000 turns, 200x60", |b| {
        b.iter(|| {
            down = !down;
            step(if down { Action::Down } else { Action::Up })
        })
    });
    c.bench_function("scroll one page, 10,000 turns, 200x60", |b| {
        b.iter(|| {
            down = !down;
            step(if down {
                Action::PageDown
            } else {
                Action::PageUp
            })
        })
    });
}

/// 100,000 list entries whose speakers come from a pool of 3,000 people,
/// as a big library's catalog would give them.
fn big_list() -> Vec<Story> {
    let first = [
        "Ada", "Bruno", "Carmen", "Dmitri", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas",
    ];
    let last = [
        "Abernathy",
        "Baptiste",
        "Castellanos",
        "Delacroix",
        "Eriksen",
        "O'Donnell",
        "Nakamura",
        "Petrov",
        "Quintero",
        "Szymańska",
    ];
    (0..100_000)
        .map(|i| {
            let labels: String = (0..5)
                .map(|k| {
                    let n = (i * 7 + k * 131) % 3000;
                    let name = format!("{} {}{}", first[n % 10], last[(n / 10) % 10], n / 100);
                    format!("{}: Words.\n\n", name.to_uppercase())
                })
                .collect();
            let text = format!("Story {i}\n\n{labels}");
            parse(text.as_bytes(), None, Timestamp::UNIX_EPOCH).unwrap()
        })
        .collect()
}

fn list_filter(c: &mut Criterion) {
    let mut options = TuiOptions::files(big_list());
    options.colors = Some(ColorMode::Full);
    options.open = None;
    let (mut app, mut source) = start(options, (200, 60));
    let source: &mut dyn Stories = source.as_mut();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    dispatch(&mut app, source, Action::StartFilter);
    for c in "@ada o'donnel".chars() {
        dispatch(
            &mut app,
            source,
            Action::FilterKey(Input {
                key: Key::Char(c),
                ..Input::default()
            }),
        );
    }
    let mut typed = false;
    c.bench_function(
        "list filter keystroke, @name, 100,000 stories, 200x60",
        |b| {
            b.iter(|| {
                let key = if typed {
                    Key::Backspace
                } else {
                    Key::Char('l')
                };
                typed = !typed;
                dispatch(
                    &mut app,
                    source,
                    Action::FilterKey(Input {
                        key,
                        ..Input::default()
                    }),
                );
                terminal.draw(|frame| draw(frame, &app)).unwrap();
            })
        },
    );
}

criterion_group!(benches, scroll, list_filter);
criterion_main!(benches);
