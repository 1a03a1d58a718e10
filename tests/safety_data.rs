//! The library's data under attack: damaged and hand-edited indexes, a
//! full disk, oversized input, special files, a library that would import
//! itself, and a writer that keeps readers waiting. Each test runs the real
//! binary, as a user would meet the problem.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

use crate::support;

/// Long enough for a process that would hang to be called hung; never
/// reached by one that works.
const HANG: Duration = Duration::from_secs(60);

fn hark(library: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hark").unwrap();
    cmd.arg("--library")
        .arg(library)
        .env_remove("HARK_LIBRARY")
        .env_remove("HARK_CONFIG")
        .timeout(HANG);
    cmd
}

fn story_text(n: usize) -> String {
    format!(
        "Story Number {n}\n\nANA LIMA, HOST: Opening {n}.\n\nJOSH EARNEST: The harbor, part {n}, word{n}x.\n"
    )
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

fn json(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

fn list(library: &Path) -> Vec<Value> {
    json(hark(library).args(["list", "--json"]))
        .as_array()
        .unwrap()
        .clone()
}

fn ids(library: &Path) -> Vec<String> {
    list(library)
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

fn quotes(library: &Path, words: &str) -> usize {
    json(hark(library).args(["quotes", words, "--json"]))
        .as_array()
        .unwrap()
        .len()
}

fn story_path(library: &Path, id: &str) -> PathBuf {
    library.join("stories").join(format!("{id}.json"))
}

/// A library of `n` stories, imported.
fn library_of(dir: &Path, n: usize) -> PathBuf {
    let library = dir.join("library");
    let files = dir.join("files");
    fs::create_dir_all(&files).unwrap();
    let paths = write_files(&files, 0..n);
    hark(&library).arg("import").args(&paths).assert().success();
    library
}

// 2. A full disk.

/// `hark` whose files may not grow past 4 KiB: every write past that
/// fails, as on a full disk.
fn hark_on_a_full_disk(library: &Path) -> Process {
    use std::os::unix::process::CommandExt;
    let mut cmd = Process::new(env!("CARGO_BIN_EXE_hark"));
    cmd.arg("--library")
        .arg(library)
        .env_remove("HARK_LIBRARY")
        .env_remove("HARK_CONFIG");
    // SAFETY: only async-signal-safe calls between fork and exec.
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
    cmd
}

fn output_of(cmd: &mut Process) -> (bool, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_library_stays_readable_when_the_disk_fills_during_an_import() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_of(dir.path(), 40);
    let database = library.join("library.sqlite3");
    assert!(fs::metadata(&database).unwrap().len() > 4096);
    let late = dir.path().join("late.txt");
    fs::write(&late, story_text(99)).unwrap();
    let (ok, _, stderr) = output_of(hark_on_a_full_disk(&library).arg("import").arg(&late));
    assert!(!ok, "the import hit the full disk: {stderr}");
    assert!(
        stderr.contains(&database.display().to_string()) && stderr.contains("full disk"),
        "a clear error naming the database: {stderr}"
    );

    // Every reader, still on the full disk, reads what was there.
    let (ok, stdout, stderr) = output_of(hark_on_a_full_disk(&library).args(["list", "--json"]));
    assert!(ok, "list: {stderr}");
    let listed: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 40);
    let (ok, stdout, stderr) =
        output_of(hark_on_a_full_disk(&library).args(["speakers", "--json"]));
    assert!(ok, "speakers: {stderr}");
    let people: Value = serde_json::from_str(&stdout).unwrap();
    for person in people.as_array().unwrap() {
        assert_eq!(person["stories"], 40, "{person}");
    }
    let (ok, stdout, stderr) = output_of(hark_on_a_full_disk(&library).args([
        "quotes",
        "--speaker",
        "earnest",
        "word7x",
        "--json",
    ]));
    assert!(ok, "quotes by speaker: {stderr}");
    assert_eq!(
        serde_json::from_str::<Value>(&stdout).unwrap()[0]["speaker"],
        "Josh Earnest"
    );

    // With room again, nothing was lost and the story goes in.
    hark(&library).arg("import").arg(&late).assert().success();
    assert_eq!(list(&library).len(), 41);
    assert_eq!(quotes(&library, "word99x"), 1);
}

#[test]
fn rm_on_a_full_disk_is_a_clear_error_and_removes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_of(dir.path(), 40);
    let id = ids(&library)[0].clone();
    let (ok, _, stderr) = output_of(hark_on_a_full_disk(&library).args(["rm", &id]));
    assert!(!ok, "the full disk stopped it: {stderr}");
    let database = library.join("library.sqlite3");
    assert!(stderr.contains(&database.display().to_string()), "{stderr}");
    assert_eq!(ids(&library).len(), 40, "nothing half-removed");
    assert_eq!(quotes(&library, "harbor"), 40);
    hark(&library).args(["rm", &id]).assert().success();
    let listed = ids(&library);
    assert_eq!(listed.len(), 39);
    assert!(!listed.contains(&id));
    assert_eq!(quotes(&library, "harbor"), 39);
}

// 3. Standard input over the size limit.

#[test]
fn standard_input_over_the_size_limit_is_refused_like_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let limit = 256 * 1024 * 1024;
    let mut child = Process::new(env!("CARGO_BIN_EXE_hark"))
        .arg("--library")
        .arg(&library)
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let mut chunk = b"Too Big\n\nANA LIMA: ".to_vec();
        chunk.resize(1 << 20, b'a');
        // hark may stop reading once it has seen enough.
        for _ in 0..=limit / chunk.len() {
            if stdin.write_all(&chunk).is_err() {
                return;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("-: too large to be a transcript") && stderr.contains(&limit.to_string()),
        "{stderr}"
    );
    assert!(list(&library).is_empty());
}

// 4. The library inside an imported folder.

#[test]
fn an_import_never_walks_into_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let library = home.join(".local/share/hark");
    fs::create_dir_all(&home).unwrap();
    fs::write(home.join("notes.txt"), story_text(1)).unwrap();
    for _ in 0..2 {
        let out = hark(&library).arg("import").arg(&home).assert().success();
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            stderr.contains("skipped") && stderr.contains(&library.display().to_string()),
            "{stderr}"
        );
    }
    assert_eq!(list(&library).len(), 1);
    let out = hark(&library)
        .arg("import")
        .arg(library.join("library.sqlite3"))
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("skipped"));
    assert_eq!(list(&library).len(), 1);
}

