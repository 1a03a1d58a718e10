//! `hark import URL`, `--urls`, `hark parse URL` against a web server the
//! test starts on 127.0.0.1, serving the fictional pages in
//! tests/fixtures/html. Every failure a server can give is named per URL,
//! and the other URLs still go in.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::ConfiguredLibrary;
use support::server::{Reply, Server};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/html")
            .join(name),
    )
    .unwrap()
}

/// A library and a config that waits no time between requests and only a
/// second for a server that stalls, so the tests run fast.
type Setup = ConfiguredLibrary;

impl Setup {
    fn for_pages() -> Setup {
        ConfiguredLibrary::with_config("[fetch]\ndelay = 0\ntimeout = 1\nretries = 2\n")
    }

    fn import(&self, urls: &[&str]) -> Output {
        self.hark().arg("import").args(urls).output().unwrap()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A server with the four shapes of page: npr.org's transcript page, its
/// story page that links to it, an old templates/ page, a station's.
fn npr_server() -> Server {
    let server = Server::start();
    server.route(
        "/transcripts/900000001",
        Reply::html(fixture("npr-transcript.html")),
    );
    server.route(
        "/2031/04/07/900000001/lighthouse",
        Reply::html(fixture("npr-story.html")),
    );
    server.route(
        "/templates/transcript/transcript.php?storyId=100",
        Reply::with_type("text/html", fixture("templates-transcript.html")),
    );
    server
}

#[test]
fn a_transcript_page_imports_with_its_metadata_and_a_polite_user_agent() {
    let server = npr_server();
    let setup = Setup::for_pages();
    let url = server.url("/transcripts/900000001");
    let out = setup.import(&[&url]);
    assert!(out.status.success(), "{out:?}");
    assert!(text(&out.stdout).contains("Lighthouse Keepers Return To Gull Island"));
    let list = setup.json(&["list", "--json"]);
    let entry = &list[0];
    // The page names its canonical address, which is npr.org's.
    assert_eq!(entry["url"], "https://www.npr.org/transcripts/900000001");
    assert_eq!(entry["program"], "Harbor Hour");
    assert_eq!(entry["date"], "2031-04-07");
    let id = entry["id"].as_str().unwrap();
    let story = setup.json(&["show", id, "--json"]);
    assert_eq!(
        story["audio_url"],
        "https://ondemand.example.npr.org/harbor/20310407_harbor_gull.mp3?d=252"
    );
    assert_eq!(story["byline"], "Marisol Okafor");
    assert_eq!(story["speakers"][1]["name"], "Marisol Okafor");
    let quotes = setup.json(&["quotes", "--speaker", "varga", "--json"]);
    assert_eq!(
        quotes[0]["url"],
        "https://www.npr.org/transcripts/900000001"
    );
    assert_eq!(quotes[0]["program"], "Harbor Hour");
    let shown = setup.hark().args(["show", id]).output().unwrap();
    assert!(text(&shown.stdout).contains("https://www.npr.org/transcripts/900000001"));
    let md = setup
        .hark()
        .args(["quotes", "terns", "--format", "md"])
        .output()
        .unwrap();
    assert!(text(&md.stdout).contains(", <https://www.npr.org/transcripts/900000001>\n"));

    let seen = server.seen();
    assert_eq!(seen[0].path, "/robots.txt");
    assert!(
        seen.iter().all(|s| s.user_agent.starts_with("hark/")),
        "{seen:?}"
    );
}

#[test]
fn a_story_page_leads_to_its_transcript_page() {
    let server = npr_server();
    let setup = Setup::for_pages();
    let out = setup.import(&[&server.url("/2031/04/07/900000001/lighthouse")]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(server.hits("/transcripts/900000001"), 1);
    let list = setup.json(&["list", "--json"]);
    assert_eq!(list[0]["title"], "Lighthouse Keepers Return To Gull Island");
}

#[test]
fn charset_from_a_meta_tag_and_from_the_header() {
    let server = npr_server();
    let page = text(&fixture("station.html"));
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    server.route(
        "/station",
        Reply::with_type("text/html; charset=windows-1252", latin.into_owned()),
    );
    let setup = Setup::for_pages();
    let out = setup.import(&[
        &server.url("/templates/transcript/transcript.php?storyId=100"),
        &server.url("/station"),
    ]);
    assert!(out.status.success(), "{out:?}");
    let list = setup.json(&["list", "--json"]);
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Café Owners Weather The Long Winter"),
        "{titles:?}"
    );
    let station = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "Orchard Towns Split Over New Rail Stop")
        .unwrap();
    assert!(
        station["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "Renée Castellanos")
    );
}

#[test]
fn each_failure_is_named_with_its_url_and_the_rest_go_in() {
    let server = npr_server();
    server.route("/loop", Reply::redirect("/loop"));
    server.route(
        "/report.pdf",
        Reply::with_type("application/pdf", b"%PDF-1.7 ...".to_vec()),
    );
    server.route("/pdf-as-html", Reply::html(b"%PDF-1.4\n%\xe2\xe3".to_vec()));
    server.route("/stall", Reply::Stall);
    server.route(
        "/huge",
        Reply::Endless {
            bytes: 100 * 1024 * 1024,
        },
    );
    server.route("/soups", Reply::html(fixture("no-transcript.html")));
    let setup = Setup::for_pages();
    let urls = [
        server.url("/missing"),
        server.url("/loop"),
        server.url("/report.pdf"),
        server.url("/pdf-as-html"),
        server.url("/stall"),
        server.url("/huge"),
        server.url("/soups"),
        closed_port_url(),
        server.url("/transcripts/900000001"),
    ];
    let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
    let out = setup.import(&refs);
    assert!(!out.status.success());
    let errors = text(&out.stderr);
    let expect = [
        (&urls[0], "HTTP status 404"),
        (&urls[1], "redirect loop"),
        (&urls[2], "not an HTML page (application/pdf)"),
        (&urls[3], "not an HTML page (application/pdf)"),
        (&urls[4], "timed out"),
        (&urls[5], "larger than 16 MB"),
        (&urls[6], "no transcript on the page"),
        (&urls[7], "refused the connection"),
    ];
    for (url, problem) in expect {
        let line = errors
            .lines()
            .find(|l| l.contains(url.as_str()))
            .unwrap_or_else(|| panic!("no error for {url}:\n{errors}"));
        assert!(line.contains(problem), "{line}");
    }
    let summary = text(&out.stdout);
    assert!(
        summary.contains("imported 1, unchanged 0, failed 8"),
        "{summary}"
    );
}

/// An address on 127.0.0.1 where nothing listens any more.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/x", listener.local_addr().unwrap());
    drop(listener);
    url
}

#[test]
fn a_503_and_a_429_with_retry_after_succeed_on_retry() {
    let server = Server::start();
    let page = Box::new(Reply::html(fixture("npr-transcript.html")));
    server.route(
        "/busy",
        Reply::FailThen {
            times: 1,
            status: 503,
            retry_after: None,
            page: page.clone(),
        },
    );
    server.route(
        "/limited",
        Reply::FailThen {
            times: 1,
            status: 429,
            retry_after: Some("1".into()),
            page: Box::new(Reply::html(fixture("station.html"))),
        },
    );
    server.route(
        "/down",
        Reply::FailThen {
            times: 99,
            status: 500,
            retry_after: None,
            page,
        },
    );
    let setup = Setup::for_pages();
    let out = setup.import(&[
        &server.url("/busy"),
        &server.url("/limited"),
        &server.url("/down"),
    ]);
    assert_eq!(server.hits("/busy"), 2);
    assert_eq!(server.hits("/limited"), 2);
    // Tried once and then as often as `retries` (2) allows.
    assert_eq!(server.hits("/down"), 3);
    let errors = text(&out.stderr);
    assert!(
        errors.contains(&format!("{}: HTTP status 500", server.url("/down"))),
        "{errors}"
    );
    assert!(text(&out.stdout).contains("imported 2, unchanged 0, failed 1"));
}

#[test]
fn robots_txt_is_honoured() {
    let server = npr_server();
    server.route(
        "/robots.txt",
        Reply::with_type(
            "text/plain",
            b"User-agent: hark\nDisallow: /transcripts/\n".to_vec(),
        ),
    );
    let setup = Setup::for_pages();
    let url = server.url("/transcripts/900000001");
    let out = setup.import(&[&url]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains(&format!("{url}: robots.txt asks")));
    assert_eq!(server.hits("/transcripts/900000001"), 0);
}

#[test]
fn a_changed_page_updates_its_story_in_place_and_an_unchanged_one_stores_nothing() {
    let server = npr_server();
    let setup = Setup::for_pages();
    let url = server.url("/transcripts/900000001");
    assert!(setup.import(&[&url]).status.success());
    let before = setup.json(&["list", "--json"]);
    let id = before[0]["id"].as_str().unwrap().to_string();

    let again = setup.import(&[&url]);
    assert!(
        text(&again.stdout).contains("imported 0, unchanged 1, failed 0"),
        "{again:?}"
    );

    let corrected = text(&fixture("npr-transcript.html")).replace(
        "Somebody has to count the terns.",
        "Somebody has to count the terns. And the puffins.",
    );
    server.route("/transcripts/900000001", Reply::html(corrected));
    let updated = setup.import(&[&url]);
    assert!(text(&updated.stdout).contains("updated 1"), "{updated:?}");
    let after = setup.json(&["list", "--json"]);
    assert_eq!(after.as_array().unwrap().len(), 1);
    assert_eq!(after[0]["id"], id.as_str());
    let story = setup.json(&["show", &id, "--json"]);
    assert!(story.to_string().contains("And the puffins."));
    let quotes = setup.json(&["quotes", "puffins", "--json"]);
    assert_eq!(
        quotes.as_array().unwrap().len(),
        1,
        "the index holds the new text"
    );

    let once_more = setup.import(&[&url]);
    assert!(
        text(&once_more.stdout).contains("unchanged 1"),
        "{once_more:?}"
    );
}

#[test]
fn urls_from_a_file_or_stdin_with_comments() {
    let server = npr_server();
    let setup = Setup::for_pages();
    let list = format!(
        "# the lighthouse story\n{}\n\n   # and an old one\n{}  # trailing comment\n",
        server.url("/transcripts/900000001"),
        server.url("/templates/transcript/transcript.php?storyId=100"),
    );
    std::fs::write(setup.path("urls.txt"), &list).unwrap();
    let out = setup
        .hark()
        .args(["import", "--urls"])
        .arg(setup.path("urls.txt"))
        .output()
        .unwrap();
    assert!(
        text(&out.stdout).contains("imported 2, unchanged 0, failed 0"),
        "{out:?}"
    );
    let from_stdin = setup
        .hark()
        .args(["import", "--urls", "-"])
        .write_stdin(list)
        .output()
        .unwrap();
    assert!(
        text(&from_stdin.stdout).contains("unchanged 2"),
        "{from_stdin:?}"
    );
}

#[test]
fn parse_a_url_prints_the_story_and_stores_nothing() {
    let server = npr_server();
    let setup = Setup::for_pages();
    let story = setup.json(&["parse", &server.url("/transcripts/900000001")]);
    assert_eq!(story["title"], "Lighthouse Keepers Return To Gull Island");
    assert_eq!(story["program"], "Harbor Hour");
    assert_eq!(story["date"], "2031-04-07");
    let missing = setup
        .hark()
        .args(["parse", &server.url("/nope")])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("HTTP status 404"));
    assert_eq!(setup.json(&["list", "--json"]), serde_json::json!([]));
}

