//! Originals, reparse and corrections, and dates shown honestly: the
//! command line run as a user would, each test on its own library.

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use hark::{Library, Warning, WarningKind, parse};
use serde_json::Value;
use tempfile::TempDir;

/// A member-station page with a dateline.
const DATED: &str = "\
Talks Stall Over The Harbor

Published October 3, 2016 at 5:10 PM EDT

DANA WHITFIELD, BYLINE: Negotiators left the table at 6:15.

SMITH: We asked for a plan and got none.

WHITFIELD: Smith runs the dock workers' union.
";

/// No date anywhere on the page.
const UNDATED: &str = "\
Bridge Vote Delayed Again

TOMAS REYES, HOST: The bridge vote is off again.

AGATA SZYMAŃSKA: The harbor needs that bridge.
";

/// Two people the parser keeps apart, whom the reader knows to be one.
const TWO_DOES: &str = "\
Ferry Fares Rise

JOHN DOE, HOST: Fares go up on Monday.

MARY ROE: Riders are not happy.

JOHNNY DOE: That was me again, the host.
";

struct Env {
    library: TempDir,
    files: TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            library: tempfile::tempdir().unwrap(),
            files: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.files.path().join(name);
        fs::write(&path, text).unwrap();
        path
    }

    fn hark(&self) -> Command {
        let mut cmd = Command::cargo_bin("hark").unwrap();
        cmd.arg("--library")
            .arg(self.library.path())
            .env_remove("HARK_LIBRARY")
            .env_remove("HARK_CONFIG")
            .env("NO_COLOR", "1");
        cmd
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self
            .hark()
            .args(args)
            .assert()
            .success()
            .get_output()
            .clone();
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.run(args)).unwrap()
    }

    /// Imports `text` as `name`; returns the story's id.
    fn import(&self, name: &str, text: &str) -> String {
        let path = self.file(name, text);
        let out = self.run(&["import", path.to_str().unwrap()]);
        out.split_whitespace().next().unwrap().to_string()
    }

    /// Puts `story` over story `id` as an older parser stored it.
    fn store_stale(&self, id: &str, story: &Value) {
        crate::support::store_story(self.library.path(), id, story);
    }
}

fn today() -> String {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string()
}

