//! A transcript is untrusted text: nothing in it may reach the terminal as
//! a control sequence, and however hark ends, the terminal is given back.

mod support;

use std::ffi::OsString;

use support::pty::Hark;

/// Every kind of sequence that could retitle a window, write the
/// clipboard, plant a link, clear the screen or reorder what is shown.
const HOSTILE: &str = "\
Harbor \x1b]0;PWNED-TITLE\x07News \x1b]2;PWNED-TITLE\x1b\\Tonight

ANA LIMA, HOST: Good \x1b[2Jevening\x1b[31m from the \x1b]52;c;cHduZWQ=\x07harbor.

ANA LIMA: A \x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\ and a \x1bP+q544e\x1b\\request, \u{9b}6n a CSI, \u{9d}0;PWNED-TITLE\u{9c} an OSC.

JOSH EARNEST: Bell\x07 back\x08space carriage\rreturn, \u{202e}reversed\u{202c} and zero\u{200b}width.
";

fn hostile_session() -> (Hark, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.txt");
    std::fs::write(&file, HOSTILE).unwrap();
    let library = dir.path().join("library");
    let args: Vec<OsString> = vec!["--library".into(), library.into(), file.into()];
    let hark = Hark::spawn(&args, dir.path());
    (hark, dir)
}

#[test]
fn a_hostile_transcript_cannot_change_the_terminal() {
    let (mut hark, _dir) = hostile_session();
    hark.wait_for("the story", |s| {
        s.contents().contains("Good evening from the harbor.")
    });
    hark.send("G");
    hark.wait_for("the last turn", |s| {
        s.contents().contains("Bell backspace carriage")
    });
    let screen = hark.screen().contents();
    assert!(screen.contains("Harbor News Tonight"), "{screen}");
    assert!(screen.contains("reversed and zerowidth"), "{screen}");
    hark.send("q");
    assert!(hark.exit_status().success());

    // No title (OSC 0/2), clipboard (OSC 52), link (OSC 8) or DCS got out.
    let raw = String::from_utf8_lossy(hark.raw()).into_owned();
    for planted in [
        "PWNED",
        "\x1b]52",
        "\x1b]8;",
        "\x1bP",
        "evil.example",
        "\x07",
        "\u{202e}",
        "\u{200b}",
    ] {
        assert!(!raw.contains(planted), "{planted:?} reached the terminal");
    }
    assert!(!hark.screen().alternate_screen());
}

#[test]
fn sighup_and_sigint_restore_the_terminal_too() {
    for signal in ["HUP", "INT"] {
        let (mut hark, _dir) = hostile_session();
        hark.wait_for("the story", |s| {
            s.alternate_screen() && s.contents().contains("harbor")
        });
        hark.signal(signal);
        let status = hark.exit_status();
        assert!(
            !hark.screen().alternate_screen(),
            "SIG{signal} left the alternate screen on"
        );
        assert!(
            !hark.screen().hide_cursor(),
            "SIG{signal} left the cursor hidden"
        );
        // Ended by the signal, or cleanly: never a crash or a hang.
        assert!(
            status.success() || status.signal().is_some(),
            "SIG{signal}: {status:?}"
        );
    }
}

#[test]
fn a_hand_edited_story_file_is_as_safe_in_the_tui() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let file = dir.path().join("clean.txt");
    std::fs::write(&file, "Clean Title\n\nANA LIMA, HOST: Clean words.\n").unwrap();
    support::import(&library, &[&file]);
    let story_file = std::fs::read_dir(library.join("stories"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut story: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&story_file).unwrap()).unwrap();
    story["title"] = "Edited \x1b]0;PWNED-TITLE\x07Title".into();
    story["turns"][0]["paragraphs"][0] = "Edited \x1b]52;c;cHduZWQ=\x07words \u{9b}2J here.".into();
    std::fs::write(&story_file, story.to_string()).unwrap();
    std::fs::remove_file(library.join("catalog.jsonl")).unwrap();

    let args: Vec<OsString> = vec!["--library".into(), library.into()];
    let mut hark = Hark::spawn(&args, dir.path());
    hark.wait_for("the list", |s| s.contents().contains("Edited Title"));
    hark.send("\r");
    hark.wait_for("the story", |s| {
        s.contents().contains("Edited words  here.")
    });
    hark.send("q");
    assert!(hark.exit_status().success());
    let raw = String::from_utf8_lossy(hark.raw()).into_owned();
    for planted in ["PWNED", "\x1b]52", "\x07"] {
        assert!(!raw.contains(planted), "{planted:?} reached the terminal");
    }
}

#[test]
fn a_damaged_story_file_is_named_in_the_status_line_and_the_rest_still_open() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    for (name, title) in [("a.txt", "Intact Story"), ("b.txt", "Soon Damaged")] {
        let file = dir.path().join(name);
        std::fs::write(
            &file,
            format!("{title}\n\nANA LIMA, HOST: Words of {title}.\n"),
        )
        .unwrap();
        support::import(&library, &[&file]);
    }
    let damaged = std::fs::read_dir(library.join("stories"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| std::fs::read_to_string(p).unwrap().contains("Soon Damaged"))
        .unwrap();
    std::fs::write(&damaged, b"{\"format_version\": 1, \"title\": \"Soon Dam").unwrap();
    std::fs::remove_file(library.join("catalog.jsonl")).unwrap();

    let args: Vec<OsString> = vec!["--library".into(), library.into()];
    let mut hark = Hark::spawn(&args, dir.path());
    hark.wait_for("the intact story and the notice", |s| {
        let text = s.contents();
        text.contains("Intact Story") && text.contains("skipped") && text.contains("damaged")
    });
    hark.send("q");
    assert!(hark.exit_status().success());
    let raw = String::from_utf8_lossy(hark.raw()).into_owned();
    assert!(
        raw.contains(&format!("{}: damaged story file", damaged.display())),
        "the full path is printed"
    );
}
