//! The command line, run as a user would, each test on its own library.

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const TALKS: &str = "\
© 2025 KXYZ Valley Public Radio
Play Live Radio

Talks Stall Over The Harbor

The harbor talks stalled today. NPR's Dana Whitfield reports.

DANA WHITFIELD, BYLINE: Negotiators left the table at 6:15.

AGATA SZYMAŃSKA: We asked for a plan and got none.

WHITFIELD: Szymańska runs the dock workers' union.

(SOUNDBITE OF GULLS)

SZYMAŃSKA: The harbor will wait.
";

const BRIDGE: &str = "\
Bridge Vote Delayed Again

TOMAS REYES, HOST: The bridge vote is off again.

AGATA SZYMAŃSKA: The harbor needs that bridge.
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

    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.files.path().join(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    fn hark(&self) -> Command {
        let mut cmd = Command::cargo_bin("hark").unwrap();
        cmd.arg("--library")
            .arg(self.library.path())
            .env_remove("HARK_LIBRARY")
            .env("NO_COLOR", "1");
        cmd
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self
            .hark()
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    }
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn import_prints_each_story_and_a_summary() {
    let env = Env::new();
    let talks = env.file("talks.txt", TALKS);
    env.hark()
        .arg("import")
        .arg(&talks)
        .assert()
        .success()
        .stdout(
            predicate::str::is_match(
                r"^[0-9a-f]{12}  Talks Stall Over The Harbor\nimported 1, unchanged 0, failed 0, warnings \d+\n(\(.*\)\n)?$",
            )
            .unwrap(),
        );
    assert_eq!(ids(&env.json(&["list", "--json"])).len(), 1);
}

#[test]
fn import_skips_bad_files_names_them_and_fails() {
    let env = Env::new();
    let good = env.file("talks.txt", TALKS);
    let empty = env.file("empty.txt", "");
    let binary = env.file("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let chrome = env.file("chrome.txt", "Play Live Radio\nNext Up:\n0:00 0:00\n");
    let missing = env.files.path().join("missing.txt");
    env.hark()
        .arg("import")
        .args([&empty, &good, &binary, &chrome, &missing])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "imported 1, unchanged 0, failed 4",
        ))
        .stderr(predicate::str::contains(format!(
            "{}: the file is empty",
            empty.display()
        )))
        .stderr(predicate::str::contains(format!(
            "{}: not a text file",
            binary.display()
        )))
        .stderr(predicate::str::contains(format!(
            "{}: no transcript text found",
            chrome.display()
        )))
        .stderr(predicate::str::contains(missing.display().to_string()));
    assert_eq!(
        env.json(&["list", "--json"])[0]["title"],
        "Talks Stall Over The Harbor"
    );
}

#[test]
fn reimport_stores_nothing_new() {
    let env = Env::new();
    let talks = env.file("talks.txt", TALKS);
    env.hark().arg("import").arg(&talks).assert().success();
    let before = env.json(&["list", "--json"]);
    let crlf = env.file("talks-crlf.txt", TALKS.replace('\n', "\r\n"));
    env.hark()
        .arg("import")
        .args([&talks, &crlf])
        .assert()
        .success()
        .stdout(predicate::str::contains("(already in library)").count(2))
        .stdout(predicate::str::contains(
            "imported 0, unchanged 2, failed 0",
        ));
    assert_eq!(env.json(&["list", "--json"]), before);
}

#[test]
fn imports_folders_recursively_and_stdin() {
    let env = Env::new();
    fs::create_dir_all(env.files.path().join("a/b")).unwrap();
    env.file("a/b/talks.txt", TALKS);
    env.file("a/notes.md", "not a transcript");
    env.hark()
        .arg("import")
        .arg(env.files.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("imported 1,"));
    env.hark()
        .args(["import", "-"])
        .write_stdin(BRIDGE)
        .assert()
        .success()
        .stdout(predicate::str::contains("Bridge Vote Delayed Again"));
    assert_eq!(ids(&env.json(&["list", "--json"])).len(), 2);
}

