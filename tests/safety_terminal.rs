//! A transcript is untrusted text: nothing in it may reach the terminal as
//! a control sequence, and however hark ends, the terminal is given back.

use crate::support;

use std::ffi::OsString;

use support::pty::Hark;

/// Every kind of sequence that could retitle a window, write the
/// clipboard, plant a link, clear the screen or reorder what is shown.
const HOSTILE: &str = "\
Harbor \x1b]0;PWNED-TITLE\x07News \x1b]2;PWNED-TITLE\x1b\\Tonight

ANA LIMA, HOST: Good \x1b[2Jevening\x1b[31m from the \x1b]52;c;cHduZWQ=\x07harbor.

ANA LIMA: A \x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\ and a \x1bP+q544e\x1b\\request, \u{9b}6n a CSI, \u{9d}0;PWNED-TITLE\u{9c} an OSC.

JOSH EARNEST: Bell\x07 back\x08space carriage\rreturn, \u{202e}reversed\u{202c} and zero\u{200b}width.
";

fn hostile_session() -> (Hark, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.txt");
    std::fs::write(&file, HOSTILE).unwrap();
    let library = dir.path().join("library");
    let args: Vec<OsString> = vec!["--library".into(), library.into(), file.into()];
    let hark = Hark::spawn(&args, dir.path());
    (hark, dir)
}

#[test]
fn a_hostile_transcript_cannot_change_the_terminal() {
    let (mut hark, _dir) = hostile_session();
    hark.wait_for("the story", |s| {
        s.contents().contains("Good evening from the harbor.")
    });
    hark.send("G");
    hark.wait_for("the last turn", |s| {
        s.contents().contains("Bell backspace carriage")
    });
    let screen = hark.screen().contents();
    assert!(screen.contains("Harbor News Tonight"), "{screen}");
    assert!(screen.contains("reversed and zerowidth"), "{screen}");
    hark.send("q");
    assert!(hark.exit_status().success());

    // No title (OSC 0/2), clipboard (OSC 52), link (OSC 8) or DCS got out.
    let raw = String::from_utf8_lossy(hark.raw()).into_owned();
    for planted in [
        "PWNED",
        "\x1b]52",
        "\x1b]8;",
        "\x1bP",
        "evil.example",
        "\x07",
        "\u{202e}",
        "\u{200b}",
    ] {
        assert!(!raw.contains(planted), "{planted:?} reached the terminal");
    }
    assert!(!hark.screen().alternate_screen());
}

#[test]
fn sighup_and_sigint_restore_the_terminal_too() {
    for signal in ["HUP", "INT"] {
        let (mut hark, _dir) = hostile_session();
        hark.wait_for("the story", |s| {
            s.alternate_screen() && s.contents().contains("harbor")
        });
        hark.signal(signal);
        let status = hark.exit_status();
        assert!(
            !hark.screen().alternate_screen(),
            "SIG{signal} left the alternate screen on"
        );
        assert!(
            !hark.screen().hide_cursor(),
            "SIG{signal} left the cursor hidden"
        );
        // Ended by the signal, or cleanly: never a crash or a hang.
        assert!(
            status.success() || status.signal().is_some(),
            "SIG{signal}: {status:?}"
        );
    }
}

#[test]
fn a_hand_edited_story_file_is_as_safe_in_the_tui() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let file = dir.path().join("clean.txt");
    std::fs::write(&file, "Clean Title\n\nANA LIMA, HOST: Clean words.\n").unwrap();
    support::import(&library, &[&file]);
    let story_file = support::story_files(&library).remove(0);
    let mut story: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&story_file).unwrap()).unwrap();
    story["title"] = "Edited \x1b]0;PWNED-TITLE\x07Title".into();
    story["turns"][0]["paragraphs"][0] = "Edited \x1b]52;c;cHduZWQ=\x07words \u{9b}2J here.".into();
    std::fs::write(&story_file, story.to_string()).unwrap();

    let args: Vec<OsString> = vec!["--library".into(), library.into()];
    let mut hark = Hark::spawn(&args, dir.path());
    hark.wait_for("the list", |s| s.contents().contains("Edited Title"));
    hark.send("\r");
    hark.wait_for("the story", |s| {
        s.contents().contains("Edited words  here.")
    });
    hark.send("q");
    assert!(hark.exit_status().success());
    let raw = String::from_utf8_lossy(hark.raw()).into_owned();
    for planted in ["PWNED", "\x1b]52", "\x07"] {
        assert!(!raw.contains(planted), "{planted:?} reached the terminal");
    }
}

