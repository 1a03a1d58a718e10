//! Time in the reader: the time beside each heading, `t` to jump to a
//! time, `p` to play the audio from the marked turn.

use std::path::Path;

use hark::testing::{Action, ColorMode, Outgoing};
use hark::{Story, parse};
use jiff::Timestamp;

use crate::support::tui::{Screen, text_of};

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

fn open(story: Story) -> Screen {
    Screen::files(vec![story], ColorMode::Full)
}

/// The start of the turn the cursor marks, in milliseconds.
fn marked_start(screen: &Screen) -> Option<u64> {
    let pane = &screen.app.transcript();
    let turn = pane.cursor_turn()?;
    pane.story.as_ref()?.turns[turn].start_ms
}

#[test]
fn headings_show_the_time_dimmed_past_an_hour_too() {
    let mut screen = open(fixture("transcript.html"));
    let buffer = screen.render();
    let text = text_of(&buffer);
    assert!(text.contains("Maria Gonzalez  0:00"), "{text}");
    assert!(text.contains("Dev Anand  0:09"), "{text}");
    assert!(text.contains("Maria Gonzalez  1:02:03"), "{text}");
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn unnamed_timed_turns_are_unattributed_with_their_times() {
    let mut screen = open(fixture("no_speakers.vtt"));
    let text = text_of(&screen.render());
    assert!(text.contains("Unattributed  0:09"), "{text}");
    assert!(!text.contains("Intro"), "{text}");
}

#[test]
fn t_jumps_to_the_turn_spoken_at_a_typed_time() {
    let mut screen = open(fixture("voices.vtt"));
    screen.keys("t");
    assert!(screen.app.jumping());
    let prompt = text_of(&screen.render());
    assert!(
        prompt.contains("time  a time: mm:ss or h:mm:ss"),
        "{prompt}"
    );
    screen.keys("1:06\n");
    assert!(!screen.app.jumping() && !screen.app.editing());
    assert_eq!(marked_start(&screen), Some(65_000));
    assert_eq!(screen.app.message(), Some("at 1:05"));
    // Between two turns, the one still speaking is marked.
    screen.keys("t0:15\n");
    assert_eq!(marked_start(&screen), Some(13_500));
    // The filter is untouched by the prompt.
    assert!(screen.app.transcript().filter.text.is_empty());
}

#[test]
fn a_time_that_does_not_read_says_so_and_esc_cancels() {
    let mut screen = open(fixture("voices.vtt"));
    screen.keys("t9:99\n");
    let message = screen.app.message().unwrap_or_default();
    assert!(message.starts_with("not a time: \"9:99\""), "{message}");
    assert_eq!(marked_start(&screen), Some(1_000));
    screen.keys("t1:06\u{1b}");
    assert_eq!(marked_start(&screen), Some(1_000));
    assert!(!screen.app.editing());
}

#[test]
fn a_story_without_times_has_nothing_to_jump_to() {
    let text = "Headline\n\nANA LIMA, HOST: Hello.";
    let story = parse(text.as_bytes(), None, Timestamp::UNIX_EPOCH).unwrap();
    let mut screen = open(story);
    screen.keys("t");
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
    let mut screen = open(story);
    screen.keys("]]p");
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
    let mut screen = open(fixture("voices.vtt"));
    screen.keys("p");
    assert!(screen.app.take_outgoing().is_empty());
    let text = text_of(&screen.render());
    assert!(text.contains("this story has no audio to play"), "{text}");
}

#[test]
fn help_lists_the_time_keys() {
    let mut screen = open(fixture("voices.vtt"));
    screen.app.update(Action::ToggleHelp);
    screen.app.resize(100, 60);
    let text = screen.text();
    assert!(text.contains("jump to a time typed as mm:ss"), "{text}");
    assert!(
        text.contains("play the audio from the marked turn"),
        "{text}"
    );
}
