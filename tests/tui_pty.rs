//! The real binary in a real pseudo-terminal: open a story, filter it to one
//! speaker, quit, and check the terminal was given back. Waits on what the
//! screen shows, never on how long things take.

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const PATIENCE: Duration = Duration::from_secs(10);

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

/// hark running in a pseudo-terminal, with a vt100 screen fed by its output.
struct Hark {
    parser: vt100::Parser,
    output: Receiver<Vec<u8>>,
    keys: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    // Keeps the story files alive while hark reads them.
    _dir: tempfile::TempDir,
}

impl Hark {
    fn start() -> Hark {
        Hark::start_with(&[])
    }

    fn start_with(flags: &[&str]) -> Hark {
        let dir = tempfile::tempdir().unwrap();
        let pty = native_pty_system().openpty(size(ROWS, COLS)).unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_hark"));
        command.args(flags);
        for (name, text) in [("river.txt", RIVER), ("school.txt", SCHOOL)] {
            std::fs::write(dir.path().join(name), text).unwrap();
            command.arg(dir.path().join(name));
        }
        command.env("TERM", "xterm-256color");
        command.cwd(dir.path());
        let child = pty.slave.spawn_command(command).unwrap();
        drop(pty.slave);

        let mut reader = pty.master.try_clone_reader().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                if tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Hark {
            parser: vt100::Parser::new(ROWS, COLS, 0),
            output,
            keys: pty.master.take_writer().unwrap(),
            master: pty.master,
            child,
            _dir: dir,
        }
    }

    fn send(&mut self, text: &str) {
        self.keys.write_all(text.as_bytes()).unwrap();
        self.keys.flush().unwrap();
    }

    /// Resizes the terminal as a window manager would: hark gets SIGWINCH.
    fn resize(&mut self, rows: u16, cols: u16) {
        self.master.resize(size(rows, cols)).unwrap();
        self.parser.screen_mut().set_size(rows, cols);
    }

    fn screen(&self) -> &vt100::Screen {
        self.parser.screen()
    }

    /// Reads output until `done` holds for the screen, or gives up.
    fn wait_for(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !done(self.parser.screen()) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.parser.process(&bytes),
                Err(_) => panic!("waited for {what}; screen:\n{}", self.screen().contents()),
            }
        }
    }

    /// Waits for hark to exit, then reads the last of what it wrote.
    fn exit_status(&mut self) -> ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "hark did not exit");
            std::thread::sleep(Duration::from_millis(20));
        };
        while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(200)) {
            self.parser.process(&bytes);
        }
        status
    }

    fn wait_for_first_story(&mut self) {
        self.wait_for("the first story", |s| {
            s.alternate_screen() && s.contents().contains("Harold Banks")
        });
    }
}

#[test]
fn filter_to_one_speaker_and_quit_cleanly() {
    let mut hark = Hark::start();
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
    let mut hark = Hark::start();
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
    let mut hark = Hark::start_with(&["--mouse"]);
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
    let mut hark = Hark::start();
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
    let mut hark = Hark::start();
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

fn size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
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
    let mut hark = Hark::start_with(&["--config", config.to_str().unwrap()]);
    hark.wait_for_first_story();
    // The focused transcript's border: blue in the light preset, not cyan.
    let corner = hark.screen().cell(0, COLS - 1).unwrap().fgcolor();
    assert_eq!(corner, vt100::Color::Idx(4));
    // q no longer quits: the help opens on top, and lists x for quitting.
    hark.send("q?");
    hark.wait_for("the help with x for quit", |s| {
        s.contents().contains("x               quit")
    });
    hark.send("x");
    assert!(hark.exit_status().success());
    assert!(!hark.screen().alternate_screen());
}
