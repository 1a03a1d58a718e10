//! The library is the user's only copy of their collection: bad input,
//! damaged files, crashes, a full disk and concurrent use lose nothing, and
//! nothing hostile reaches a terminal through the CLI.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn hark(library: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hark").unwrap();
    cmd.arg("--library")
        .arg(library)
        .env_remove("HARK_LIBRARY")
        .env_remove("HARK_CONFIG");
    cmd
}

fn story_text(n: usize) -> String {
    format!(
        "Story Number {n}\n\nANA LIMA, HOST: Opening {n}.\n\nJOSH EARNEST: The harbor, part {n}.\n"
    )
}

fn list(library: &Path) -> Vec<Value> {
    let out = hark(library)
        .args(["list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn write_files(dir: &Path, range: std::ops::Range<usize>) -> Vec<PathBuf> {
    range
        .map(|n| {
            let path = dir.join(format!("story-{n:05}.txt"));
            fs::write(&path, story_text(n)).unwrap();
            path
        })
        .collect()
}

/// Bytes a terminal would take as a control, or text made to deceive.
fn is_control_or_deceptive(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}')
}

#[test]
fn hand_edited_hostile_story_files_print_clean() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let file = dir.path().join("a.txt");
    fs::write(&file, story_text(1)).unwrap();
    hark(&library).arg("import").arg(&file).assert().success();
    let id = list(&library)[0]["id"].as_str().unwrap().to_string();
    // As a story file of a library in the old layout, hand-edited.
    let path = crate::support::story_files(&library).remove(0);
    let mut story: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    story["title"] = "Evil \x1b]0;PWNED\x07Title\u{202e}".into();
    story["turns"][0]["paragraphs"][0] =
        "Clear \x1b[2J screen, bell \x07, osc52 \x1b]52;c;eA==\x07, c1 \u{9b}31m.".into();
    fs::write(&path, story.to_string()).unwrap();

    for args in [
        vec!["show", &id[..6]],
        vec!["list"],
        vec!["quotes", "clear"],
        vec!["speakers"],
    ] {
        let out = hark(&library)
            .args(&args)
            .env("TERM", "xterm-256color")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.chars().any(is_control_or_deceptive),
            "{args:?} printed a control: {text:?}"
        );
        assert!(!text.contains("PWNED"), "{args:?}: {text}");
    }
    let shown = hark(&library)
        .args(["show", &id])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(
        String::from_utf8(shown)
            .unwrap()
            .contains("Clear  screen, bell , osc52 , c1 .")
    );
}

#[test]
fn bad_input_gets_a_named_error_or_a_sensible_story_and_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("files");
    fs::create_dir(&files).unwrap();
    let put = |name: &str, bytes: &[u8]| fs::write(files.join(name), bytes).unwrap();
    put("empty.txt", b"");
    put("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10");
    put("nul.txt", b"ANA LIMA: hi\0there");
    put(
        "invalid-utf8.txt",
        b"Caf\xe9 News\n\nANA LIMA: Na\xefve \xff\xfe but fine.\n",
    );
    put(
        "mixed.txt",
        "Renée’s Story\n\nANA LIMA: “Quoted” and "
            .as_bytes()
            .iter()
            .chain(b"caf\xe9 \x93too\x94.")
            .copied()
            .collect::<Vec<u8>>()
            .as_slice(),
    );
    put("no-newline.txt", b"Title\n\nANA LIMA: The end");
    put(
        "only-chrome.txt",
        b"\xc2\xa9 2024 KXYZ\nPlay Live Radio\nNext Up:\n0:00 0:00\nAvailable On Air Stations\n",
    );
    let long_line: String = "word ".repeat(1_000_000);
    put("long-line.txt", long_line.as_bytes());
    let big: String = (0..1_000_000)
        .map(|n| {
            format!(
                "SPEAKER{} NAME: line {n} of a very long hearing.\n\n",
                n % 7
            )
        })
        .collect();
    assert!(big.len() > 50_000_000);
    put("big.txt", big.as_bytes());
    std::os::unix::fs::symlink(files.join("missing.txt"), files.join("broken.txt")).unwrap();
    std::os::unix::fs::symlink(files.join("loop.txt"), files.join("loop.txt")).unwrap();

    let library = dir.path().join("library");
    let assert = hark(&library).arg("import").arg(&files).assert().code(1);
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stderr.contains("panicked"), "{stderr}");
    for (name, reason) in [
        ("empty.txt", "the file is empty"),
        ("photo.txt", "not a text file"),
        ("nul.txt", "not a text file"),
        ("only-chrome.txt", "no transcript text found"),
        ("broken.txt", "No such file"),
        ("loop.txt", "Too many levels of symbolic links"),
    ] {
        let line = format!("{}: {reason}", files.join(name).display());
        assert!(stderr.contains(&line), "want {line:?} in {stderr}");
    }
    assert!(
        stdout.contains("imported 5, unchanged 0, failed 6"),
        "{stdout}"
    );
    let titles: Vec<String> = list(&library)
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_string())
        .collect();
    // Without a headline, the first words stand in, never the file name.
    for title in [
        "Café News",
        "Renée’s Story",
        "Title",
        "word word word word word word word word…",
        "line 0 of a very long hearing.",
    ] {
        assert!(titles.iter().any(|t| t == title), "{title} in {titles:?}");
    }
}

