//! The progress bar of a feed's import, in a real pseudo-terminal: the
//! feed's episodes join the count once the feed is read, and the bar is
//! cleared at the end, leaving the stories and the summary.

use crate::support;

use std::ffi::OsStr;
use std::time::Duration;

use support::pty::Hark;
use support::server::{Reply, Server};

const EPISODES: usize = 8;

fn item(server: &Server, i: usize) -> String {
    format!(
        r#"<item><title>Night Shift {i}</title><guid>night-shift-{i}</guid>
        <pubDate>Mon, 0{d} Sep 2025 09:00:00 GMT</pubDate>
        <podcast:transcript url="{base}/t/{i}.vtt" type="text/vtt"/></item>"#,
        d = 1 + i % 9,
        base = server.base
    )
}

#[test]
fn a_feed_s_episodes_join_the_progress_bar() {
    let server = Server::start();
    let items: String = (0..EPISODES).map(|i| item(&server, i)).collect();
    let feed = format!(
        r#"<?xml version="1.0"?><rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0">
        <channel><title>Night Shift</title>{items}
        <item><title>Teaser</title><guid>teaser</guid></item></channel></rss>"#
    );
    server.route("/feed.xml", Reply::with_type("application/rss+xml", feed));
    for i in 0..EPISODES {
        let vtt = format!(
            "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n<v Ida Brandt>Shift {i} starts at ten.\n\n\
             00:00:03.500 --> 00:00:05.000\n<v Omar Said>And ends when the work does.\n"
        );
        // A slow server, so the bar is on screen long enough to be seen.
        let reply = Reply::Slow(
            Duration::from_millis(150),
            Box::new(Reply::with_type("text/vtt", vtt)),
        );
        server.route(&format!("/t/{i}.vtt"), reply);
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[fetch]\ndelay = 0\n").unwrap();
    let library = dir.path().join("library");
    let url = server.url("/feed.xml");
    let args: Vec<&OsStr> = vec![
        OsStr::new("--library"),
        library.as_os_str(),
        OsStr::new("--config"),
        config.as_os_str(),
        OsStr::new("import"),
        OsStr::new(&url),
    ];
    let mut hark = Hark::spawn(&args, dir.path());
    // The feed and its eight episodes with a transcript.
    let total = EPISODES + 1;
    hark.wait_for("the progress bar", |screen| {
        screen
            .contents()
            .lines()
            .any(|l| l.contains(&format!("/{total} pages")) && l.contains("/t/"))
    });
    let status = hark.exit_status();
    assert!(status.success(), "{status:?}");
    let screen = hark.screen().contents();
    assert!(
        screen.contains(&format!(
            "imported {EPISODES}, unchanged 0, failed 0, warnings 0, 1 episode without a transcript"
        )),
        "{screen}"
    );
    assert!(!screen.contains("pages ·"), "the bar is cleared:\n{screen}");
    assert_eq!(screen.matches("Night Shift ").count(), EPISODES, "{screen}");
}
