//! Times the real `hark` binary in a pseudo-terminal of 200x60, as a
//! reader would meet it: the first full frame, `G` to the end of the list
//! and a key to move there, each order of the list, each keystroke typed
//! into the filter bar until its frame shows it, library-wide searches
//! until their last match is on screen, the quotes ordered by relevance,
//! and the peak memory of the process.
//!
//!     cargo build --release && cargo run --release --example tui_timing -- LIBRARY [HARK]
//!
//! HARK is the binary to time; by default the `hark` built beside this
//! example, so that two builds can be compared on one library.
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

    /// Sends `key` and waits until the screen differs from what it was:
    /// the frame that answers it.
    fn key_to_frame(&mut self, key: &str) -> Duration {
        let before = self.parser.screen().contents();
        let sent = self.send(key);
        self.wait(sent, "a new frame", |s| s != before)
    }

    /// How long from `since` until the screen differs from `was`, if it
    /// does within `limit`.
    fn change_within(&mut self, since: Instant, was: &str, limit: Duration) -> Option<Duration> {
        let deadline = Instant::now() + limit;
        while self.parser.screen().contents() == was {
            let left = deadline.checked_duration_since(Instant::now())?;
            let bytes = self.output.recv_timeout(left).ok()?;
            self.parser.process(&bytes);
        }
        Some(since.elapsed())
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

/// `G` to the last story, a key up from there, `g` back, and each order
/// of the list (`o`), each until its frame shows.
fn time_the_list(screen: &mut Screen) {
    // The preview of the first story settles before the keys start.
    std::thread::sleep(Duration::from_millis(500));
    report(
        "`G`, to the end of the list".into(),
        ms(screen.key_to_frame("G")),
    );
    std::thread::sleep(Duration::from_millis(300));
    report(
        "`k` at the end of the list".into(),
        ms(screen.key_to_frame("k")),
    );
    std::thread::sleep(Duration::from_millis(300));
    report("`g`, back to the top".into(), ms(screen.key_to_frame("g")));
    for order in ["title", "program", "station", "recently imported"] {
        std::thread::sleep(Duration::from_millis(300));
        let sent = screen.send("o");
        let shown = format!("by {order}");
        let took = screen.wait(sent, "the order", |s| s.contains(&shown));
        report(format!("`o`, the list by {order}"), ms(took));
    }
    let sent = screen.send("o");
    let took = screen.wait(sent, "the air-date order", |s| !s.contains("· by "));
    report("`o`, the list by air date again".into(), ms(took));
}

/// `o` in the quotes view until the quotes are ordered by relevance, and
/// then until they are ranked: the next frame after the one that says
/// so, when the scores arrive and reorder them (this hark also takes its
/// "ranking…" off then).
fn time_relevance(screen: &mut Screen, word: &str) {
    for order in ["story", "speaker"] {
        let sent = screen.send("o");
        let shown = format!("by {order}");
        screen.wait(sent, "the order", |s| s.contains(&shown));
    }
    let sent = screen.send("o");
    screen.wait(sent, "relevance", |s| s.contains("by relevance"));
    let said = screen.parser.screen().contents();
    let took = match said.contains("ranking…") {
        true => Some(screen.wait(sent, "the ranking", |s| !s.contains("ranking…"))),
        // A hark that does not say it ranks: its next frame is the ranked one.
        false => screen.change_within(sent, &said, Duration::from_secs(60)),
    };
    report(
        format!("quotes of `{word}` by relevance (`o`), until ranked"),
        took.map_or("no change seen within 60 s".into(), ms),
    );
}

/// Ctrl-U in the open bar, until it shows empty.
fn empty_bar(screen: &mut Screen) {
    let sent = screen.send("\x15");
    screen.wait(sent, "the bar emptied", |s| {
        let bar = Screen::bar(s).trim_end();
        bar == "/" || bar.starts_with("/  @name")
    });
}

fn peak_memory_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// The peak so far, so that the last row's peak can be put down to a step.
fn report_peak(pid: u32, when: &str) {
    let peak = peak_memory_kb(pid);
    report(
        format!("peak resident memory, {when}"),
        format!("{:.0} MB", peak as f64 / 1024.0),
    );
}

fn main() {
    let library = PathBuf::from(std::env::args().nth(1).expect("usage: tui_timing LIBRARY"));
    // hark would take a library that is not there for an empty one, and
    // open on the samples: a typo must not time them.
    let library = std::fs::canonicalize(&library)
        .ok()
        .filter(|dir| dir.join("library.sqlite3").is_file())
        .unwrap_or_else(|| panic!("{} holds no library.sqlite3", library.display()));
    let exe = std::env::current_exe().unwrap();
    let hark = match std::env::args().nth(2) {
        Some(hark) => PathBuf::from(hark),
        None => exe.parent().unwrap().parent().unwrap().join("hark"),
    };
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
    // Full: the list's rows are on screen, not only its frame (the list
    // fills in from a search beside the first frame).
    let first = screen.wait(started, "first frame", |s| {
        s.contains("Stories (") && s.contains("press / to filter") && s.contains(" speaker")
    });
    report("first full frame, from the process start".into(), ms(first));
    time_the_list(&mut screen);

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
    report_peak(pid, "after every quote");
    open_bar(&mut screen);
    type_and_search(&mut screen, "quotes view", "@amara o'donnell");
    report_peak(pid, "after `@amara o'donnell`");
    // Ctrl-U in the bar empties it (Esc would undo the edit and keep the
    // filter as it was).
    open_bar(&mut screen);
    empty_bar(&mut screen);
    type_and_search(&mut screen, "quotes view", "lithium");
    time_relevance(&mut screen, "lithium");
    report_peak(pid, "after `lithium` by relevance");
    // Back to the air-date order, and a word said in most stories.
    let sent = screen.send("o");
    screen.wait(sent, "the date order", |s| !s.contains("by relevance"));
    open_bar(&mut screen);
    empty_bar(&mut screen);
    type_and_search(&mut screen, "quotes view", "harbor");
    report_peak(pid, "after `harbor`");
    time_relevance(&mut screen, "harbor");
    let status = screen.parser.screen().contents();
    let status = status.lines().last().unwrap_or("").trim().to_string();

    let peak = peak_memory_kb(pid);
    report(
        "peak resident memory of the process".into(),
        format!("{:.0} MB", peak as f64 / 1024.0),
    );
    // `q` only closes the view it is pressed in: the process is ended.
    child.kill().unwrap();
    child.wait().unwrap();
    println!("last status: {status}");
}
