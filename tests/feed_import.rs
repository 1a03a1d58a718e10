//! `hark import FEED_URL`, `hark feeds` and `hark update` against a web
//! server the test starts on 127.0.0.1, serving the fictional feeds and
//! transcripts in tests/fixtures/feeds. Never the internet.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use support::ConfiguredLibrary;
use support::server::{Reply, Server};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap()
}

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(name)
}

/// A feed fixture with its addresses on `server`.
fn feed_on(server: &Server, name: &str) -> String {
    String::from_utf8(fixture(name))
        .unwrap()
        .replace("{base}", &server.base)
}

/// An episode published after the feed was first imported.
const FOURTH_EPISODE: &str = r#"<item>
      <title>The Lamplighter</title>
      <guid isPermaLink="false">lantern-street-4</guid>
      <link>{base}/lantern-street/4</link>
      <pubDate>Mon, 19 May 2025 09:00:00 GMT</pubDate>
      <podcast:transcript url="{base}/transcripts/4.vtt" type="text/vtt"/>
    </item>"#;

const FOURTH_TRANSCRIPT: &str = "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n\
    <v Noor Haddad>One lamp on Lantern Street is still lit by hand.\n\n\
    00:00:03.500 --> 00:00:06.000\n<v Pia Lund>Mine. Every dusk, for the tourists and for me.\n";

/// Lantern Street's feed and transcripts, as a podcast host would serve
/// them; the transcript of "The Lost Tape" is missing (404).
fn lantern_server() -> Server {
    let server = Server::start();
    server.route(
        "/lantern-street/feed.xml",
        Reply::with_type(
            "application/rss+xml; charset=utf-8",
            feed_on(&server, "lantern-street.rss"),
        ),
    );
    let transcripts = [
        ("3.json", "application/json"),
        ("3.srt", "application/x-subrip"),
        ("2.vtt", "text/vtt"),
        ("2.srt", "application/srt"),
        ("1.srt", "application/x-subrip"),
    ];
    for (name, kind) in transcripts {
        server.route(
            &format!("/transcripts/{name}"),
            Reply::with_type(kind, fixture(name)),
        );
    }
    server
}

/// A library and a config that waits no time between requests.
type Setup = ConfiguredLibrary;

impl Setup {
    fn for_feeds() -> Setup {
        ConfiguredLibrary::with_config("[fetch]\ndelay = 0\ntimeout = 2\nretries = 0\n")
    }

    fn run(&self, args: &[&str]) -> Output {
        self.hark().args(args).output().unwrap()
    }

    /// The stories in the library, by title.
    fn stories(&self) -> Vec<Value> {
        let mut list = self.json(&["list", "--json"]).as_array().unwrap().clone();
        list.sort_by_key(|s| s["title"].as_str().unwrap_or_default().to_string());
        list
    }

