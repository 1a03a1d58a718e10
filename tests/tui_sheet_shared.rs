//! Two TUIs on one library, both adding to the quote sheet: each change
//! is one transaction in the library's database, so nothing is lost, and
//! each screen shows the other's quotes once it reads the sheet again.

use hark::testing::{ColorMode, Focus, library_options};

use crate::support;
use crate::support::tui::Screen;

const LOCKS: &str = "\
Lock Keepers Of The Upper Canal

IDA VARGA, HOST: The canal opens at dawn.

BENNO HALE: I have kept this lock for thirty years. The gates still swing by hand.

VARGA: And the barges?

HALE: Fewer each spring. Heavier each one.
";

fn on_library(root: &std::path::Path) -> Screen {
    let mut options = library_options(root).unwrap();
    options.colors = Some(ColorMode::None);
    let mut screen = Screen::start(options, (100, 30));
    screen.keys("\n");
    assert_eq!(screen.app.focus(), Focus::Transcript, "{}", screen.text());
    screen
}

#[test]
fn two_tuis_adding_to_one_sheet_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("locks.txt");
    std::fs::write(&file, LOCKS).unwrap();
    let root = dir.path().join("library");
    support::import(&root, &[file]);
    let mut first = on_library(&root);
    let mut second = on_library(&root);
    // Turn by turn, in turns: the host's line, Hale's first sentence, ...
    for round in 0..5 {
        first.keys("]a");
        second.keys("]]vja");
        assert!(
            first.app.message().is_some_and(|m| m.starts_with("added")),
            "round {round}"
        );
    }
    for screen in [&mut first, &mut second] {
        screen.keys("C");
        let entries = screen.app.sheet_entries().to_vec();
        assert_eq!(entries.len(), 10, "every quote of both, on both screens");
        let hale = entries.iter().filter(|e| e.quote.excerpt).count();
        assert_eq!(hale, 5);
    }
    let text = first.text();
    assert!(text.contains("Quote sheet (10)"), "{text}");
    assert!(!text.contains("kept for this run only"), "{text}");
}

fn hark_sheet(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hark"))
        .arg("--library")
        .arg(root)
        .arg("sheet")
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    output
}

#[test]
fn hark_sheet_prints_what_the_tui_gathered_and_clear_empties_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("locks.txt");
    std::fs::write(&file, LOCKS).unwrap();
    let root = dir.path().join("library");
    support::import(&root, &[file]);
    let mut screen = on_library(&root);
    screen.keys("]vja]a");
    screen.keys("Cjnfor the kicker\n");

    let json = hark_sheet(&root, &["--format", "json"]).stdout;
    let rows: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    let first = &rows[0];
    assert_eq!(first["position"], 1);
    assert_eq!(first["speaker"], "Benno Hale");
    assert_eq!(
        first["text"],
        "I have kept this lock for thirty years. The gates still swing by hand."
    );
    assert_eq!(first["excerpt"], true);
    assert_eq!(first["title"], "Lock Keepers Of The Upper Canal");
    assert_eq!(first["turn"], 1);
    assert_eq!(rows[1]["note"], "for the kicker");
    assert_eq!(rows[1]["speaker"], "Ida Varga");
    assert_eq!(rows[1]["role"], "host");

    let markdown = String::from_utf8(hark_sheet(&root, &[]).stdout).unwrap();
    assert!(
        markdown.starts_with("# Quote sheet\n\n## 1.\n\n> I have kept this lock"),
        "{markdown}"
    );
    assert!(markdown.contains("## 2. for the kicker\n\n> And the barges?\n\n— Ida Varga, host, “Lock Keepers Of The Upper Canal”"), "{markdown}");
    let text = String::from_utf8(hark_sheet(&root, &["--format", "txt"]).stdout).unwrap();
    assert!(
        text.starts_with("1. Benno Hale, “Lock Keepers Of The Upper Canal”"),
        "{text}"
    );

    let cleared = hark_sheet(&root, &["clear"]);
    assert_eq!(
        String::from_utf8_lossy(&cleared.stderr),
        "cleared the quote sheet (2 quotes)\n"
    );
    let json = hark_sheet(&root, &["--format", "json"]).stdout;
    assert_eq!(String::from_utf8_lossy(&json).trim(), "[]");
}

/// Two TUIs keep adding to the quote sheet while `hark import` writes
/// hundreds of stories into the same library: every write takes its turn,
/// none fails, and afterwards both sheets hold every quote and a TUI
/// opened anew lists every story.
#[test]
fn two_tuis_and_an_import_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("locks.txt");
    std::fs::write(&file, LOCKS).unwrap();
    let root = dir.path().join("library");
    support::import(&root, &[file]);
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for n in 0..3000 {
        let text =
            format!("Crossing {n}\n\nIDA VARGA, HOST: Ferry {n}.\n\nBENNO HALE: Dock {n}.\n");
        std::fs::write(corpus.join(format!("crossing-{n:04}.txt")), text).unwrap();
    }
    let mut first = on_library(&root);
    let mut second = on_library(&root);
    let mut import = std::process::Command::new(env!("CARGO_BIN_EXE_hark"))
        .arg("--library")
        .arg(&root)
        .arg("import")
        .arg(&corpus)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (mut rounds, mut while_importing) = (0, 0);
    // At least five rounds, and on while the import lasts (its writes and
    // the sheet's take turns).
    loop {
        let importing = import.try_wait().unwrap().is_none();
        if rounds >= 5 && !importing {
            break;
        }
        while_importing += usize::from(importing);
        first.keys("]a");
        assert!(
            first.app.message().is_some_and(|m| m.starts_with("added")),
            "round {rounds}: {:?}",
            first.app.message()
        );
        second.keys("]a");
        assert!(
            second.app.message().is_some_and(|m| m.starts_with("added")),
            "round {rounds}: {:?}",
            second.app.message()
        );
        rounds += 1;
        assert!(rounds < 10_000, "the import never ended");
    }
    assert!(import.wait().unwrap().success());
    assert!(while_importing > 0, "no round ran beside the import");
    for screen in [&mut first, &mut second] {
        screen.keys("C");
        assert_eq!(screen.app.sheet_entries().len(), 2 * rounds);
    }
    let mut fresh = on_library(&root);
    let text = fresh.text();
    assert!(text.contains("(3001)"), "every story listed: {text}");
}