#[test]
fn library_flag_goes_before_or_after_and_env_works() {
    let env = Env::new();
    let talks = env.file("talks.txt", TALKS);
    env.hark().arg("import").arg(&talks).assert().success();
    let lib = env.library.path();
    let mut after = Command::cargo_bin("hark").unwrap();
    after
        .args(["list", "--json", "--library"])
        .arg(lib)
        .env_remove("HARK_LIBRARY");
    assert_eq!(stories_listed(after), 1);
    let mut by_env = Command::cargo_bin("hark").unwrap();
    by_env.args(["list", "--json"]).env("HARK_LIBRARY", lib);
    assert_eq!(stories_listed(by_env), 1);
}

/// How many stories a `list --json` command prints.
fn stories_listed(mut list: Command) -> usize {
    let out = list.assert().success().get_output().stdout.clone();
    serde_json::from_slice::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn show_prints_headings_and_paragraphs_without_colour_off_a_terminal() {
    let env = Env::new();
    let talks = env.file("talks.txt", TALKS);
    env.hark().arg("import").arg(&talks).assert().success();
    let id = ids(&env.json(&["list", "--json"])).remove(0);
    let mut cmd = Command::cargo_bin("hark").unwrap();
    cmd.arg("--library")
        .arg(env.library.path())
        .args(["show", &id[..5]])
        .env_remove("NO_COLOR");
    let out = String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap();
    assert!(
        !out.contains('\x1b'),
        "no escapes when stdout is not a terminal"
    );
    assert!(out.starts_with("Talks Stall Over The Harbor\nKXYZ Valley Public Radio"));
    assert!(out.contains("\nIntro\nThe harbor talks stalled today."));
    assert!(out.contains("\nDana Whitfield, byline\nNegotiators left the table at 6:15.\n"));
    assert!(out.contains("\nAgata Szymańska\nWe asked for a plan and got none.\n"));
    assert!(out.contains("\n(SOUNDBITE OF GULLS)\n"));
}

#[test]
fn show_json_has_the_contract_shape() {
    let env = Env::new();
    let talks = env.file("talks.txt", TALKS);
    env.hark().arg("import").arg(&talks).assert().success();
    let id = ids(&env.json(&["list", "--json"])).remove(0);
    let story = env.json(&["show", &id, "--json"]);
    assert_eq!(story["id"], id.as_str());
    assert_eq!(story["title"], "Talks Stall Over The Harbor");
    let names: Vec<&str> = story["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Dana Whitfield", "Agata Szymańska"]);
    assert_eq!(story["speakers"][0]["role"], "byline");
    assert_eq!(
        story["speakers"][1]["aliases"],
        serde_json::json!(["SZYMAŃSKA"])
    );
    for turn in story["turns"].as_array().unwrap() {
        assert!(["speech", "cue", "note"].contains(&turn["kind"].as_str().unwrap()));
        assert!(turn["paragraphs"].is_array());
        if let Some(name) = turn["speaker"].as_str() {
            assert!(names.contains(&name), "{name}");
        }
    }
    assert_eq!(story["turns"][4]["kind"], "cue");
}

