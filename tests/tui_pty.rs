//! The real binary in a real pseudo-terminal: open a story, filter it to one
//! speaker, quit, and check the terminal was given back. Waits on what the
//! screen shows, never on how long things take.

use crate::support;

use support::pty::{COLS, Hark, ROWS};

const RIVER: &str = "\
Talks On The River Plan Collapse

ANNA LOPEZ, BYLINE: The meeting ran late at the hall.

MAYOR HAROLD BANKS: We will not give up on the river plan.

LOPEZ: Not everyone agreed with the mayor.
";

const SCHOOL: &str = "\
A School Opens Its Doors Again

JO PARK, HOST: After the storm, one school is open again.

SAM REED: The kids came back on Monday, and the roof held.

PARK: And the teachers?

SAM REED: They painted every classroom themselves.
";

/// hark on the two stories above, and the folder that keeps them alive.
struct Session {
    hark: Hark,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for Session {
    type Target = Hark;
    fn deref(&self) -> &Hark {
        &self.hark
    }
}

impl std::ops::DerefMut for Session {
    fn deref_mut(&mut self) -> &mut Hark {
        &mut self.hark
    }
}

impl Session {
    fn start() -> Session {
        Session::start_with(&[])
    }

    fn start_with(flags: &[&str]) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let mut args: Vec<std::ffi::OsString> = flags.iter().map(Into::into).collect();
        for (name, text) in [("river.txt", RIVER), ("school.txt", SCHOOL)] {
            std::fs::write(dir.path().join(name), text).unwrap();
            args.push(dir.path().join(name).into());
        }
        Session {
            hark: Hark::spawn(&args, dir.path()),
            _dir: dir,
        }
    }

    /// The first story open, and the list (which a search fills in
    /// beside the screen) showing both.
    fn wait_for_first_story(&mut self) {
        self.wait_for("the first story and the list", |s| {
            let text = s.contents();
            s.alternate_screen() && text.contains("Harold Banks") && text.contains("A School Opens")
        });
    }
}

#[test]
fn filter_to_one_speaker_and_quit_cleanly() {
    let mut hark = Session::start();
    hark.wait_for_first_story();
    // To the list, down to the second story, open it.
    hark.send("\tj\r");
    hark.wait_for("the second story", |s| {
        s.contents().contains("Jo Park, host")
    });
    hark.send("/@reed\r");
    hark.wait_for("the filtered turns", |s| {
        s.contents().contains("2 of 4 turns")
    });
    let filtered = hark.screen().contents();
    assert_eq!(filtered.matches("Sam Reed").count(), 2, "{filtered}");
    assert!(filtered.contains("painted every classroom"));
    assert!(!filtered.contains("Jo Park, host"), "{filtered}");

    hark.send("q");
    let status = hark.exit_status();
    assert!(status.success(), "{status:?}");
    assert!(!hark.screen().alternate_screen());
}

#[test]
fn resizing_reflows_and_too_small_shows_a_notice() {
    let mut hark = Session::start();
    hark.wait_for_first_story();
    hark.resize(8, 30);
    hark.wait_for("the notice", |s| {
        s.contents().contains("Terminal too small")
    });
    hark.resize(ROWS, 50);
    // At 50 columns the first turn wraps where it did not at 100.
    hark.wait_for("the narrow layout", |s| s.contents().contains("▌ hall."));
    hark.send("q");
    assert!(hark.exit_status().success());
    assert!(!hark.screen().alternate_screen());
}

#[test]
fn mouse_clicks_select_only_with_mouse_on_and_capture_ends_on_quit() {
    let mut hark = Session::start_with(&["--mouse"]);
    hark.wait_for_first_story();
    assert_ne!(
        hark.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );
    // A left click (SGR encoding, 1-based) on the second story's title row:
    // border, then two rows per story.
    hark.send("\x1b[<0;5;4M\x1b[<0;5;4m\r");
    hark.wait_for("the clicked story", |s| {
        s.contents().contains("Jo Park, host")
    });
    hark.send("q");
    assert!(hark.exit_status().success());
    assert_eq!(
        hark.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );
}

#[test]
fn without_mouse_the_terminal_keeps_its_mouse() {
    let mut hark = Session::start();
    hark.wait_for_first_story();
    assert_eq!(
        hark.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );
    hark.send("q");
    assert!(hark.exit_status().success());
}

#[test]
fn sigterm_restores_the_terminal_and_ends_by_the_signal() {
    let mut hark = Session::start();
    hark.wait_for_first_story();
    let pid = hark.child.process_id().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = hark.exit_status();
    // The name is the C library's and may be translated; that there is one
    // says the signal, not an exit code, ended hark.
    assert!(status.signal().is_some(), "{status:?}");
    assert!(!hark.screen().alternate_screen());
}

#[test]
fn without_a_terminal_hark_says_so_instead_of_drawing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("river.txt");
    std::fs::write(&file, RIVER).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hark"))
        .arg(&file)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
}

#[test]
fn config_toml_rebinds_keys_and_sets_the_theme_of_the_real_tui() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let text = "[theme]\npreset = \"light\"\n[keys]\nquit = [\"x\"]\n";
    std::fs::write(&config, text).unwrap();
    let mut hark = Session::start_with(&["--config", config.to_str().unwrap()]);
    hark.wait_for_first_story();
    // The focused transcript's border: blue in the light preset, not cyan.
    let corner = hark.screen().cell(0, COLS - 1).unwrap().fgcolor();
    assert_eq!(corner, vt100::Color::Idx(4));
    // q no longer quits: the help opens on top, and lists x for quitting.
    hark.send("q?");
    hark.wait_for("the help with x for quit", |s| {
        s.contents().contains("x               quit")
    });
    // The help closes first: a quit key quits only from the main screen.
    hark.send("?x");
    assert!(hark.exit_status().success());
    assert!(!hark.screen().alternate_screen());
}
