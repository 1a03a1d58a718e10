//! The library's data under attack: damaged and hand-edited indexes, a
//! full disk, oversized input, special files, a library that would import
//! itself, and a writer that keeps readers waiting. Each test runs the real
//! binary, as a user would meet the problem.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

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

fn speaker_stories(library: &Path) -> Vec<(String, u64)> {
    let people = json(hark(library).args(["speakers", "--json"]));
    let mut counts: Vec<_> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["stories"].as_u64().unwrap(),
            )
        })
        .collect();
    counts.sort();
    counts
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

/// Writes `bytes` over `path` in place, then puts its modification time
/// back: damage that changes nothing hark could see from the folder.
fn overwrite_keeping_mtime(path: &Path, bytes: &[u8]) {
    let modified = fs::metadata(path).unwrap().modified().unwrap();
    write_keeping_folder_time(path, bytes);
    File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
}

/// Writes `bytes` over `path` in place, as `>` or an editor that keeps the
/// inode does: the folder's time stays as it was.
fn write_keeping_folder_time(path: &Path, bytes: &[u8]) {
    let folder = path.parent().unwrap();
    let folder_modified = fs::metadata(folder).unwrap().modified().unwrap();
    fs::write(path, bytes).unwrap();
    File::open(folder)
        .unwrap()
        .set_modified(folder_modified)
        .unwrap();
}

// 1. Re-importing a damaged story.

#[test]
fn reimporting_a_damaged_story_replaces_its_index_lines() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_of(dir.path(), 3);
    let id = ids(&library)[0].clone();
    let path = story_path(&library, &id);
    let whole = fs::read(&path).unwrap();
    overwrite_keeping_mtime(&path, &whole[..40]);

    let all = dir.path().join("files");
    hark(&library).arg("import").arg(&all).assert().success();
    assert_eq!(fs::read(&path).unwrap().len(), whole.len(), "repaired");

    let listed = ids(&library);
    assert_eq!(listed.len(), 3, "{listed:?}");
    for id in &listed {
        hark(&library).args(["show", &id[..8]]).assert().success();
    }
    assert_eq!(quotes(&library, "harbor"), 3);
    for (name, stories) in speaker_stories(&library) {
        assert_eq!(stories, 3, "{name}");
    }
    hark(&library).args(["rm", &id]).assert().success();
    assert_eq!(ids(&library).len(), 2);
    assert_eq!(quotes(&library, "harbor"), 2);
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
    assert!(fs::metadata(library.join("packed.txt")).unwrap().len() > 4096);
    let late = dir.path().join("late.txt");
    fs::write(&late, story_text(99)).unwrap();
    let (ok, _, stderr) = output_of(hark_on_a_full_disk(&library).arg("import").arg(&late));
    assert!(!ok, "the import hit the full disk: {stderr}");

    // Every reader, still on the full disk, reads from the story files.
    let (ok, stdout, stderr) = output_of(hark_on_a_full_disk(&library).args(["list", "--json"]));
    assert!(ok, "list: {stderr}");
    let listed: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 41);
    let (ok, stdout, stderr) =
        output_of(hark_on_a_full_disk(&library).args(["quotes", "word99x", "--json"]));
    assert!(ok, "quotes: {stderr}");
    let found: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1, "{stdout}");
    let (ok, stdout, stderr) =
        output_of(hark_on_a_full_disk(&library).args(["speakers", "--json"]));
    assert!(ok, "speakers: {stderr}");
    let people: Value = serde_json::from_str(&stdout).unwrap();
    for person in people.as_array().unwrap() {
        assert_eq!(person["stories"], 41, "{person}");
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

    // With room again, the next reader puts the indexes right.
    assert_eq!(list(&library).len(), 41);
    assert_eq!(quotes(&library, "word99x"), 1);
}

#[test]
fn rm_on_a_full_disk_says_the_story_is_gone_and_the_indexes_are_behind() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_of(dir.path(), 40);
    let id = ids(&library)[0].clone();
    let (ok, stdout, stderr) = output_of(hark_on_a_full_disk(&library).args(["rm", &id]));
    assert!(ok, "the story was removed: {stdout} {stderr}");
    assert!(stdout.contains(&format!("removed {id}")), "{stdout}");
    assert!(
        stderr.contains("index") && stderr.contains("File too large"),
        "{stderr}"
    );
    assert!(!story_path(&library, &id).exists());
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
        .arg(library.join("packed.txt"))
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("skipped"));
    assert_eq!(list(&library).len(), 1);
}

// 5. Damaged indexes with intact headers.

#[test]
fn a_packed_index_cut_mid_line_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_of(dir.path(), 5);
    let packed = library.join("packed.txt");
    let bytes = fs::read(&packed).unwrap();
    overwrite_keeping_mtime(&packed, &bytes[..bytes.len() - 10]);
    assert_eq!(quotes(&library, "harbor"), 5);
    assert_eq!(quotes(&library, "word4x"), 1, "the cut line is back");
    overwrite_keeping_mtime(&packed, &bytes[..bytes.len() - 10]);
    let more = dir.path().join("more.txt");
    fs::write(&more, story_text(7)).unwrap();
    hark(&library).arg("import").arg(&more).assert().success();
    assert_eq!(quotes(&library, "harbor"), 6);
    assert_eq!(quotes(&library, "word4x"), 1, "no line glued to a cut one");
    assert_eq!(quotes(&library, "word7x"), 1);
}

