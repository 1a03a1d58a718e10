//! `y` and `e` in the transcript pane and the quotes view: the attributed
//! quote that goes to the clipboard (checked on the bytes a terminal
//! receives), and the Markdown export of the turns on show.

use std::path::Path;

use base64::Engine;
use hark::parse;
use hark::testing::{Action, Clipboards, ColorMode, Focus, Outgoing, TuiOptions, deliver_with};
use jiff::Timestamp;

use crate::support::tui::Screen;

/// No tmux and no desktop clipboard: a copy goes to the terminal as OSC 52.
const OSC52_ONLY: Clipboards = Clipboards {
    tmux: None,
    system: None,
};

const TALKS: &str = "\
© 2024 WOSU Public Media

Talks End Over Aleppo

MICHELE KELEMEN, BYLINE: The talks ended today.

JOSH EARNEST: He was tenacious and dogged.

KELEMEN: The Kremlin called it off too.
";

/// The page gives no air date, so no attribution carries one: in
/// particular not the import date (here 1970-01-01).
fn on_talks() -> Screen {
    on(parse(TALKS.as_bytes(), Some("talks.txt"), Timestamp::UNIX_EPOCH).unwrap())
}

/// `story` open as a file named on the command line, the transcript in focus.
fn on(story: hark::Story) -> Screen {
    let mut options = TuiOptions::files(vec![story]);
    options.colors = Some(ColorMode::None);
    let mut screen = Screen::start(options, (100, 30));
    screen.app.set_focus(Focus::Transcript);
    screen
}

/// What `action` hands to the terminal side: the clipboard, an export.
fn outgoing(screen: &mut Screen, action: Action) -> Vec<Outgoing> {
    screen.act(&[action]);
    screen.app.take_outgoing()
}

#[test]
fn y_copies_the_marked_turn_with_its_attribution() {
    let mut screen = on_talks();
    screen.act(&[Action::NextTurn]);
    let sent = outgoing(&mut screen, Action::Copy);
    assert_eq!(
        sent,
        [Outgoing::Clipboard {
            text: "“He was tenacious and dogged.” (Josh Earnest, “Talks End Over Aleppo”, WOSU Public Media)".into(),
            what: "the quote by Josh Earnest".into(),
        }]
    );
}

/// The text inside an OSC 52 sequence, decoded; panics if `bytes` is not one.
fn osc_52_payload(bytes: &[u8]) -> String {
    let bytes = std::str::from_utf8(bytes).unwrap();
    let payload = bytes
        .strip_prefix("\x1b]52;c;")
        .and_then(|rest| {
            rest.strip_suffix('\x07')
                .or_else(|| rest.strip_suffix("\x1b\\"))
        })
        .unwrap_or_else(|| panic!("not an OSC 52 sequence: {bytes:?}"));
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .unwrap();
    String::from_utf8(decoded).unwrap()
}

#[test]
fn y_in_the_quotes_view_sends_the_selected_quote_as_osc_52() {
    let mut screen = on_talks();
    screen.act(&[Action::ShowQuotes]);
    screen.act(&[Action::Down]);
    let [copied] = &outgoing(&mut screen, Action::Copy)[..] else {
        panic!("one thing to send");
    };
    let mut terminal = Vec::new();
    deliver_with(copied.clone(), &mut terminal, Path::new("."), &OSC52_ONLY).unwrap();
    assert_eq!(
        osc_52_payload(&terminal),
        "“He was tenacious and dogged.” (Josh Earnest, “Talks End Over Aleppo”, WOSU Public Media)"
    );
}

fn clipboard(text: &str) -> Outgoing {
    Outgoing::Clipboard {
        text: text.into(),
        what: "the quote by Josh Earnest".into(),
    }
}

#[test]
fn without_tmux_or_a_desktop_clipboard_the_copy_travels_as_osc_52_and_says_so() {
    let text = "“He was dogged.” (Josh Earnest, “Talks”)";
    let mut terminal = Vec::new();
    let said = deliver_with(clipboard(text), &mut terminal, Path::new("."), &OSC52_ONLY).unwrap();
    assert_eq!(
        said.as_deref(),
        Some("sent the quote by Josh Earnest to the terminal's clipboard (OSC 52)")
    );
    assert_eq!(osc_52_payload(&terminal), text);
}

/// A stand-in for `tmux load-buffer` or `xclip`: a script that keeps its
/// input in `kept`, or fails.
fn fake_command(dir: &std::path::Path, name: &str, works: bool) -> Vec<String> {
    let script = dir.join(name);
    let kept = dir.join(format!("{name}.kept"));
    let body = match works {
        true => format!("#!/bin/sh\ncat > '{}'\n", kept.display()),
        false => "#!/bin/sh\ncat > /dev/null\nexit 1\n".to_string(),
    };
    std::fs::write(&script, body).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    vec![
        script.display().to_string(),
        "load-buffer".into(),
        "-".into(),
    ]
}

#[test]
fn inside_tmux_the_copy_goes_to_tmuxs_buffer_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let clipboards = Clipboards {
        tmux: Some(fake_command(dir.path(), "tmux", true)),
        system: None,
    };
    let text = "“He was dogged.” (Josh Earnest, “Talks”)";
    let mut terminal = Vec::new();
    let said = deliver_with(clipboard(text), &mut terminal, dir.path(), &clipboards).unwrap();
    assert_eq!(
        said.as_deref(),
        Some("copied the quote by Josh Earnest to tmux's buffer")
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("tmux.kept")).unwrap(),
        text
    );
    assert!(terminal.is_empty(), "no OSC 52 for tmux to drop");
}