#[test]
fn unknown_ids_fail_with_a_message() {
    let env = Env::new();
    env.hark()
        .args(["show", "abcdef"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no story with id abcdef"));
    env.hark()
        .args(["rm", "../x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no story with id"));
}

#[test]
fn quotes_by_speaker_and_words() {
    let env = Env::new().imported_here();
    let quotes = env.json(&["quotes", "--speaker", "szymanska", "--json"]);
    let quotes = quotes.as_array().unwrap();
    assert_eq!(quotes.len(), 3);
    for q in quotes {
        assert_eq!(q["speaker"], "Agata Szymańska");
        assert!(
            q["story_id"].is_string() && q["story_title"].is_string() && q["paragraphs"].is_array()
        );
    }
    let harbor = env.json(&["quotes", "--speaker", "Agata Szymańska", "HARBOR", "--json"]);
    assert_eq!(harbor.as_array().unwrap().len(), 2);
    let both = env.json(&["quotes", "harbor", "bridge", "--json"]);
    assert_eq!(both[0]["paragraphs"][0], "The harbor needs that bridge.");
    assert_eq!(both.as_array().unwrap().len(), 1);
    env.hark()
        .args(["quotes", "--speaker", "whitfield", "szymanska"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Dana Whitfield — Talks Stall Over The Harbor (",
        ))
        .stdout(predicate::str::contains(
            "  Szymańska runs the dock workers' union.",
        ));
}

#[test]
fn speakers_counts_one_person_across_stories() {
    let env = Env::new().imported_here();
    let speakers = env.json(&["speakers", "--json"]);
    let agata = speakers
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Agata Szymańska")
        .unwrap();
    assert_eq!(
        (agata["turns"].as_u64(), agata["stories"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(agata["roles"], serde_json::json!({}));
    let dana = speakers
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Dana Whitfield")
        .unwrap();
    assert_eq!(dana["roles"], serde_json::json!({"byline": 1}));
}

#[test]
fn rm_removes_a_story() {
    let env = Env::new().imported_here();
    let before = ids(&env.json(&["list", "--json"]));
    env.hark()
        .args(["rm", &before[0][..6]])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "removed {}",
            before[0]
        )));
    assert_eq!(ids(&env.json(&["list", "--json"])), before[1..]);
    env.hark().args(["rm", &before[0]]).assert().code(1);
}

#[test]
fn parse_prints_json_and_stores_nothing() {
    let env = Env::new();
    let talks = env.file("talks.txt", TALKS);
    let story = env.json(&["parse", talks.to_str().unwrap()]);
    assert_eq!(story["title"], "Talks Stall Over The Harbor");
    assert_eq!(story["turns"].as_array().unwrap().len(), 6);
    assert!(
        !env.library.path().join("stories").exists()
            || fs::read_dir(env.library.path().join("stories"))
                .unwrap()
                .count()
                == 0
    );
    let empty = env.file("empty.txt", "");
    env.hark()
        .arg("parse")
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty.txt: the file is empty"));
}

#[test]
fn help_and_version() {
    let env = Env::new();
    env.hark()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("import"));
    env.hark()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("hark "));
}

impl Env {
    /// This environment with both stories imported into its library.
    fn imported_here(self) -> Env {
        let talks = self.file("talks.txt", TALKS);
        let bridge = self.file("bridge.txt", BRIDGE);
        self.hark()
            .arg("import")
            .args([&talks, &bridge])
            .assert()
            .success();
        self
    }
}

#[test]
fn completions_generate_for_each_shell() {
    let env = Env::new();
    for (shell, marker) in [
        ("bash", "_hark()"),
        ("zsh", "#compdef hark"),
        ("fish", "complete -c hark"),
    ] {
        env.hark()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker));
    }
}

#[test]
fn man_page_renders() {
    let env = Env::new();
    env.hark()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH hark 1"))
        .stdout(predicate::str::contains("import"));
}

#[test]
fn config_sets_the_library_and_flags_win_over_it() {
    let env = Env::new();
    let elsewhere = tempfile::tempdir().unwrap();
    let config = env.file(
        "config.toml",
        format!("library = {:?}\n", elsewhere.path().display().to_string()),
    );
    let talks = env.file("talks.txt", TALKS);
    let mut cmd = Command::cargo_bin("hark").unwrap();
    cmd.arg("--config")
        .arg(&config)
        .arg("import")
        .arg(&talks)
        .env_remove("HARK_LIBRARY");
    cmd.assert().success();
    assert!(
        elsewhere.path().join("library.sqlite3").exists(),
        "the config's library was used"
    );
    env.hark()
        .arg("--config")
        .arg(&config)
        .args(["list", "--json"])
        .assert()
        .success()
        .stdout("[]\n");
}

