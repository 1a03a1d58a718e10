//! `hark show` and `hark quotes` page through $PAGER when stdout is a
//! terminal, as git does, and `--no-pager` prints straight out.

use crate::support;

use support::pty::Hark;

const TALKS: &str = "\
Talks On The Harbor Stall

JOSH EARNEST, HOST: The harbor talks stalled again today.
";

#[test]
fn show_and_quotes_go_through_the_pager_on_a_terminal_unless_told_not_to() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let file = dir.path().join("talks.txt");
    std::fs::write(&file, TALKS).unwrap();
    support::import(&library, &[&file]);
    // A pager that marks each line it is handed.
    let pager = [("PAGER", "sed 's/^/PAGED|/'")];
    let lib = library.to_str().unwrap();
    let run = |args: &[&str]| -> String {
        let mut all = vec!["--library", lib];
        all.extend(args);
        let mut hark = Hark::spawn_with_env(&all, dir.path(), &pager);
        assert!(hark.exit_status().success());
        hark.screen().contents()
    };
    let paged = run(&["quotes", "harbor"]);
    assert!(
        paged.contains("PAGED|  The harbor talks stalled again today."),
        "{paged}"
    );
    let straight = run(&["quotes", "harbor", "--no-pager"]);
    assert!(straight.contains("The harbor talks stalled"), "{straight}");
    assert!(!straight.contains("PAGED|"), "{straight}");
    let id = {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_hark"))
            .args(["--library", lib, "list", "--json"])
            .output()
            .unwrap();
        let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        list[0]["id"].as_str().unwrap().to_string()
    };
    let shown = run(&["show", &id]);
    assert!(shown.contains("PAGED|Talks On The Harbor Stall"), "{shown}");
    let shown = run(&["show", &id, "--no-pager"]);
    assert!(!shown.contains("PAGED|"), "{shown}");
}
