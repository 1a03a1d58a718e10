//! The integration tests, as modules of one test binary, as ripgrep
//! keeps them: one binary links once, where a binary per file linked
//! hark and every dev-dependency 28 times over. Cargo.toml sets
//! `autotests = false`, so a file in tests/ runs only if it is a `mod`
//! below; `every_test_file_is_a_module` fails when one is forgotten.

mod support;

mod cli;
mod config_cli;
mod corrections;
mod feed_import;
mod feed_progress_pty;
mod layers;
mod pager_pty;
mod parser_props;
mod podcast_feeds;
mod podcast_formats;
mod real_shapes;
mod reference_page;
mod safety_data;
mod safety_library;
mod safety_terminal;
mod samples;
mod tui_glance;
mod tui_keys;
mod tui_pty;
mod tui_pty_fix;
mod tui_pty_lock;
mod tui_pty_quotes;
mod tui_pty_reload;
mod tui_pty_sheet;
mod tui_quoting;
mod tui_render;
mod tui_sheet;
mod tui_sheet_shared;
mod tui_themes;
mod tui_time;
mod tui_tmux;
mod web_import;
mod web_progress_pty;

/// With `autotests = false` a file in tests/ that no `mod` line names is
/// never compiled, so its tests would vanish without a word: this lists
/// every such file.
#[test]
fn every_test_file_is_a_module() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let declared: Vec<&str> = include_str!("tests.rs")
        .lines()
        .filter_map(|line| line.strip_prefix("mod ")?.strip_suffix(';'))
        .collect();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let is_rust = path.extension().is_some_and(|e| e == "rs");
        if is_rust && name != "tests" && !declared.contains(&name) {
            missing.push(path.display().to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "not a `mod` of tests/tests.rs: {missing:?}"
    );
    assert!(
        declared.contains(&"cli"),
        "the mod list was not read: {declared:?}"
    );
}