#[test]
fn a_damaged_story_costs_only_itself_and_is_reported_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let files = write_files(dir.path(), 0..4);
    hark(&library).arg("import").args(&files).assert().success();
    let ids: Vec<String> = list(&library)
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    // Damaged as story files of a library in the old layout could be.
    crate::support::story_files(&library);
    let path = |id: &str| library.join("stories").join(format!("{id}.json"));
    let truncated = fs::read(path(&ids[0])).unwrap()[..40].to_vec();
    fs::write(path(&ids[0]), &truncated).unwrap();
    fs::write(path(&ids[1]), b"not json at all").unwrap();
    let mut newer: Value = serde_json::from_slice(&fs::read(path(&ids[2])).unwrap()).unwrap();
    newer["format_version"] = 99.into();
    fs::write(path(&ids[2]), newer.to_string()).unwrap();

    let assert = hark(&library).args(["list", "--json"]).assert().success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let listed: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(
        listed.as_array().unwrap().len(),
        1,
        "the intact story still lists"
    );
    for id in &ids[..3] {
        assert_eq!(
            stderr.matches(&path(id).display().to_string()).count(),
            1,
            "{id} reported once: {stderr}"
        );
    }
    assert!(
        stderr.contains("damaged story file") && stderr.contains("newer hark (format 99"),
        "{stderr}"
    );
    hark(&library)
        .args(["quotes", "harbor", "--json"])
        .assert()
        .success();
    assert_eq!(
        fs::read(path(&ids[0])).unwrap(),
        truncated,
        "nothing was overwritten"
    );
    assert_eq!(fs::read(path(&ids[1])).unwrap(), b"not json at all");
}