fn speaker_names(story: &Value) -> Vec<String> {
    story["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn import_keeps_the_original_compressed() {
    let env = Env::new();
    let id = env.import("dated.txt", DATED);
    let conn = rusqlite::Connection::open(env.library.path().join("library.sqlite3")).unwrap();
    let original: Vec<u8> = conn
        .query_row(
            "SELECT packed FROM originals WHERE story_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(original.len() < DATED.len(), "compressed");
    let bytes = zstd::decode_all(&original[..]).unwrap();
    assert_eq!(bytes, DATED.as_bytes());
}

#[test]
fn fix_sets_title_date_program_and_speaker() {
    let env = Env::new();
    let id = env.import("undated.txt", UNDATED);
    env.run(&[
        "fix",
        &id[..6],
        "--title",
        "The Bridge Vote",
        "--date",
        "2016-10-03",
        "--program",
        "Weekend Edition",
        "--speaker",
        "REYES=Tomás Reyes",
    ]);
    let story = env.json(&["show", &id, "--json"]);
    assert_eq!(story["id"], id.as_str());
    assert_eq!(story["title"], "The Bridge Vote");
    assert_eq!(story["date"], "2016-10-03");
    assert_eq!(story["program"], "Weekend Edition");
    assert_eq!(speaker_names(&story), ["Tomás Reyes", "Agata Szymańska"]);
    assert_eq!(story["turns"][0]["speaker"], "Tomás Reyes");
    let list = env.json(&["list", "--json"]);
    assert_eq!(list[0]["title"], "The Bridge Vote");
    assert_eq!(list[0]["date"], "2016-10-03");
    assert_eq!(list[0]["program"], "Weekend Edition");
    let md = env.run(&["quotes", "--speaker", "reyes", "--format", "md"]);
    assert_eq!(
        md,
        "> The bridge vote is off again.\n\n— Tomás Reyes, “The Bridge Vote”, Weekend Edition, 2016-10-03\n\n"
    );
}

#[test]
fn fix_refuses_a_speaker_the_story_does_not_have_and_keeps_nothing() {
    let env = Env::new();
    let id = env.import("undated.txt", UNDATED);
    env.hark()
        .args(["fix", &id, "--title", "X", "--speaker", "NOBODY=No One"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("no speaker \"NOBODY\""));
    assert_eq!(
        env.json(&["show", &id, "--json"])["title"],
        "Bridge Vote Delayed Again"
    );
    env.hark()
        .args(["fix", &id, "--speaker", "no equals sign"])
        .assert()
        .failure();
    env.hark().args(["fix", &id]).assert().failure();
}

#[test]
fn fix_refuses_a_blank_title_and_an_empty_program_clears_it() {
    let env = Env::new();
    let id = env.import("dated.txt", DATED);
    env.hark()
        .args(["fix", &id, "--title", "   "])
        .assert()
        .failure()
        .stderr(predicates::str::contains("a title needs words"));
    env.run(&["fix", &id, "--program", "Harbor Hour"]);
    assert_eq!(env.json(&["show", &id, "--json"])["program"], "Harbor Hour");
    env.run(&["fix", &id, "--program", ""]);
    let story = env.json(&["show", &id, "--json"]);
    assert_eq!(story["title"], "Talks Stall Over The Harbor");
    assert_eq!(story["program"], Value::Null);
    let md = env.run(&["quotes", "--format", "md", "plan"]);
    assert!(
        md.contains("— Smith, “Talks Stall Over The Harbor”, 2016-10-03"),
        "no empty title or program in the attribution: {md}"
    );
}

#[test]
fn fix_speaker_merges_into_someone_already_there() {
    let env = Env::new();
    let id = env.import("does.txt", TWO_DOES);
    let before = env.json(&["show", &id, "--json"]);
    assert_eq!(
        speaker_names(&before),
        ["John Doe", "Mary Roe", "Johnny Doe"]
    );
    env.run(&["fix", &id, "--speaker", "JOHNNY DOE=John Doe"]);
    let after = env.json(&["show", &id, "--json"]);
    assert_eq!(speaker_names(&after), ["John Doe", "Mary Roe"]);
    assert_eq!(after["turns"][2]["speaker"], "John Doe");
    let speakers = env.json(&["speakers", "--json"]);
    let john = speakers
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "John Doe")
        .unwrap();
    assert_eq!(john["turns"], 2, "{speakers}");
}

#[test]
fn reparse_keeps_ids_and_corrections() {
    let env = Env::new();
    let id = env.import("dated.txt", DATED);
    let other = env.import("undated.txt", UNDATED);
    env.run(&[
        "fix",
        &id,
        "--title",
        "Harbor Talks",
        "--speaker",
        "SMITH=Agnes Smith",
    ]);
    let fixed = env.json(&["show", &id, "--json"]);
    // An older parser's story: a wrong title, a speech turn lost.
    let mut stale = fixed.clone();
    stale["title"] = "Published October 3, 2016".into();
    stale["turns"].as_array_mut().unwrap().pop();
    env.store_stale(&id, &stale);

    let out = env.run(&["reparse"]);
    assert!(out.contains(&format!("{id}  re-parsed")), "{out}");
    assert!(out.contains("changed 1, unchanged 1"), "{out}");
    let again = env.json(&["show", &id, "--json"]);
    assert_eq!(again, fixed, "the same story, id and corrections");
    assert_eq!(ids(&env.json(&["list", "--json"])), sorted(&[&id, &other]));
    // The indexes followed: the restored turn is found again.
    let quotes = env.json(&["quotes", "--speaker", "whitfield", "dock", "--json"]);
    assert_eq!(quotes.as_array().unwrap().len(), 1, "{quotes}");

    // One story by id prefix.
    env.store_stale(&id, &stale);
    let out = env.run(&["reparse", &id[..5]]);
    assert!(out.contains("changed 1, unchanged 0"), "{out}");
    assert_eq!(env.json(&["show", &id, "--json"]), fixed);
}

#[test]
fn reparse_of_many_stories_writes_only_what_changed() {
    let env = Env::new();
    let mut ids = Vec::new();
    for n in 0..12 {
        let text = format!("Story {n}\n\nANA LIMA, HOST: Number {n} today.\n");
        ids.push(env.import(&format!("s{n}.txt"), &text));
    }
    for id in &ids {
        let mut story = crate::support::stored_story(env.library.path(), id);
        story["title"] = "Wrong".into();
        env.store_stale(id, &story);
    }
    let out = env.run(&["reparse"]);
    assert!(out.contains("changed 12, unchanged 0"), "{out}");
    let list = env.json(&["list", "--json"]);
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert!(titles.iter().all(|t| t.starts_with("Story ")), "{titles:?}");
    assert_eq!(
        env.json(&["quotes", "number", "--json"])
            .as_array()
            .unwrap()
            .len(),
        12
    );
    // Again, with nothing to change: no story is written again (a story
    // written goes in as a new row).
    let rows = || {
        let conn = rusqlite::Connection::open(env.library.path().join("library.sqlite3")).unwrap();
        let mut rows = conn
            .prepare("SELECT id, rowid FROM stories ORDER BY id")
            .unwrap();
        let rows = rows.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)));
        rows.unwrap().map(Result::unwrap).collect::<Vec<_>>()
    };
    let before = rows();
    assert!(env.run(&["reparse"]).contains("changed 0, unchanged 12"));
    assert_eq!(rows(), before, "not rewritten");
}