// 6. Temporary files.

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn only_harks_own_leftovers_are_removed_and_on_open_too() {
    let dir = tempfile::tempdir().unwrap();
    // A library of the old layout, whose writes left those behind.
    let library = library_of(dir.path(), 2);
    support::story_files(&library);
    fs::write(library.join(".tmp-mine"), "the user's own file").unwrap();
    fs::write(library.join("stories/.tmp-notes.json"), "also theirs").unwrap();
    let leftovers = [
        library.join(".hark-tmp-4242-7-packed.txt"),
        library.join("stories/.hark-tmp-4242-8-0123abcd.json"),
    ];
    for leftover in &leftovers {
        fs::write(leftover, "half an index").unwrap();
    }
    list(&library);
    for leftover in &leftovers {
        assert!(!leftover.exists(), "{} cleared on open", leftover.display());
    }
    let more = write_files(dir.path(), 10..11);
    hark(&library).arg("import").args(&more).assert().success();
    assert!(names_in(&library).contains(&".tmp-mine".to_string()));
    assert!(names_in(&library.join("stories")).contains(&".tmp-notes.json".to_string()));
}

// 12. Special files.

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
}

#[test]
fn special_files_in_an_imported_folder_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let files = dir.path().join("files");
    fs::create_dir(&files).unwrap();
    write_files(&files, 0..2);
    mkfifo(&files.join("pipe.txt"));
    std::os::unix::fs::symlink("/dev/zero", files.join("zero.txt")).unwrap();
    mkfifo(&dir.path().join("elsewhere"));
    std::os::unix::fs::symlink(dir.path().join("elsewhere"), files.join("link.txt")).unwrap();
    hark(&library).arg("import").arg(&files).assert().success();
    assert_eq!(list(&library).len(), 2);
    let out = hark(&library)
        .arg("import")
        .arg(files.join("zero.txt"))
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

#[test]
fn a_special_file_among_the_stories_costs_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    // A library of the old layout, one story file each.
    let library = library_of(dir.path(), 2);
    support::story_files(&library);
    mkfifo(&story_path(&library, "abcdef"));
    std::os::unix::fs::symlink("/dev/zero", story_path(&library, "abcd01")).unwrap();
    let out = hark(&library).args(["list", "--json"]).assert().success();
    let listed: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("abcdef.json") && stderr.contains("not a regular file"),
        "{stderr}"
    );
    assert_eq!(quotes(&library, "harbor"), 2);
    hark(&library).args(["show", "abcd01"]).assert().code(1);
}

// Small: empty and `~user` library settings.

#[test]
fn an_empty_library_setting_means_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    fs::create_dir(&home).unwrap();
    let config = dir.path().join("config.toml");
    fs::write(&config, "library = \"\"\n").unwrap();
    let work = dir.path().join("work");
    fs::create_dir(&work).unwrap();
    let mut cmd = Command::cargo_bin("hark").unwrap();
    cmd.current_dir(&work)
        .env("HOME", &home)
        .env_remove("XDG_DATA_HOME")
        .env("HARK_LIBRARY", "")
        .env("HARK_CONFIG", &config)
        .args(["list", "--json"])
        .timeout(HANG)
        .assert()
        .success();
    assert!(
        names_in(&work).is_empty(),
        "nothing made in the current folder"
    );
    assert!(home.join(".local/share/hark/library.sqlite3").is_file());
    // A quoted `~/` reaches hark unexpanded: it means home all the same.
    let mut cmd = Command::cargo_bin("hark").unwrap();
    cmd.current_dir(&work)
        .env("HOME", &home)
        .env("HARK_LIBRARY", "~/elsewhere")
        .env_remove("HARK_CONFIG")
        .args(["list", "--json"])
        .timeout(HANG)
        .assert()
        .success();
    assert!(names_in(&work).is_empty(), "no literal ~ folder");
    assert!(home.join("elsewhere/library.sqlite3").is_file());
}

#[test]
fn a_tilde_user_library_is_refused_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    fs::write(&config, "library = \"~nobody/x\"\n").unwrap();
    let out = Command::cargo_bin("hark")
        .unwrap()
        .current_dir(dir.path())
        .env_remove("HARK_LIBRARY")
        .env("HARK_CONFIG", &config)
        .args(["list"])
        .timeout(HANG)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("library") && stderr.contains("~nobody"),
        "{stderr}"
    );
    assert!(!dir.path().join("~nobody").exists());
    let out = Command::cargo_bin("hark")
        .unwrap()
        .current_dir(dir.path())
        .env("HARK_LIBRARY", "~nobody/x")
        .env_remove("HARK_CONFIG")
        .args(["list"])
        .timeout(HANG)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("HARK_LIBRARY") && stderr.contains("~nobody"),
        "{stderr}"
    );
    assert!(!dir.path().join("~nobody").exists());
}