#[test]
fn four_concurrent_imports_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let files = write_files(dir.path(), 0..200);
    // Four processes, overlapping halves of the set.
    let children: Vec<_> = (0..4)
        .map(|k| {
            let mine = &files[k * 40..k * 40 + 80.min(200 - k * 40)];
            Process::new(env!("CARGO_BIN_EXE_hark"))
                .arg("--library")
                .arg(&library)
                .arg("import")
                .args(mine)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let imported_by_someone = 3 * 40 + 80;
    let entries = list(&library);
    assert_eq!(entries.len(), imported_by_someone);
    let speakers = hark(&library)
        .args(["speakers", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let speakers: Value = serde_json::from_slice(&speakers).unwrap();
    for person in speakers.as_array().unwrap() {
        assert_eq!(
            person["stories"].as_u64(),
            Some(imported_by_someone as u64),
            "{person}"
        );
    }
    let quotes = hark(&library)
        .args(["quotes", "harbor", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        serde_json::from_slice::<Value>(&quotes)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        imported_by_someone
    );
}

#[test]
fn a_killed_import_leaves_a_library_that_opens_and_a_rerun_finishes_the_job() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    write_files(&corpus, 0..3000);
    let mut child = Process::new(env!("CARGO_BIN_EXE_hark"))
        .arg("--library")
        .arg(&library)
        .arg("import")
        .arg(&corpus)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Kill it once it has stored a few stories, mid-way.
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while seen.iter().filter(|&&b| b == b'\n').count() < 50 {
        use std::io::Read;
        let n = stdout.read(&mut buf).unwrap();
        assert!(n > 0, "import ended before it could be killed");
        seen.extend_from_slice(&buf[..n]);
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let entries = list(&library);
    assert!(
        !entries.is_empty() && entries.len() < 3000,
        "{} listed",
        entries.len()
    );
    for entry in &entries {
        hark(&library)
            .args(["show", entry["id"].as_str().unwrap(), "--json"])
            .assert()
            .success();
    }
    hark(&library)
        .args(["check", "--repair"])
        .assert()
        .success()
        .stderr(predicate::str::contains("still damaged").not());
    hark(&library).arg("import").arg(&corpus).assert().success();
    let entries = list(&library);
    assert_eq!(entries.len(), 3000);
    let mut ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 3000, "no story twice");
}

#[test]
fn a_full_disk_gives_a_clear_error_naming_the_database_and_loses_nothing() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let first = write_files(dir.path(), 0..3);
    hark(&library).arg("import").args(&first).assert().success();
    let big = dir.path().join("big.txt");
    let text: String = (0..2000)
        .map(|n| format!("ANA LIMA: paragraph {n} of a story too big for the disk.\n\n"))
        .collect();
    fs::write(&big, format!("Too Big\n\n{text}")).unwrap();

    let mut cmd = Process::new(env!("CARGO_BIN_EXE_hark"));
    cmd.arg("--library").arg(&library).arg("import").arg(&big);
    // Files may not grow past 4 KiB: as a full disk, writes fail.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 4096,
                rlim_max: 4096,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&library.join("library.sqlite3").display().to_string()),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(list(&library).len(), 3, "the library still browses");
    hark(&library)
        .args(["check", "--repair"])
        .assert()
        .success()
        .stderr(predicate::str::contains("still damaged").not());
    hark(&library).arg("import").arg(&big).assert().success();
    assert_eq!(list(&library).len(), 4, "with room again, it goes in");
}

#[test]
fn ids_and_titles_never_reach_outside_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let evil = dir.path().join("evil.txt");
    fs::write(
        &evil,
        "../../../../tmp/escaped\n\nANA LIMA: /etc/passwd and ..\\..\\x",
    )
    .unwrap();
    hark(&library).arg("import").arg(&evil).assert().success();
    for id in ["../../etc/passwd", "..", "/etc", "../library", "a/b"] {
        hark(&library)
            .args(["show", id])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("no story with id"));
        hark(&library).args(["rm", id]).assert().code(1);
    }
    let mut outside: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    outside.sort();
    assert_eq!(outside, ["evil.txt", "library"]);
    let names: Vec<_> = fs::read_dir(&library)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("library.sqlite3") || n == "parser-version"),
        "{names:?}"
    );
}

#[test]
fn a_new_library_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("deep/library");
    let files = write_files(dir.path(), 0..1);
    hark(&library).arg("import").args(&files).assert().success();
    let mode = fs::metadata(&library).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{}", library.display());
}

/// Makes folders immutable, which stops even root from writing to them
/// (chmod does not), and undoes it however the test ends.
struct Immutable(Vec<PathBuf>);

impl Immutable {
    fn set(folders: &[PathBuf]) -> Option<Immutable> {
        let ok = Process::new("chattr")
            .arg("+i")
            .args(folders)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Immutable(folders.to_vec()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Process::new("chattr").arg("-i").args(&self.0).status();
    }
}

#[test]
fn a_read_only_library_can_be_browsed_and_refuses_writes_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let files = write_files(dir.path(), 0..3);
    hark(&library)
        .arg("import")
        .args(&files[..2])
        .assert()
        .success();
    // The database is there too, and must be read without its WAL files.
    hark(&library)
        .args(["check", "--repair"])
        .assert()
        .success();
    let Some(_guard) = Immutable::set(std::slice::from_ref(&library)) else {
        eprintln!("skipped: chattr +i is not available on this file system");
        return;
    };
    assert_eq!(list(&library).len(), 2);
    let feeds = hark(&library).args(["feeds", "--json"]).assert().success();
    assert_eq!(
        String::from_utf8_lossy(&feeds.get_output().stdout).trim(),
        "[]"
    );
    let id = list(&library)[0]["id"].as_str().unwrap().to_string();
    hark(&library).args(["show", &id]).assert().success();
    let database = library.join("library.sqlite3");
    hark(&library)
        .arg("import")
        .arg(&files[2])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains(database.display().to_string())
                .and(predicate::str::contains("not permitted")),
        );
    assert_eq!(list(&library).len(), 2, "nothing was added");
}

