//! hark in a real pseudo-terminal, read back through a terminal emulator:
//! tests wait on what the screen shows, never on how long things take.

use base64::Engine;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 30;
pub const COLS: u16 = 100;
const PATIENCE: Duration = Duration::from_secs(10);

pub struct Hark {
    pub parser: vt100::Parser,
    output: Receiver<Vec<u8>>,
    /// Every byte hark wrote, for what a screen does not show (titles,
    /// clipboard requests).
    raw: Vec<u8>,
    keys: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    pub child: Box<dyn Child + Send + Sync>,
}

impl Hark {
    /// Runs hark with `args` in `cwd`, in a terminal of ROWS x COLS.
    pub fn spawn<S: AsRef<OsStr>>(args: &[S], cwd: &Path) -> Hark {
        Hark::spawn_with_env(args, cwd, &[])
    }

    /// `spawn`, with these variables set in hark's environment.
    pub fn spawn_with_env<S: AsRef<OsStr>>(args: &[S], cwd: &Path, env: &[(&str, &str)]) -> Hark {
        let pty = native_pty_system().openpty(size(ROWS, COLS)).unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_hark"));
        command.args(args);
        for (name, value) in env {
            command.env(name, value);
        }
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        command.env_remove("HARK_CONFIG");
        // Where a copy goes depends on these: without them, OSC 52.
        for clipboard in ["TMUX", "DISPLAY", "WAYLAND_DISPLAY"] {
            command.env_remove(clipboard);
        }
        for (name, value) in env {
            command.env(name, value);
        }
        command.cwd(cwd);
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
            raw: Vec::new(),
            keys: pty.master.take_writer().unwrap(),
            master: pty.master,
            child,
        }
    }

    pub fn send(&mut self, text: &str) {
        self.keys.write_all(text.as_bytes()).unwrap();
        self.keys.flush().unwrap();
    }

    /// Resizes the terminal as a window manager would: hark gets SIGWINCH.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.master.resize(size(rows, cols)).unwrap();
        self.parser.screen_mut().set_size(rows, cols);
    }

    pub fn screen(&self) -> &vt100::Screen {
        self.parser.screen()
    }

    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    fn take(&mut self, bytes: Vec<u8>) {
        self.parser.process(&bytes);
        self.raw.extend_from_slice(&bytes);
    }

    /// Reads output until `done` holds for the screen, or gives up.
    pub fn wait_for(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !done(self.parser.screen()) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.take(bytes),
                Err(_) => panic!("waited for {what}; screen:\n{}", self.screen().contents()),
            }
        }
    }

    /// Reads output until the bytes written so far hold `needle`, or gives
    /// up: for what the screen does not show, such as an OSC 8 link that
    /// is written just after the frame it sits on.
    pub fn wait_for_bytes(&mut self, what: &str, needle: &[u8]) {
        let deadline = Instant::now() + PATIENCE;
        while !self.raw.windows(needle.len()).any(|w| w == needle) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.take(bytes),
                Err(_) => panic!("waited for {what}; screen:\n{}", self.screen().contents()),
            }
        }
    }

    /// Sends `signal` (a name for kill(1), like "TERM").
    pub fn signal(&mut self, signal: &str) {
        let pid = self.child.process_id().unwrap();
        let sent = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    /// Waits for hark to exit, then reads the last of what it wrote.
    pub fn exit_status(&mut self) -> ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "hark did not exit");
            std::thread::sleep(Duration::from_millis(20));
        };
        while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(200)) {
            self.take(bytes);
        }
        status
    }
}

pub fn size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// The text of the last OSC 52 clipboard request in `raw`: what a copy
/// put on the clipboard through the terminal.
pub fn osc_52_text(raw: &[u8]) -> Option<String> {
    let raw = String::from_utf8_lossy(raw);
    let start = raw.rfind("\x1b]52;c;")? + "\x1b]52;c;".len();
    let rest = &raw[start..];
    let end = rest.find(['\x07', '\x1b'])?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&rest[..end])
        .ok()?;
    String::from_utf8(bytes).ok()
}