#[test]
fn a_damaged_story_file_is_named_in_the_status_line_and_the_rest_still_open() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    for (name, title) in [("a.txt", "Intact Story"), ("b.txt", "Soon Damaged")] {
        let file = dir.path().join(name);
        std::fs::write(
            &file,
            format!("{title}\n\nANA LIMA, HOST: Words of {title}.\n"),
        )
        .unwrap();
        support::import(&library, &[&file]);
    }
    let damaged = support::story_files(&library)
        .into_iter()
        .find(|p| std::fs::read_to_string(p).unwrap().contains("Soon Damaged"))
        .unwrap();
    std::fs::write(&damaged, b"{\"format_version\": 1, \"title\": \"Soon Dam").unwrap();

    let args: Vec<OsString> = vec!["--library".into(), library.into()];
    let mut hark = Hark::spawn(&args, dir.path());
    hark.wait_for("the intact story and the notice", |s| {
        let text = s.contents();
        text.contains("Intact Story") && text.contains("skipped") && text.contains("damaged")
    });
    hark.send("q");
    assert!(hark.exit_status().success());
    let raw = String::from_utf8_lossy(hark.raw()).into_owned();
    assert!(
        raw.contains(&format!("{}: damaged story file", damaged.display())),
        "the full path is printed"
    );
}

// ---- The command line: no outside text reaches stdout or stderr raw ----

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn cli(library: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hark").unwrap();
    cmd.arg("--library")
        .arg(library)
        .env_remove("HARK_LIBRARY")
        .env_remove("HARK_CONFIG")
        .env("NO_COLOR", "1");
    cmd
}

/// What a command printed, both streams, for checking nothing got out.
fn printed(cmd: &mut Command) -> (String, String) {
    let output = cmd.output().unwrap();
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "no crash: {output:?}"
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_no_controls(text: &str) {
    for c in text.chars() {
        assert!(
            c == '\n' || !(c.is_control() || ('\u{e0000}'..='\u{e007f}').contains(&c)),
            "{c:?} got out in {text:?}"
        );
    }
    assert!(!text.contains("PWNED"), "a payload got out in {text:?}");
}

/// A library with one story, and the file it would be in a library of
/// the old layout, which `edit_story` turns it into to damage it.
fn one_story(dir: &Path) -> (PathBuf, PathBuf) {
    let library = dir.join("library");
    let file = dir.join("clean.txt");
    std::fs::write(&file, "Clean Title\n\nANA LIMA, HOST: Clean words.\n").unwrap();
    support::import(&library, &[&file]);
    let id = support::story_ids(&library).remove(0);
    let story_file = library.join("stories").join(format!("{id}.json"));
    (library, story_file)
}

fn edit_story(story_file: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    if !story_file.exists() {
        let library = story_file.parent().unwrap().parent().unwrap();
        support::story_files(library);
    }
    let mut story: serde_json::Value =
        serde_json::from_slice(&std::fs::read(story_file).unwrap()).unwrap();
    edit(&mut story);
    std::fs::write(story_file, story.to_string()).unwrap();
}

fn story_id(story_file: &Path) -> String {
    story_file
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn a_damaged_story_files_error_is_printed_clean() {
    let dir = tempfile::tempdir().unwrap();
    let (library, story_file) = one_story(dir.path());
    let id = story_id(&story_file);
    edit_story(&story_file, |story| {
        story["turns"][0]["kind"] = "\x1b]52;c;UFdORUQ=\x07\x1b]0;PWNED\x07".into();
    });
    for args in [&["list"][..], &["show", &id], &["quotes", "clean"]] {
        let (stdout, stderr) = printed(cli(&library).args(args));
        assert_no_controls(&stdout);
        assert_no_controls(&stderr);
        assert!(stderr.contains("damaged story file"), "{args:?}: {stderr}");
    }
}

#[test]
fn file_names_in_messages_are_quoted_and_clean() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let clipboard = dir.path().join("x\x1b]52;c;UFdORUQ=\x07.txt");
    let fake_line = dir
        .path()
        .join("a\nimported 99, unchanged 0, failed 0\n.txt");
    std::fs::write(&clipboard, "").unwrap();
    std::fs::write(&fake_line, "").unwrap();
    for file in [&clipboard, &fake_line] {
        for command in ["import", "parse"] {
            let (stdout, stderr) = printed(cli(&library).arg(command).arg(file));
            assert_no_controls(&stdout);
            assert_no_controls(&stderr);
            assert!(
                !stdout
                    .lines()
                    .chain(stderr.lines())
                    .any(|l| l.starts_with("imported 99")),
                "a faked summary line: {stdout}{stderr}"
            );
            assert!(stderr.contains("empty"), "{stderr}");
        }
    }
}

#[test]
fn a_bad_id_in_a_story_file_is_refused_on_read() {
    let dir = tempfile::tempdir().unwrap();
    let (library, story_file) = one_story(dir.path());
    edit_story(&story_file, |story| {
        story["id"] = "\x1b]0;PWNED\x07".into();
    });
    let (stdout, stderr) = printed(cli(&library).arg("list"));
    assert_no_controls(&stdout);
    assert_no_controls(&stderr);
    assert!(stderr.contains("id"), "{stderr}");
    let (stdout, _) = printed(cli(&library).args(["list", "--json"]));
    assert!(!stdout.contains("PWNED"), "{stdout}");
}

#[test]
fn a_title_from_a_hostile_file_name_is_stored_clean() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    // No headline: the title comes from the file name.
    let file = dir.path().join("Harbor \x1b]0;PWNED\x07Talks.txt");
    std::fs::write(
        &file,
        "ANA LIMA, HOST: Words.\n\nJOSH EARNEST: More words.\n",
    )
    .unwrap();
    let (stdout, stderr) = printed(cli(&library).arg("import").arg(&file));
    assert_no_controls(&stdout);
    assert_no_controls(&stderr);
    let (json, _) = printed(cli(&library).args(["list", "--json"]));
    assert!(json.contains("Harbor Talks"), "{json}");
    assert!(
        !json.contains("\\u001b") && !json.contains("PWNED"),
        "{json}"
    );
}

