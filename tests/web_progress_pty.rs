//! The progress bar of a URL import, in a real pseudo-terminal: it draws
//! the count, rate and time left while pages come in, and leaves the
//! terminal clean, with only the stories and the summary, when done.

use crate::support;

use std::ffi::OsStr;
use std::time::Duration;

use support::pty::Hark;
use support::server::{Reply, Server};

const PAGES: usize = 12;

#[test]
fn the_progress_bar_draws_and_clears() {
    let server = Server::start();
    let page = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/html/npr-transcript.html"),
    )
    .unwrap();
    let mut urls = Vec::new();
    for i in 0..PAGES {
        // A slow server, so the bar is on screen long enough to be seen.
        let body =
            // Each page its own story, at its own canonical address.
            String::from_utf8_lossy(&page)
                .replace("Gull Island", &format!("Gull Island {i}"))
                .replace("900000001", &format!("{}", 800000000 + i));
        let path = format!("/transcripts/{i}");
        server.route(
            &path,
            Reply::Slow(Duration::from_millis(150), Box::new(Reply::html(body))),
        );
        urls.push(server.url(&path));
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[fetch]\ndelay = 0\n").unwrap();
    let library = dir.path().join("library");
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("--library"),
        library.as_os_str(),
        OsStr::new("--config"),
        config.as_os_str(),
        OsStr::new("import"),
    ];
    args.extend(urls.iter().map(OsStr::new));
    let mut hark = Hark::spawn(&args, dir.path());
    hark.wait_for("the progress bar", |screen| {
        screen
            .contents()
            .lines()
            .any(|l| l.contains(&format!("/{PAGES} pages")) && l.contains("left"))
    });
    let status = hark.exit_status();
    assert!(status.success(), "{status:?}");
    let screen = hark.screen().contents();
    assert!(
        screen.contains(&format!("imported {PAGES}, unchanged 0, failed 0")),
        "{screen}"
    );
    assert!(!screen.contains("pages ·"), "the bar is cleared:\n{screen}");
    assert!(!hark.screen().hide_cursor(), "the cursor is back");
    assert_eq!(
        screen
            .matches("Lighthouse Keepers Return To Gull Island")
            .count(),
        PAGES
    );
}

#[test]
fn an_open_story_from_the_web_shows_its_address_as_a_hyperlink() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/html/npr-transcript.html");
    support::import(&library, &[page]);
    let mut hark = Hark::spawn(&[OsStr::new("--library"), library.as_os_str()], dir.path());
    hark.wait_for("the story list", |s| {
        s.contents().contains("Lighthouse Keepers")
    });
    hark.send("\r");
    hark.wait_for("the address under the transcript", |s| {
        s.contents()
            .contains("https://www.npr.org/transcripts/900000001")
    });
    // The link is written over the frame just after it is drawn.
    hark.wait_for_bytes(
        "an OSC 8 hyperlink",
        b"\x1b]8;;https://www.npr.org/transcripts/900000001\x1b\\",
    );
    hark.send("q");
    assert!(hark.exit_status().success());
}
