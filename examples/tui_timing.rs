//! Times the real `hark` binary in a pseudo-terminal of 200x60, as a
//! reader would meet it: the first full frame, each keystroke typed into
//! the filter bar until its frame shows it, library-wide searches until
//! their last match is on screen, and the peak memory of the process.
//!
//!     cargo build --release && cargo run --release --example tui_timing -- LIBRARY
//!
//! Prints Markdown rows for BENCHMARKS.md. Linux only (peak memory is read
//! from /proc).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 60;
const COLS: u16 = 200;
const PATIENCE: Duration = Duration::from_secs(120);

struct Screen {
    parser: vt100::Parser,
    output: Receiver<Vec<u8>>,
    keys: Box<dyn Write + Send>,
}

impl Screen {
    /// Reads output until `done` holds; returns how long that took from `since`.
    /// Gives up after PATIENCE in all, not PATIENCE of silence: a screen
    /// that keeps changing without ever showing `what` must not hang a
    /// benchmark script.
    fn wait(&mut self, since: Instant, what: &str, done: impl Fn(&str) -> bool) -> Duration {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if done(&self.parser.screen().contents()) {
                return since.elapsed();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.parser.process(&bytes),
                Err(_) => panic!("no {what}:\n{}", self.parser.screen().contents()),
            }
        }
    }

    fn send(&mut self, text: &str) -> Instant {
        let sent = Instant::now();
        self.keys.write_all(text.as_bytes()).unwrap();
        self.keys.flush().unwrap();
        sent
    }

    /// The filter bar, second line from the bottom.
    fn bar(contents: &str) -> &str {
        contents.lines().rev().nth(1).unwrap_or("")
    }

    /// Types `text` a key at a time, each waited for on screen; returns
    /// the median and the slowest keystroke, and when the last was sent.
    fn type_slowly(&mut self, text: &str) -> (Duration, Duration, Instant) {
        let mut typed = String::new();
        let mut times = Vec::new();
        let mut last = Instant::now();
        for c in text.chars() {
            typed.push(c);
            last = self.send(&c.to_string());
            let shown = format!("/ {typed}");
            times.push(self.wait(last, "keystroke", |s| Screen::bar(s).starts_with(&shown)));
        }
        times.sort();
        (times[times.len() / 2], times[times.len() - 1], last)
    }

    /// Waits from `since` until no search is running.
    fn search_done(&mut self, since: Instant) -> Duration {
        self.wait(since, "search end", |s| !s.contains("searching…"))
    }

    /// Enter in the filter bar: keeps the filter, back to the pane.
    fn accept(&mut self) {
        let sent = self.send("\r");
        self.wait(sent, "the bar closed", |s| !s.contains("keep the filter"));
    }
}

/// Prints a Markdown row at once, so that a run that stops part way
/// (a wait that gives up) still reports what it measured.
fn report(what: String, figure: String) {
    println!("| {what} | {figure} |");
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Types `text` into the open filter bar and waits for its search.
fn type_and_search(screen: &mut Screen, where_: &str, text: &str) {
    let (median, slowest, last) = screen.type_slowly(text);
    report(
        format!(
            "keystroke typing `{text}` in the {where_}, until its frame shows (median / slowest)"
        ),
        format!("{} / {}", ms(median), ms(slowest)),
    );
    report(
        format!("{where_} search `{text}`, from the last keystroke to its end"),
        ms(screen.search_done(last)),
    );
    screen.accept();
}

fn open_bar(screen: &mut Screen) {
    let sent = screen.send("/");
    screen.wait(sent, "the bar", |s| s.contains("keep the filter"));
}

fn peak_memory_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn main() {
    let library = PathBuf::from(std::env::args().nth(1).expect("usage: tui_timing LIBRARY"));
    let exe = std::env::current_exe().unwrap();
    let hark = exe.parent().unwrap().parent().unwrap().join("hark");
    let size = PtySize {
        rows: ROWS,
        cols: COLS,
        pixel_width: 0,
        pixel_height: 0,
    };
    let pty = native_pty_system().openpty(size).unwrap();
    let mut command = CommandBuilder::new(&hark);
    command.arg("--library");
    command.arg(&library);
    command.env("TERM", "xterm-256color");
    command.env_remove("NO_COLOR");
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(command).unwrap();
    let pid = child.process_id().unwrap();
    let mut reader = pty.master.try_clone_reader().unwrap();
    let (tx, output) = channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut screen = Screen {
        parser: vt100::Parser::new(ROWS, COLS, 0),
        output,
        keys: pty.master.take_writer().unwrap(),
    };
    println!("library: {}", library.display());
    println!("| what | figure |\n|---|---|");
    let first = screen.wait(started, "first frame", |s| {
        s.contains("Stories (") && s.contains("press / to filter")
    });
    report("first full frame, from the process start".into(), ms(first));

    // The story list, by a rare word: the search runs off the UI thread.
    open_bar(&mut screen);
    type_and_search(&mut screen, "story list", "lithium");

    // The quotes view: every speech turn, then one person, then a word.
    let sent = screen.send("Q");
    screen.wait(sent, "the quotes view", |s| s.contains("quotes in"));
    report(
        "quotes view, every quote in the library, to the end".into(),
        ms(screen.search_done(sent)),
    );
    open_bar(&mut screen);
    type_and_search(&mut screen, "quotes view", "@amara o'donnell");
    // Esc in the bar clears the filter; / opens it again, empty. Each key
    // goes alone: Esc and a key together read as Alt and the key.
    open_bar(&mut screen);
    let sent = screen.send("\x1b");
    screen.wait(sent, "the bar closed", |s| !s.contains("keep the filter"));
    open_bar(&mut screen);
    type_and_search(&mut screen, "quotes view", "lithium");
    let status = screen.parser.screen().contents();
    let status = status.lines().last().unwrap_or("").trim().to_string();

    let peak = peak_memory_kb(pid);
    screen.send("q");
    child.wait().unwrap();
    report(
        "peak resident memory of the process".into(),
        format!("{:.0} MB", peak as f64 / 1024.0),
    );
    println!("last status: {status}");
}