#[test]
fn config_keys_and_colours_with_escapes_are_printed_clean() {
    let dir = tempfile::tempdir().unwrap();
    for text in [
        "\"\\u001b]0;PWNED\\u0007\" = 1\n",
        "[theme]\nhighlight = \"\\u001b]0;PWNED\\u0007\"\n",
        "[keys]\nquit = [\"\\u001b]0;PWNED\\u0007\"]\n",
    ] {
        let config = dir.path().join("config.toml");
        std::fs::write(&config, text).unwrap();
        let (_, stderr) = printed(
            cli(&dir.path().join("library"))
                .arg("--config")
                .arg(&config)
                .arg("list"),
        );
        assert!(stderr.contains("config.toml"), "{stderr}");
        assert_no_controls(&stderr);
    }
}

#[test]
fn an_io_error_says_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_folder = dir.path().join("file");
    std::fs::write(&not_a_folder, "").unwrap();
    let (_, stderr) = printed(cli(&not_a_folder.join("library")).arg("list"));
    assert_eq!(stderr.matches("os error").count(), 1, "{stderr}");
}

#[test]
fn without_a_terminal_hark_says_it_needs_one_and_what_works_without() {
    let dir = tempfile::tempdir().unwrap();
    let (library, _) = one_story(dir.path());
    let output = cli(&library).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    for command in ["hark list", "hark show", "hark quotes"] {
        assert!(stderr.contains(command), "{stderr}");
    }
}

// ---- A closed or full stdout ----

/// hark with stdout where the test says (assert_cmd always pipes it).
fn cli_to(library: &Path, stdout: impl Into<std::process::Stdio>) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_hark"));
    cmd.arg("--library")
        .arg(library)
        .env_remove("HARK_LIBRARY")
        .env_remove("HARK_CONFIG")
        .env("NO_COLOR", "1")
        .stdout(stdout);
    cmd
}

fn dev_full() -> std::fs::File {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap()
}