/// A database overwritten with garbage is named in a clear error, and
/// `hark check --repair` sets it aside (kept, for whoever digs in it) and
/// starts a new one: the stories were in it, and nothing is left to
/// recover, but the library works again.
#[test]
fn a_database_overwritten_with_garbage_is_named_and_repaired() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("lib");
    let files = write_files(dir.path(), 0..3);
    hark(&library).arg("import").args(&files).assert().success();
    let database = library.join("library.sqlite3");
    fs::write(&database, vec![0x5a; 4096]).unwrap();
    for leftover in ["library.sqlite3-wal", "library.sqlite3-shm"] {
        let _ = fs::remove_file(library.join(leftover));
    }
    hark(&library)
        .args(["list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(database.display().to_string()))
        .stderr(predicate::str::contains("not a database"));
    hark(&library)
        .args(["check", "--repair"])
        .assert()
        .success()
        .stderr(predicate::str::contains("library.sqlite3: not a database"))
        .stderr(predicate::str::contains("moved the damaged database"));
    assert_eq!(
        fs::read(library.join("library.sqlite3.damaged"))
            .unwrap()
            .len(),
        4096
    );
    assert_eq!(list(&library).len(), 0);
    hark(&library).arg("import").args(&files).assert().success();
    assert_eq!(list(&library).len(), 3);
    hark(&library)
        .args(["check", "--repair"])
        .assert()
        .success()
        .stderr(predicate::str::contains("checked, indexes rebuilt"))
        .stderr(predicate::str::contains("not a database").not());
}

/// A database cut short (a copy that stopped half way, a disk that lost
/// its end) is named in a clear error; `hark check --repair` keeps the
/// cut file aside, reads back what SQLite still can, and the library
/// works again.
#[test]
fn a_truncated_database_is_named_and_repaired() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("lib");
    let files = write_files(dir.path(), 0..20);
    hark(&library).arg("import").args(&files).assert().success();
    let database = library.join("library.sqlite3");
    let whole = fs::read(&database).unwrap();
    let cut = &whole[..whole.len() / 2];
    fs::write(&database, cut).unwrap();
    hark(&library)
        .args(["list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(database.display().to_string()))
        .stderr(predicate::str::contains("hark check --repair"));
    hark(&library)
        .args(["check", "--repair"])
        .assert()
        .success()
        .stderr(predicate::str::contains("moved the damaged database"));
    assert_eq!(
        fs::read(library.join("library.sqlite3.damaged")).unwrap(),
        cut
    );
    // It opens again, with what could be read back (here, a cut schema:
    // nothing), and takes the stories in again.
    list(&library);
    hark(&library).arg("import").args(&files).assert().success();
    assert_eq!(list(&library).len(), 20, "the library works again");
}

/// A migration killed part way (here, once it has said it is moving the
/// stories in) leaves a library that opens, with every story: before its
/// commit the old files are all still there, and after it the database
/// holds them all, whatever of the old files was left to remove.
#[test]
fn a_killed_migration_leaves_every_story_in_one_place_or_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    write_files(&corpus, 0..1500);
    hark(&library).arg("import").arg(&corpus).assert().success();
    let story_files = crate::support::story_files(&library);
    assert_eq!(story_files.len(), 1500);
    let mut child = Process::new(env!("CARGO_BIN_EXE_hark"))
        .arg("--library")
        .arg(&library)
        .arg("list")
        .env_remove("HARK_CONFIG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut said = Vec::new();
    let mut buf = [0u8; 256];
    while !said.contains(&b'\n') {
        use std::io::Read;
        let n = stderr.read(&mut buf).unwrap();
        assert!(n > 0, "the migration ended before it could be killed");
        said.extend_from_slice(&buf[..n]);
    }
    assert!(String::from_utf8_lossy(&said).contains("moving 1500 stories"));
    child.kill().unwrap();
    child.wait().unwrap();

    let entries = list(&library);
    assert_eq!(entries.len(), 1500);
    let left = story_files.iter().filter(|f| f.exists()).count();
    assert_eq!(left, 0, "the old files go once the database holds them");
    hark(&library)
        .args(["check", "--repair"])
        .assert()
        .success()
        .stderr(predicate::str::contains("still damaged").not());
}
