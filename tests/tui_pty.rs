//! The real binary in a real pseudo-terminal: open a story, filter it to one
//! speaker, quit, and check the terminal was given back. Waits on what the
//! screen shows, never on how long things take.

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

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

struct Screen {
    parser: vt100::Parser,
    output: Receiver<Vec<u8>>,
}

impl Screen {
    /// Reads output until `done` holds for the screen, or gives up.
    fn wait_for(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !done(self.parser.screen()) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.parser.process(&bytes),
                Err(_) => panic!(
                    "waited for {what}; screen:\n{}",
                    self.parser.screen().contents()
                ),
            }
        }
    }

    fn drain(&mut self) {
        while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(200)) {
            self.parser.process(&bytes);
        }
    }
}

#[test]
fn filter_to_one_speaker_and_quit_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let river = dir.path().join("river.txt");
    let school = dir.path().join("school.txt");
    std::fs::write(&river, RIVER).unwrap();
    std::fs::write(&school, SCHOOL).unwrap();

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_hark"));
    command.arg(&river);
    command.arg(&school);
    command.env("TERM", "xterm-256color");
    command.cwd(dir.path());
    let mut child = pty.slave.spawn_command(command).unwrap();
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
    let mut keys = pty.master.take_writer().unwrap();
    let mut send = |text: &str| {
        keys.write_all(text.as_bytes()).unwrap();
        keys.flush().unwrap();
    };
    let mut screen = Screen {
        parser: vt100::Parser::new(ROWS, COLS, 0),
        output,
    };

    screen.wait_for("the first story", |s| {
        s.alternate_screen() && s.contents().contains("Harold Banks")
    });
    // To the list, down to the second story, open it.
    send("\tj\r");
    screen.wait_for("the second story", |s| {
        s.contents().contains("Jo Park, host")
    });
    send("/@reed\r");
    screen.wait_for("the filtered turns", |s| {
        s.contents().contains("2 of 4 turns")
    });
    let filtered = screen.parser.screen().contents();
    assert_eq!(filtered.matches("Sam Reed").count(), 2, "{filtered}");
    assert!(filtered.contains("painted every classroom"));
    assert!(!filtered.contains("Jo Park, host"), "{filtered}");

    send("q");
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "hark did not quit");
        std::thread::sleep(Duration::from_millis(20));
    };
    screen.drain();
    assert!(status.success(), "{status:?}");
    assert!(!screen.parser.screen().alternate_screen());
}