#[test]
fn a_full_stdout_is_an_error_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (library, story_file) = one_story(dir.path());
    let id = story_id(&story_file);
    let commands: &[&[&str]] = &[
        &["show", &id],
        &["show", &id, "--json"],
        &["list"],
        &["list", "--json"],
        &["speakers"],
        &["quotes", "clean"],
        &["quotes", "clean", "--format", "md"],
        &["config", "--default"],
        &["config", "--path"],
        &["completions", "bash"],
        &["man"],
    ];
    for args in commands {
        let output = cli_to(&library, dev_full()).args(*args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.starts_with("hark: could not write to standard output: No space left"),
            "{args:?}: {stderr}"
        );
    }
    let output = cli_to(&library, dev_full())
        .args(["rm", &id])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "rm: {output:?}");
}

#[test]
fn an_import_whose_log_cannot_be_written_still_stores_every_story() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).unwrap();
    for n in 0..40 {
        std::fs::write(
            folder.join(format!("{n}.txt")),
            format!("Story {n}\n\nANA LIMA, HOST: Words {n}.\n"),
        )
        .unwrap();
    }
    let output = cli_to(&library, dev_full())
        .arg("import")
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("standard output") && stderr.contains("imported 40, unchanged 0, failed 0"),
        "{stderr}"
    );
    let listed = cli(&library).args(["list", "--json"]).output().unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 40);
}

#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let (library, story_file) = one_story(dir.path());
    let id = story_id(&story_file);
    for args in [&["show", &id][..], &["config", "--default"], &["man"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hark"))
            .arg("--library")
            .arg(&library)
            .args(args)
            .env_remove("HARK_CONFIG")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        assert_ne!(output.status.code(), Some(101), "{args:?}: {output:?}");
        assert!(output.stderr.is_empty(), "{args:?}: {output:?}");
    }
}

// ---- Suspending with Ctrl-Z or SIGTSTP ----

/// Waits until the kernel says hark is stopped (state T), so that SIGCONT
/// cannot arrive before the stop it is meant to end.
#[cfg(target_os = "linux")]
fn wait_until_stopped(hark: &Hark) {
    let pid = hark.child.process_id().unwrap();
    let stat = format!("/proc/{pid}/stat");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(&stat).unwrap();
        // The state follows the command name, which is in parentheses.
        let state = text.rsplit_once(") ").unwrap().1.chars().next();
        if state == Some('T') {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "hark never stopped: {text}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_z_and_sigtstp_suspend_like_vim_and_resume_raw_and_redrawn() {
    for how in ["ctrl-z", "TSTP"] {
        let (mut hark, _dir) = hostile_session();
        hark.wait_for("the story", |s| {
            s.alternate_screen() && s.contents().contains("harbor")
        });
        match how {
            "ctrl-z" => hark.send("\x1a"),
            signal => hark.signal(signal),
        }
        hark.wait_for("the terminal given back", |s| {
            !s.alternate_screen() && !s.hide_cursor()
        });
        wait_until_stopped(&hark);
        hark.signal("CONT");
        hark.wait_for("the reader redrawn", |s| {
            s.alternate_screen() && s.hide_cursor() && s.contents().contains("harbor")
        });
        // Raw again: a single key works without Enter, and is not echoed.
        hark.send("?");
        hark.wait_for("the help", |s| s.contents().contains("Keys"));
        hark.send("q");
        hark.send("q");
        assert!(hark.exit_status().success(), "{how}");
        assert!(!hark.screen().alternate_screen(), "{how}");
    }
}

/// stdout a terminal but no controlling terminal to read keys from, as
/// under `setsid` or cron with a tty: raw mode fails with ENXIO.
#[cfg(target_os = "linux")]
#[test]
fn without_a_controlling_terminal_hark_says_it_needs_one() {
    use std::os::fd::FromRawFd;
    use std::os::unix::process::CommandExt;

    let dir = tempfile::tempdir().unwrap();
    let (library, _) = one_story(dir.path());
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two fds into the integers it is given.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(opened, 0);
    // SAFETY: both fds are fresh from openpty and owned here alone.
    let (master, slave) = unsafe {
        (
            std::fs::File::from_raw_fd(master),
            std::fs::File::from_raw_fd(slave),
        )
    };
    let mut cmd = cli_to(&library, slave);
    cmd.stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    // SAFETY: setsid is async-signal-safe; it drops the controlling terminal.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let output = cmd.output().unwrap();
    drop(master);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    assert!(stderr.contains("hark list"), "{stderr}");
}