#[test]
fn a_desktop_clipboard_takes_the_copy_and_a_failing_one_falls_back_to_osc_52() {
    let dir = tempfile::tempdir().unwrap();
    let text = "“He was dogged.”";
    let working = Clipboards {
        tmux: None,
        system: Some(fake_command(dir.path(), "xclip", true)),
    };
    let mut terminal = Vec::new();
    let said = deliver_with(clipboard(text), &mut terminal, dir.path(), &working).unwrap();
    assert_eq!(
        said.as_deref(),
        Some("copied the quote by Josh Earnest to the clipboard")
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("xclip.kept")).unwrap(),
        text
    );
    let failing = Clipboards {
        tmux: Some(fake_command(dir.path(), "broken-tmux", false)),
        system: Some(vec!["/no/such/clipboard-tool".into()]),
    };
    let mut terminal = Vec::new();
    let said = deliver_with(clipboard(text), &mut terminal, dir.path(), &failing).unwrap();
    assert_eq!(
        said.as_deref(),
        Some("sent the quote by Josh Earnest to the terminal's clipboard (OSC 52)")
    );
    assert_eq!(osc_52_payload(&terminal), text);
}

#[test]
fn e_exports_the_turns_on_show_as_markdown_and_never_overwrites() {
    let mut screen = on_talks();
    screen.act(&[Action::StartFilter]);
    for c in "@kelemen".chars() {
        let key = tui_textarea::Input {
            key: tui_textarea::Key::Char(c),
            ..Default::default()
        };
        screen.act(&[Action::FilterKey(key)]);
    }
    screen.act(&[Action::FilterAccept]);
    let sent = outgoing(&mut screen, Action::Export);
    let [Outgoing::Export { stem, markdown }] = sent.as_slice() else {
        panic!("one export: {sent:?}");
    };
    assert_eq!(stem, "hark-talks-end-over-aleppo-kelemen");
    assert_eq!(
        markdown,
        "# Talks End Over Aleppo (@kelemen)\n\n\
         > The talks ended today.\n\n— Michele Kelemen, “Talks End Over Aleppo”, WOSU Public Media\n\n\
         > The Kremlin called it off too.\n\n— Michele Kelemen, “Talks End Over Aleppo”, WOSU Public Media\n"
    );
    let folder = tempfile::tempdir().unwrap();
    for expected in [
        "hark-talks-end-over-aleppo-kelemen.md",
        "hark-talks-end-over-aleppo-kelemen-2.md",
    ] {
        let export = Outgoing::Export {
            stem: stem.clone(),
            markdown: markdown.clone(),
        };
        let said = deliver_with(export, &mut Vec::new(), folder.path(), &OSC52_ONLY).unwrap();
        let path = folder.path().join(expected);
        assert_eq!(said, Some(format!("exported to {}", path.display())));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), *markdown);
    }
}

/// A story file edited by hand reaches the App as it is on disk.
#[test]
fn an_export_writes_no_control_from_a_hostile_story() {
    let mut story = parse(TALKS.as_bytes(), Some("talks.txt"), Timestamp::UNIX_EPOCH).unwrap();
    story.title = "Talks \x1b]0;PWNED\x07End\u{202e}\u{e0041}".into();
    story.speakers[0].name = "Michele \x1b[31mKelemen".into();
    story.turns[0].speaker = Some(story.speakers[0].name.clone());
    story.turns[0].paragraphs[0] = "The talks \x1b]52;c;UFdORUQ=\x07ended.".into();
    let mut screen = on(story);
    let sent = outgoing(&mut screen, Action::Export);
    let [Outgoing::Export { stem, markdown }] = sent.as_slice() else {
        panic!("one export: {sent:?}");
    };
    for text in [stem, markdown] {
        assert!(
            !text
                .contains(|c: char| (c.is_control() && c != '\n')
                    || matches!(c, '\u{202e}' | '\u{e0041}')),
            "{text:?}"
        );
        assert!(!text.contains("PWNED"), "{text:?}");
    }
    assert!(markdown.starts_with("# Talks End\n"), "{markdown}");
}

#[test]
fn e_on_cyrillic_cjk_and_emoji_titles_exports() {
    for title in [
        "Переговоры в Алеппо продолжаются третью неделю подряд без итогов",
        "東京の港で夜明け前に始まる市場の競りと漁師たちの長い一日の記録",
        "🙂 Талант 🙂 東京 🙂 Σίσυφος 🙂 переговоры продолжаются неделю",
    ] {
        let text = TALKS.replace("Talks End Over Aleppo", title);
        let story = parse(text.as_bytes(), None, Timestamp::UNIX_EPOCH).unwrap();
        assert_eq!(story.title, title);
        let mut screen = on(story);
        let sent = outgoing(&mut screen, Action::Export);
        let [Outgoing::Export { stem, markdown }] = sent.as_slice() else {
            panic!("one export: {sent:?}");
        };
        assert!(stem.starts_with("hark-") && stem.len() <= 60, "{stem}");
        assert!(markdown.starts_with(&format!("# {title}")), "{markdown}");
    }
}