#[test]
fn a_truncated_speaker_index_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_of(dir.path(), 5);
    let speakers = library.join("speakers.jsonl");
    let whole = fs::read(&speakers).unwrap();
    overwrite_keeping_mtime(&speakers, &whole[..whole.len() - 30]);
    for (name, stories) in speaker_stories(&library) {
        assert_eq!(stories, 5, "{name}");
    }
    assert_eq!(fs::read(&speakers).unwrap().len(), whole.len(), "repaired");
}

#[test]
fn a_catalog_line_deleted_or_duplicated_is_noticed() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_of(dir.path(), 5);
    let catalog = library.join("catalog.jsonl");
    let whole = fs::read_to_string(&catalog).unwrap();
    let lines: Vec<&str> = whole.lines().collect();
    let without: String = lines[..lines.len() - 1]
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    overwrite_keeping_mtime(&catalog, without.as_bytes());
    assert_eq!(list(&library).len(), 5);
    let doubled = format!("{whole}{}\n", lines[2]);
    overwrite_keeping_mtime(&catalog, doubled.as_bytes());
    let listed = ids(&library);
    assert_eq!(listed.len(), 5, "{listed:?}");
    hark(&library)
        .args(["show", &listed[0][..8]])
        .assert()
        .success();
}

#[test]
fn a_story_file_edited_in_place_is_listed_as_it_is_once_read() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_of(dir.path(), 3);
    let id = ids(&library)[0].clone();
    edit_title_in_place(&story_path(&library, &id), "A Title Fixed By Hand");
    // Reading the story notices the edit; the list follows from then on.
    let shown = hark(&library).args(["show", &id]).assert().success();
    let shown = String::from_utf8_lossy(&shown.get_output().stdout).into_owned();
    assert!(shown.contains("A Title Fixed By Hand"), "{shown}");
    let titles: Vec<_> = list(&library)
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_string())
        .collect();
    assert!(
        titles.iter().any(|t| t == "A Title Fixed By Hand"),
        "{titles:?}"
    );
}

/// A story's title edited in place, the file's time moving on but the
/// folder's not.
fn edit_title_in_place(path: &Path, title: &str) {
    let mut story: Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
    story["title"] = title.into();
    std::thread::sleep(Duration::from_millis(20));
    write_keeping_folder_time(path, story.to_string().as_bytes());
}

#[test]
fn check_finds_every_story_file_edited_in_place_and_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_of(dir.path(), 3);
    let id = ids(&library)[1].clone();
    edit_title_in_place(&story_path(&library, &id), "Edited Where It Lay");
    let checked = hark(&library).arg("check").assert().success();
    let said = String::from_utf8_lossy(&checked.get_output().stderr).into_owned();
    assert!(said.contains("1 story file was edited"), "{said}");
    let titles: Vec<_> = list(&library)
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_string())
        .collect();
    assert!(
        titles.iter().any(|t| t == "Edited Where It Lay"),
        "{titles:?}"
    );
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
    let library = library_of(dir.path(), 2);
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
    let library = library_of(dir.path(), 2);
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

// 13. Waiting on the lock.

/// Holds the library's write lock as another hark's import would.
fn hold_lock(library: &Path) -> File {
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(library.join(".lock"))
        .unwrap();
    lock.lock().unwrap();
    lock
}

/// Kills process `pid` if it still runs after `HANG`, unless dropped first.
fn kill_if_hung(pid: u32) -> std::sync::mpsc::Sender<()> {
    let (done, wait) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if wait.recv_timeout(HANG) == Err(std::sync::mpsc::RecvTimeoutError::Timeout) {
            // SAFETY: a plain kill(2) of our own child.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
        }
    });
    done
}

#[test]
fn a_reader_says_it_waits_and_rebuilds_once_for_what_it_finds() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_of(dir.path(), 3);
    // A story for the writer to add while the reader waits.
    let other = dir.path().join("other");
    let extra = write_files(dir.path(), 20..21);
    hark(&other).arg("import").args(&extra).assert().success();
    let extra_file = fs::read_dir(other.join("stories"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();

    fs::remove_file(library.join("catalog.jsonl")).unwrap();
    let lock = hold_lock(&library);
    let mut reader = Process::new(env!("CARGO_BIN_EXE_hark"))
        .arg("--library")
        .arg(&library)
        .args(["list", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let watchdog = kill_if_hung(reader.id());
    let mut stderr = reader.stderr.take().unwrap();
    let mut said = Vec::new();
    let mut buf = [0; 256];
    while !String::from_utf8_lossy(&said).contains("waiting") {
        use std::io::Read;
        let n = stderr.read(&mut buf).unwrap();
        assert!(
            n > 0,
            "ended without saying it waits: {}",
            String::from_utf8_lossy(&said)
        );
        said.extend_from_slice(&buf[..n]);
    }
    fs::copy(
        &extra_file,
        library
            .join("stories")
            .join(extra_file.file_name().unwrap()),
    )
    .unwrap();
    drop(lock);
    let out = reader.wait_with_output().unwrap();
    drop(watchdog);
    assert!(out.status.success());
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 4);

    let catalog = library.join("catalog.jsonl");
    let before = fs::read(&catalog).unwrap();
    let modified = fs::metadata(&catalog).unwrap().modified().unwrap();
    assert_eq!(list(&library).len(), 4);
    assert_eq!(fs::read(&catalog).unwrap(), before);
    assert_eq!(
        fs::metadata(&catalog).unwrap().modified().unwrap(),
        modified,
        "the next open found the indexes current"
    );
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
    assert!(home.join(".local/share/hark/stories").is_dir());
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
    assert!(home.join("elsewhere/stories").is_dir());
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