#[test]
fn a_new_parser_version_reparses_on_its_own() {
    let env = Env::new();
    let id = env.import("dated.txt", DATED);
    let good = env.json(&["show", &id, "--json"]);
    let mut stale = good.clone();
    stale["title"] = "Old Parser Title".into();
    env.store_stale(&id, &stale);
    let marker = env.library.path().join("parser-version");
    assert!(marker.is_file(), "stamped by the first command");
    fs::write(&marker, "0\n").unwrap();
    let list = env.json(&["list", "--json"]);
    assert_eq!(list[0]["title"], "Talks Stall Over The Harbor");
    assert_eq!(env.json(&["show", &id, "--json"]), good);
    assert_ne!(fs::read_to_string(&marker).unwrap().trim(), "0");
}

#[test]
fn stories_imported_before_originals_cannot_be_reparsed_and_say_so() {
    let env = Env::new();
    let id = env.import("dated.txt", DATED);
    // As an older hark stored it: the story's JSON alone, no original.
    let story = crate::support::stored_story(env.library.path(), &id);
    env.store_stale(&id, &story);
    crate::support::sql(env.library.path(), "DELETE FROM originals");
    let out = env.run(&["reparse"]);
    assert!(out.contains(&format!("{id}  cannot be re-parsed")), "{out}");
    assert!(out.contains("without original 1, failed 0"), "{out}");
    // Importing the file again keeps its original from then on.
    env.import("dated.txt", DATED);
    assert!(env.run(&["reparse"]).contains("unchanged 1"));
}

#[test]
fn corrections_survive_reimport() {
    let env = Env::new();
    let id = env.import("undated.txt", UNDATED);
    env.run(&[
        "fix",
        &id,
        "--title",
        "The Bridge Vote",
        "--date",
        "2016-10-03",
        "--program",
        "Weekend Edition",
        "--speaker",
        "REYES=Tomás Reyes",
    ]);
    let fixed = env.json(&["show", &id, "--json"]);
    // Again while it is there: nothing changes.
    assert_eq!(env.import("undated.txt", UNDATED), id);
    assert_eq!(env.json(&["show", &id, "--json"]), fixed);
    // Removed and imported afresh: the corrections come back with it.
    env.run(&["rm", &id]);
    assert_eq!(env.import("undated-again.txt", UNDATED), id);
    let again = env.json(&["show", &id, "--json"]);
    assert_eq!(again["title"], "The Bridge Vote");
    assert_eq!(again["date"], "2016-10-03");
    assert_eq!(again["program"], "Weekend Edition");
    assert_eq!(speaker_names(&again), ["Tomás Reyes", "Agata Szymańska"]);
}

#[test]
fn a_story_without_air_date_never_shows_the_import_date_as_its_date() {
    let env = Env::new();
    let id = env.import("undated.txt", UNDATED);
    let today = today();
    let list = env.run(&["list"]);
    assert!(!list.contains(&today), "{list}");
    assert!(list.contains("undated"), "{list}");
    let entry = &env.json(&["list", "--json"])[0];
    assert_eq!(entry["date"], Value::Null);
    assert!(entry["imported_at"].as_str().unwrap().starts_with(&today));
    // `show` may name the import date, but only as such.
    let show = env.run(&["show", &id]);
    assert!(
        show.contains(&format!("no air date (imported {today})")),
        "{show}"
    );
    assert_eq!(show.matches(&today).count(), 1, "{show}");
    assert_eq!(env.json(&["show", &id, "--json"])["date"], Value::Null);
    for format in ["txt", "md", "json"] {
        let quotes = env.run(&["quotes", "--format", format]);
        assert!(!quotes.contains(&today), "{format}: {quotes}");
        assert!(quotes.contains("Bridge Vote Delayed Again"), "{quotes}");
    }
    let json = env.json(&["quotes", "--json"]);
    assert_eq!(json[0]["date"], Value::Null);
}

#[test]
fn a_dated_story_shows_its_air_date_everywhere() {
    let env = Env::new();
    let id = env.import("dated.txt", DATED);
    assert!(env.run(&["list"]).contains("2016-10-03"));
    assert!(env.run(&["show", &id]).contains("2016-10-03"));
    let md = env.run(&["quotes", "--speaker", "whitfield", "--format", "md"]);
    assert!(
        md.contains("“Talks Stall Over The Harbor”, 2016-10-03"),
        "{md}"
    );
}