#[test]
fn a_bad_fetch_setting_is_named_with_a_suggestion() {
    let setup = Setup::for_pages();
    std::fs::write(setup.path("config.toml"), "[fetch]\ndelai = 2\n").unwrap();
    let out = setup.hark().args(["list"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("unknown key `delai` (did you mean `delay`?)"),
        "{out:?}"
    );
}

#[test]
fn redirects_are_followed_and_gzip_is_undone() {
    use std::io::Write;
    let server = npr_server();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&fixture("station.html")).unwrap();
    server.route(
        "/zipped",
        Reply::Page {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "text/html; charset=utf-8".into()),
                ("Content-Encoding".into(), "gzip".into()),
            ],
            body: gz.finish().unwrap(),
        },
    );
    server.route("/old-address", Reply::redirect("/zipped"));
    server.route("/moved-away", Reply::redirect("/gone"));
    let setup = Setup::for_pages();
    let out = setup.import(&[&server.url("/old-address"), &server.url("/moved-away")]);
    // A failure after a redirect is named by the address asked for.
    let errors = text(&out.stderr);
    assert!(
        errors.contains(&format!("{}: HTTP status 404", server.url("/moved-away"))),
        "{errors}"
    );
    assert_eq!(server.hits("/zipped"), 1);
    let list = setup.json(&["list", "--json"]);
    assert_eq!(list[0]["title"], "Orchard Towns Split Over New Rail Stop");
}
