//! `y` inside tmux: the real binary in a real tmux server of its own, the
//! copy read back from tmux's buffer. Skipped where tmux is not installed.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const TALKS: &str = "\
© 2024 WOSU Public Media

Talks End Over Aleppo

MICHELE KELEMEN, BYLINE: The talks ended today.

JOSH EARNEST: He was tenacious and dogged.
";

/// tmux on a socket of the test's own, so no user's server is touched.
struct Tmux<'a> {
    socket: &'a Path,
}

impl Tmux<'_> {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(self.socket)
            .args(["-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p"]).stdout).into_owned()
    }

    /// Waits for the screen to show `what`; tests wait on the screen, never
    /// on the clock, and give up only after a generous while.
    fn wait_for(&self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen();
            if screen.contains(what) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {what:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Tmux<'_> {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

#[test]
fn y_inside_tmux_fills_tmuxs_buffer_and_says_so() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("talks.txt");
    std::fs::write(&story, TALKS).unwrap();
    let tmux = Tmux {
        socket: &dir.path().join("tmux.sock"),
    };
    let hark = format!(
        "env -u HARK_CONFIG -u DISPLAY -u WAYLAND_DISPLAY NO_COLOR=1 '{}' --library '{}' '{}'",
        env!("CARGO_BIN_EXE_hark"),
        dir.path().join("library").display(),
        story.display()
    );
    let started = tmux.run(&["new-session", "-d", "-x", "100", "-y", "30", &hark]);
    assert!(started.status.success(), "{started:?}");
    tmux.run(&["set-option", "-g", "remain-on-exit", "on"]);
    tmux.wait_for("He was tenacious");
    tmux.run(&["send-keys", "]", "y"]);
    tmux.wait_for("copied the quote by Josh Earnest to tmux's buffer");
    let buffer = tmux.run(&["show-buffer"]);
    let copied = String::from_utf8_lossy(&buffer.stdout);
    assert!(
        copied
            .starts_with("“He was tenacious and dogged.” (Josh Earnest, “Talks End Over Aleppo”, ")
            && copied.ends_with(", WOSU Public Media)"),
        "{copied}"
    );
}