    fn story(&self, title: &str) -> Value {
        let entry = self
            .stories()
            .into_iter()
            .find(|s| s["title"] == title)
            .unwrap_or_else(|| panic!("no story {title:?}"));
        self.json(&["show", "--json", entry["id"].as_str().unwrap()])
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn speakers(story: &Value) -> Vec<&str> {
    story["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect()
}

#[test]
fn a_feed_imports_every_episode_with_a_transcript() {
    let server = lantern_server();
    let setup = Setup::for_feeds();
    let feed = server.url("/lantern-street/feed.xml");
    let out = setup.run(&["import", &feed]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));

    // The missing transcript is a failure named by its address; the
    // trailer, with no transcript at all, is only counted.
    assert!(!out.status.success(), "{stdout}\n{stderr}");
    let lost = server.url("/transcripts/lost.vtt");
    assert!(
        stderr.contains(&format!("{lost}: HTTP status 404")),
        "{stderr}"
    );
    assert!(
        stdout.contains(
            "imported 3, unchanged 0, failed 1, warnings 0, 1 episode without a transcript"
        ),
        "{stdout}"
    );
    assert!(!stderr.contains("Trailer"), "{stderr}");

    let titles: Vec<_> = setup.stories().iter().map(|s| s["title"].clone()).collect();
    assert_eq!(
        titles,
        ["Night Bakers", "The Bridge Painters", "The Last Tram"]
    );

    // JSON before SRT, VTT before SRT: the captions were never fetched.
    assert_eq!(server.hits("/transcripts/3.srt"), 0);
    assert_eq!(server.hits("/transcripts/2.srt"), 0);

    let bakers = setup.story("Night Bakers");
    assert_eq!(bakers["program"], "Lantern Street");
    assert_eq!(bakers["date"], "2025-05-12");
    assert_eq!(bakers["url"], server.url("/lantern-street/3"));
    assert_eq!(
        bakers["audio_url"],
        server.url("/audio/lantern-street-3.mp3")
    );
    assert_eq!(speakers(&bakers), ["Noor Haddad", "Tomas Berg"]);
    assert_eq!(bakers["turns"][2]["start_ms"], 9600);

    let painters = setup.story("The Bridge Painters");
    assert_eq!(painters["date"], "2025-05-05");
    assert_eq!(speakers(&painters), ["Noor Haddad", "Ines Alvarez"]);

    let tram = setup.story("The Last Tram");
    assert_eq!(server.hits("/transcripts/1.srt"), 1);
    assert_eq!(speakers(&tram), ["Noor Haddad", "Walt Kimura"]);
    assert_eq!(tram["program"], "Lantern Street");
}

#[test]
fn importing_a_feed_again_finds_its_stories() {
    let server = lantern_server();
    let setup = Setup::for_feeds();
    let feed = server.url("/lantern-street/feed.xml");
    setup.run(&["import", &feed]);
    let ids: Vec<_> = setup.stories().iter().map(|s| s["id"].clone()).collect();
    let out = setup.run(&["import", &feed]);
    assert!(
        text(&out.stdout).contains("imported 0, unchanged 3, failed 1"),
        "{out:?}"
    );
    let again: Vec<_> = setup.stories().iter().map(|s| s["id"].clone()).collect();
    assert_eq!(ids, again);
}

#[test]
fn feeds_are_listed_with_their_episodes() {
    let server = lantern_server();
    let setup = Setup::for_feeds();
    let feed = server.url("/lantern-street/feed.xml");
    let empty = setup.run(&["feeds"]);
    assert!(empty.status.success());
    assert!(text(&empty.stderr).contains("No feeds yet"), "{empty:?}");

    setup.run(&["import", &feed]);
    let feeds = setup.json(&["feeds", "--json"]);
    let feeds = feeds.as_array().unwrap();
    assert_eq!(feeds.len(), 1);
    assert_eq!(feeds[0]["url"], feed);
    assert_eq!(feeds[0]["title"], "Lantern Street");
    assert_eq!(feeds[0]["episodes"], 3);
    let guids: Vec<_> = feeds[0]["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["guid"].as_str().unwrap())
        .collect();
    assert_eq!(
        guids,
        ["lantern-street-3", "lantern-street-2", "lantern-street-1"]
    );
    let ids: Vec<_> = setup.stories().iter().map(|s| s["id"].clone()).collect();
    for story in feeds[0]["stories"].as_array().unwrap() {
        assert!(ids.contains(&story["id"]), "{story}");
    }
    assert!(feeds[0]["updated_at"].as_str().is_some());

    let out = setup.run(&["feeds"]);
    let listed = text(&out.stdout);
    assert!(
        listed.contains("Lantern Street  3 episodes · updated "),
        "{listed}"
    );
    assert!(listed.contains(&feed), "{listed}");
}

#[test]
fn update_imports_only_the_new_episodes() {
    let server = lantern_server();
    let setup = Setup::for_feeds();
    let feed = server.url("/lantern-street/feed.xml");
    setup.run(&["import", &feed]);
    let fetched_before = server.hits("/transcripts/3.json");

    // Nothing new: nothing fetched but the feed (the lost tape is tried
    // again: it was never imported).
    let out = setup.run(&["update"]);
    assert!(
        text(&out.stdout).contains("imported 0, unchanged 0"),
        "{out:?}"
    );
    assert_eq!(server.hits("/lantern-street/feed.xml"), 2);

    // The lost tape turns up, and a new episode is published.
    let newer = feed_on(&server, "lantern-street.rss").replace(
        "<!-- newer episodes -->",
        &FOURTH_EPISODE.replace("{base}", &server.base),
    );
    server.route(
        "/lantern-street/feed.xml",
        Reply::with_type("application/rss+xml", newer),
    );
    server.route(
        "/transcripts/4.vtt",
        Reply::with_type("text/vtt", FOURTH_TRANSCRIPT),
    );
    server.route(
        "/transcripts/lost.vtt",
        Reply::with_type("text/vtt", fixture("harbor-8.vtt")),
    );
    let out = setup.run(&["update"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains(
            "imported 2, unchanged 0, failed 0, warnings 0, 1 episode without a transcript"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("The Lamplighter"), "{stdout}");
    assert_eq!(server.hits("/transcripts/3.json"), fetched_before);
    assert_eq!(server.hits("/transcripts/4.vtt"), 1);

    let lamplighter = setup.story("The Lamplighter");
    assert_eq!(lamplighter["program"], "Lantern Street");
    assert_eq!(lamplighter["date"], "2025-05-19");
    assert_eq!(setup.stories().len(), 5);
    assert_eq!(setup.json(&["feeds", "--json"])[0]["episodes"], 5);

    // And once more: nothing left to import.
    let out = setup.run(&["update"]);
    assert!(
        text(&out.stdout).contains("imported 0, unchanged 0, failed 0"),
        "{out:?}"
    );
    assert_eq!(server.hits("/transcripts/4.vtt"), 1);
}

#[test]
fn update_names_a_feed_that_is_gone() {
    let server = lantern_server();
    let setup = Setup::for_feeds();
    let feed = server.url("/lantern-street/feed.xml");
    setup.run(&["import", &feed]);
    server.route("/lantern-street/feed.xml", Reply::status(410));
    let out = setup.run(&["update"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains(&format!("{feed}: HTTP status 410")),
        "{out:?}"
    );
}

#[test]
fn reparse_keeps_what_the_feed_said() {
    let server = lantern_server();
    let setup = Setup::for_feeds();
    setup.run(&["import", &server.url("/lantern-street/feed.xml")]);
    let before = setup.story("Night Bakers");
    let id = before["id"].as_str().unwrap();
    let out = setup.run(&["reparse", id]);
    assert!(out.status.success(), "{out:?}");
    let after = setup.json(&["show", "--json", id]);
    assert_eq!(after["title"], "Night Bakers");
    assert_eq!(after["program"], "Lantern Street");
    assert_eq!(after["date"], "2025-05-12");
    assert_eq!(after["url"], server.url("/lantern-street/3"));
    assert_eq!(after["warnings"], before["warnings"]);
    assert_eq!(after, before);

    // A correction still wins over the feed, and survives a reparse too.
    let fix = setup.run(&["fix", id, "--title", "Bakers at Night"]);
    assert!(fix.status.success(), "{fix:?}");
    setup.run(&["reparse", id]);
    let fixed = setup.json(&["show", "--json", id]);
    assert_eq!(fixed["title"], "Bakers at Night");
    assert_eq!(fixed["program"], "Lantern Street");
}

#[test]
fn atom_feeds_import_too() {
    let server = Server::start();
    server.route(
        "/harbor-hour.atom",
        Reply::with_type("application/atom+xml", feed_on(&server, "harbor-hour.atom")),
    );
    server.route(
        "/transcripts/harbor-8.vtt",
        Reply::with_type("text/vtt", fixture("harbor-8.vtt")),
    );
    let setup = Setup::for_feeds();
    let out = setup.run(&["import", &server.url("/harbor-hour.atom")]);
    assert!(out.status.success(), "{out:?}");
    let story = setup.story("The Fog Horn Keeper");
    assert_eq!(story["program"], "Harbor Hour");
    assert_eq!(story["date"], "2025-06-02");
    assert_eq!(story["url"], server.url("/harbor-hour/8"));
    assert_eq!(story["audio_url"], server.url("/audio/harbor-hour-8.mp3"));
    assert_eq!(speakers(&story), ["Ada Quist", "Lars Odum"]);
}

#[test]
fn a_feed_served_as_plain_xml_or_text_is_still_a_feed() {
    for kind in ["text/xml", "text/plain", "application/octet-stream"] {
        let server = lantern_server();
        server.route(
            "/lantern-street/feed.xml",
            Reply::with_type(kind, feed_on(&server, "lantern-street.rss")),
        );
        let setup = Setup::for_feeds();
        let out = setup.run(&["import", &server.url("/lantern-street/feed.xml")]);
        let stdout = text(&out.stdout);
        if kind == "application/octet-stream" {
            // Not a type a page or a feed is served as: refused unread.
            assert!(text(&out.stderr).contains("not an HTML page"), "{out:?}");
            continue;
        }
        assert!(stdout.contains("imported 3"), "{kind}: {stdout}");
    }
}

#[test]
fn a_feed_is_not_parsed_as_a_story() {
    let server = lantern_server();
    let setup = Setup::for_feeds();
    let out = setup.run(&["parse", &server.url("/lantern-street/feed.xml")]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("a podcast feed, not a transcript"),
        "{out:?}"
    );
    assert!(out.stdout.is_empty());

    let file = fixture_path("lantern-street.rss");
    let file = file.to_str().unwrap();
    let out = setup.run(&["parse", file]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("a podcast feed, not a transcript"),
        "{out:?}"
    );

    let out = setup.run(&["import", file, &fixture_path("1.srt").to_string_lossy()]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("lantern-street.rss: a podcast feed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("feeds are imported by their address"),
        "{stderr}"
    );
    assert!(
        text(&out.stdout).contains("imported 1, unchanged 0, failed 1"),
        "{out:?}"
    );
    assert_eq!(setup.stories().len(), 1);
}