#[test]
fn a_bad_config_names_the_file_and_line() {
    let env = Env::new();
    let config = env.file(
        "config.toml",
        "[theme]\npreset = \"dark\"\nheadng = \"red\"\n",
    );
    env.hark()
        .arg("--config")
        .arg(&config)
        .arg("list")
        .assert()
        .code(1)
        .stderr(format!(
            "hark: {}, line 3: unknown key `headng` (did you mean `heading`?)\n",
            config.display()
        ));
    let missing = env.files.path().join("nope.toml");
    env.hark()
        .arg("--config")
        .arg(&missing)
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nope.toml"));
    env.hark()
        .arg("--config")
        .arg(&config)
        .args(["config", "--path"])
        .assert()
        .code(1);
}

#[test]
fn quotes_in_every_format() {
    let env = Env::new().imported_here();
    let md = env
        .hark()
        .args([
            "quotes",
            "--speaker",
            "szymanska",
            "bridge",
            "--format",
            "md",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    // The page gives no air date: the attribution gives none, rather
    // than the day it was imported.
    assert_eq!(
        String::from_utf8(md).unwrap(),
        "> The harbor needs that bridge.\n\n— Agata Szymańska, “Bridge Vote Delayed Again”\n\n"
    );
    let json = env.json(&[
        "quotes",
        "--speaker",
        "szymanska",
        "bridge",
        "--format",
        "json",
    ]);
    assert_eq!(
        json,
        env.json(&["quotes", "--speaker", "szymanska", "bridge", "--json"])
    );
    assert_eq!(json[0]["paragraphs"][0], "The harbor needs that bridge.");
    assert_eq!(json[0]["date"], Value::Null, "{json}");
    assert_eq!(json[0]["program"], Value::Null, "{json}");
    env.hark()
        .args([
            "quotes",
            "--speaker",
            "szymanska",
            "bridge",
            "--format",
            "txt",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Agata Szymańska — Bridge Vote Delayed Again (")
                .and(predicate::str::contains("  The harbor needs that bridge.")),
        );
    let all = env.json(&["quotes", "--json"]);
    assert_eq!(
        all.as_array().unwrap().len(),
        6,
        "every attributed speech turn of both stories"
    );
    let with_intro = env.json(&["quotes", "--json", "--include-unattributed"]);
    assert_eq!(with_intro.as_array().unwrap().len(), 7, "and the intro");
}

#[test]
fn a_query_of_symbols_only_says_it_has_no_words() {
    let env = Env::new();
    let talks = env.file("talks.txt", TALKS);
    env.hark().arg("import").arg(&talks).assert().success();
    for words in [&["🙂"][..], &["--", "..."]] {
        env.hark()
            .arg("quotes")
            .args(words)
            .assert()
            .failure()
            .stdout("")
            .stderr(predicate::str::contains("no words"));
    }
    env.hark()
        .args(["quotes", "\""])
        .assert()
        .failure()
        .stdout("")
        .stderr(predicate::str::contains("unclosed quote"));
    env.hark()
        .args(["quotes", "--speaker", "🙂"])
        .assert()
        .failure()
        .stdout("");
}

#[test]
fn decomposed_text_and_greek_names_are_found_however_they_are_typed() {
    let env = Env::new();
    let nfd = "Harbor Notes\n\n\
               JOSE\u{301} RUIZ: A nai\u{308}ve re\u{301}sume\u{301} from Sa\u{303}o Paulo.\n\n\
               ΣΊΣΥΦΟΣ ΠΑΠΑΣ: Η πέτρα ﬁnally κυλά.\n";
    let file = env.file("nfd.txt", nfd);
    env.hark().arg("import").arg(&file).assert().success();
    let count = |args: &[&str]| {
        let mut all = vec!["quotes", "--json"];
        all.extend(args);
        env.json(&all).as_array().unwrap().len()
    };
    for words in [
        &["naive"][..],
        &["naïve"],
        &["résumé"],
        &["sao", "paulo"],
        &["finally"],
    ] {
        assert_eq!(count(words), 1, "{words:?}");
    }
    let nfd_query = "re\u{301}sume\u{301}";
    assert_eq!(count(&[nfd_query]), 1);
    for name in ["σίσυφος", "ΣΊΣΥΦΟΣ", "Σίσυφος", "jose ruiz", "José"] {
        assert_eq!(count(&["--speaker", name]), 1, "{name}");
    }
    let speakers = env.json(&["speakers", "--json"]);
    let names: Vec<&str> = speakers
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"José Ruiz"), "{names:?}");
    assert!(names.contains(&"Σίσυφος Παπας"), "{names:?}");
}

/// `hark quotes --count` counts what `hark quotes` prints: the quotes,
/// and with `--json` the stories they are in; none is 0 and exit 1.
#[test]
fn quotes_count_what_quotes_print() {
    let env = Env::new().imported_here();
    for query in [
        &["harbor"][..],
        &["the"],
        &["@szymanska"],
        &["harbor", "-bridge"],
        &["\"the harbor\""],
        &[],
        &["--include-unattributed"],
    ] {
        let mut args = vec!["quotes"];
        args.extend(query);
        let printed = env.json(&[&args[..], &["--json"]].concat());
        let printed = printed.as_array().unwrap();
        let stories: std::collections::HashSet<&str> = printed
            .iter()
            .map(|q| q["story_id"].as_str().unwrap())
            .collect();
        assert!(!printed.is_empty(), "{query:?}");
        let counted = env.json(&[&args[..], &["--count", "--json"]].concat());
        assert_eq!(counted["quotes"], printed.len(), "{query:?}");
        assert_eq!(counted["stories"], stories.len(), "{query:?}");
        env.hark()
            .args([&args[..], &["--count"]].concat())
            .assert()
            .success()
            .stdout(format!("{}\n", printed.len()));
    }
    env.hark()
        .args(["quotes", "zeppelin", "--count"])
        .assert()
        .code(1)
        .stdout("0\n");
}

/// `hark quotes` reads the filter bar's language: negation, air dates,
/// options after the query.
#[test]
fn quotes_take_the_filter_language() {
    let env = Env::new();
    let autumn = env.file(
        "autumn.txt",
        "Harbor Talks ResumeThe talks resumed.\nOctober 3, 2016\nNPR logo\n\
         Harbor Talks Resume\n• Transcript\n\
         DANA WHITFIELD, BYLINE: The harbor talks resumed.\n\n\
         AGATA SZYMAŃSKA: The harbor needs a bridge, not a ferry.\n\n\
         WHITFIELD: And the ferry?\n\n\
         SZYMAŃSKA: The ferry is too slow.\n",
    );
    let spring = env.file(
        "spring.txt",
        "Bridge OpensAt last.\nMarch 1, 2017\nNPR logo\nBridge Opens\n• Transcript\n\
         AGATA SZYMAŃSKA: The harbor finally has its bridge.\n",
    );
    env.hark()
        .arg("import")
        .args([&autumn, &spring])
        .assert()
        .success();
    let paragraphs = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["quotes"];
        all.extend(args);
        all.push("--json");
        let quotes = env.json(&all);
        let quotes = quotes.as_array().unwrap();
        quotes
            .iter()
            .map(|q| q["paragraphs"][0].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        paragraphs(&["@szymanska", "harbor", "-ferry"]),
        ["The harbor finally has its bridge."]
    );
    assert_eq!(
        paragraphs(&["harbor", "-@szymanska"]),
        ["The harbor talks resumed."]
    );
    assert_eq!(
        paragraphs(&["bridge", "-\"not a ferry\""]),
        ["The harbor finally has its bridge."]
    );
    assert_eq!(
        paragraphs(&["@szymanska", "before:2017"]),
        [
            "The harbor needs a bridge, not a ferry.",
            "The ferry is too slow."
        ]
    );
    assert_eq!(
        paragraphs(&["harbor", "after:2016-11"]),
        ["The harbor finally has its bridge."]
    );
    assert_eq!(paragraphs(&["on:2016-10-03", "ferry"]).len(), 3);
    // Newest first by air date.
    assert_eq!(
        paragraphs(&["bridge"])[0],
        "The harbor finally has its bridge."
    );
    // --speaker is another way to write @"NAME".
    assert_eq!(
        paragraphs(&["--speaker", "Agata Szymańska", "-ferry"]),
        paragraphs(&["@\"agata szymanska\"", "-ferry"])
    );
}

#[test]
fn quotes_that_match_nothing_say_why_and_exit_1() {
    let env = Env::new().imported_here();
    env.hark()
        .args(["quotes", "@szymansky"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "no speaker is called “szymansky”; did you mean @\"Agata Szymańska\"?",
        ));
    env.hark()
        .args(["quotes", "harbor", "zeppelin"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no turn says “zeppelin”"))
        .stderr(predicate::str::contains("harbor").not());
    env.hark()
        .args(["quotes", "harbor", "-harbor"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no quotes match"));
    env.hark()
        .args(["quotes", "on:2016-13"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
}

#[test]
fn an_ambiguous_id_lists_the_candidates_with_their_titles() {
    let env = Env::new();
    // Seventeen ids in sixteen hex digits: two share a first digit.
    let files: Vec<PathBuf> = (0..17)
        .map(|i| {
            let text = format!("Story Number {i}\n\nANA LIMA, HOST: Words {i}.\n");
            env.file(&format!("s{i}.txt"), text)
        })
        .collect();
    env.hark().arg("import").args(&files).assert().success();
    let stories = env.json(&["list", "--json"]);
    let stories = stories.as_array().unwrap();
    let first = |s: &Value| s["id"].as_str().unwrap()[..1].to_string();
    let shared = stories
        .iter()
        .map(first)
        .find(|d| stories.iter().filter(|s| first(s) == *d).count() > 1)
        .unwrap();
    let mut expected = predicate::str::contains("is ambiguous").boxed();
    for story in stories.iter().filter(|s| first(s) == shared) {
        let candidate = format!(
            "{} “{}”",
            story["id"].as_str().unwrap(),
            story["title"].as_str().unwrap()
        );
        expected = expected.and(predicate::str::contains(candidate)).boxed();
    }
    env.hark()
        .args(["show", &shared])
        .assert()
        .code(1)
        .stderr(expected);
}

/// The unnamed turns of a timed transcript are what was said, not an
/// intro: they stay quotes without --include-unattributed.
#[test]
fn unnamed_turns_of_a_timed_transcript_are_still_quotes() {
    let env = Env::new();
    let episode = env.file(
        "episode.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nThe harbor opens at dawn.\n",
    );
    env.hark().arg("import").arg(&episode).assert().success();
    let quotes = env.json(&["quotes", "harbor", "--json"]);
    assert_eq!(quotes.as_array().unwrap().len(), 1);
    assert_eq!(quotes[0]["speaker"], Value::Null);
}

#[test]
fn export_library_writes_each_story_as_show_json_prints_it() {
    let env = Env::new();
    let talks = env.file("talks.txt", TALKS);
    let bridge = env.file("bridge.txt", BRIDGE);
    env.hark()
        .arg("import")
        .args([&talks, &bridge])
        .assert()
        .success();
    let out = env.files.path().join("export");
    env.hark()
        .arg("export-library")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote 2 stories"));
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut expected: Vec<String> = ids(&env.json(&["list", "--json"]))
        .iter()
        .map(|id| format!("{id}.json"))
        .collect();
    expected.sort();
    assert_eq!(names, expected, "one file a story, no temporary file left");
    for name in &names {
        let id = name.strip_suffix(".json").unwrap();
        let shown = env.hark().args(["show", id, "--json"]).output().unwrap();
        assert_eq!(fs::read(out.join(name)).unwrap(), shown.stdout, "{id}");
    }
    // Again over the same folder: each file replaced whole.
    env.hark()
        .arg("export-library")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(fs::read_dir(&out).unwrap().count(), 2);
}
