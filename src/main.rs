//! Until the CLI lands: `hark [--mouse] FILE...` reads the transcripts and
//! opens them.

use std::process::ExitCode;

use hark::story::parse::parse;
use hark::tui::{TuiOptions, run};

fn main() -> ExitCode {
    let (flags, files): (Vec<String>, Vec<String>) =
        std::env::args().skip(1).partition(|a| a == "--mouse");
    if files.is_empty() {
        eprintln!("usage: hark FILE...");
        return ExitCode::from(2);
    }
    let mut stories = Vec::new();
    for file in &files {
        let name = std::path::Path::new(file)
            .file_name()
            .and_then(|n| n.to_str());
        let parsed = std::fs::read(file)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                parse(&bytes, name, jiff::Timestamp::now()).map_err(|e| e.to_string())
            });
        match parsed {
            Ok(story) => stories.push(story),
            Err(err) => {
                eprintln!("hark: {file}: {err}");
                return ExitCode::FAILURE;
            }
        }
    }
    let mut options = TuiOptions::files(stories);
    options.mouse = !flags.is_empty();
    match run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("hark: {err:#}");
            ExitCode::FAILURE
        }
    }
}