#[test]
fn check_lists_the_stories_with_warnings() {
    let env = Env::new();
    // A page with a headline, a date and full names leaves the parser sure.
    let clean = env.import(
        "sure.txt",
        "Ferry Fares Rise\n\nPublished May 4, 2019 at 8:00 AM EDT\n\n\
         DANA WHITFIELD, BYLINE: Fares rise on Monday.\n\n\
         OTIS KEEL: We saw it coming.\n",
    );
    let mut unsure = parse(
        UNDATED.as_bytes(),
        Some("undated.txt"),
        jiff::Timestamp::now(),
    )
    .unwrap();
    unsure.warnings = vec![
        Warning {
            kind: WarningKind::UnresolvedLabel,
            detail: "SMITH".into(),
        },
        Warning {
            kind: WarningKind::TitleNotFound,
            detail: String::new(),
        },
    ];
    Library::open(env.library.path())
        .unwrap()
        .add(&unsure)
        .unwrap();

    let check = env.json(&["check", "--json"]);
    assert_eq!(check.as_array().unwrap().len(), 1, "{check}");
    assert_eq!(check[0]["id"], unsure.id.as_str());
    assert_eq!(check[0]["warnings"][0]["kind"], "unresolved_label");
    assert_eq!(check[0]["warnings"][0]["detail"], "SMITH");
    let text = env.run(&["check"]);
    assert!(text.contains(&unsure.id), "{text}");
    assert!(
        text.contains("  ! a label that matched no full name: SMITH"),
        "{text}"
    );
    assert!(!text.contains(&clean), "{text}");
    let show = env.json(&["show", &unsure.id, "--json"]);
    assert_eq!(show["warnings"].as_array().unwrap().len(), 2);
    assert_eq!(
        env.json(&["show", &clean, "--json"])["warnings"],
        Value::Array(vec![])
    );
    let list = env.json(&["list", "--json"]);
    let counts: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].clone(), e["warnings"].clone()))
        .collect();
    assert!(
        counts.contains(&(Value::from(unsure.id.as_str()), Value::from(2))),
        "{counts:?}"
    );

    // Correcting the title answers its warning; the label's stays.
    env.run(&["fix", &unsure.id, "--title", "Harbor Talks"]);
    let check = env.json(&["check", "--json"]);
    assert_eq!(check[0]["warnings"].as_array().unwrap().len(), 1, "{check}");
}

#[test]
fn parse_prints_warnings_date_and_program_always() {
    let env = Env::new();
    let path = env.file("undated.txt", UNDATED);
    let story = env.json(&["parse", path.to_str().unwrap()]);
    assert!(story["warnings"].is_array(), "{story}");
    assert_eq!(story["date"], Value::Null);
    assert!(story.get("program").is_some());
}

#[test]
fn speakers_give_each_role_with_its_story_count() {
    let env = Env::new();
    env.import("a.txt", "A\n\nANA LIMA, HOST: One.\n");
    env.import("b.txt", "B\n\nANA LIMA, BYLINE: Two.\n");
    env.import("c.txt", "C\n\nANA LIMA, HOST: Three.\n");
    let speakers = env.json(&["speakers", "--json"]);
    assert_eq!(speakers[0]["name"], "Ana Lima");
    assert_eq!(
        speakers[0]["roles"],
        serde_json::json!({"host": 2, "byline": 1})
    );
    assert!(
        speakers[0].get("role").is_none(),
        "no one role for the person"
    );
    let text = env.run(&["speakers"]);
    assert!(text.contains("Ana Lima (host 2, byline 1)"), "{text}");
}

fn ids(list: &Value) -> Vec<String> {
    let mut ids: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn sorted(ids: &[&String]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    ids.sort();
    ids
}

#[test]
fn the_list_filter_words_match_the_program() {
    use hark::Query;
    use hark::testing::for_each_story_with;
    use std::sync::atomic::AtomicBool;
    let env = Env::new();
    let id = env.import("undated.txt", UNDATED);
    env.import("dated.txt", DATED);
    env.run(&["fix", &id, "--program", "Weekend Edition"]);
    let library = Library::open_lazily(env.library.path()).unwrap();
    let filter = Query::parse("weekend edit").unwrap().bind(|_| false);
    let mut found = Vec::new();
    for_each_story_with(
        &library,
        &filter.keywords,
        &AtomicBool::new(false),
        |story| found.push(story.to_string()),
    )
    .unwrap();
    assert_eq!(found, [id.as_str()]);
    // Read one story at a time, as for files opened without a library.
    let story: hark::Story =
        serde_json::from_value(crate::support::stored_story(env.library.path(), &id)).unwrap();
    assert!(filter.matches_story(&story));
}
