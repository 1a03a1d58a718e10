//! `hark check`: the stories the parser was unsure of, and what of; with
//! `--repair`, the library's database checked and its indexes rebuilt.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::output::{Out, print_json};
use crate::story::{Warning, sanitize};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print JSON: an array of {"id", "title", "warnings": [{"kind", "detail"}]}
    #[arg(long)]
    json: bool,
    /// Run SQLite's integrity check on the library's database and rebuild
    /// its indexes (the full-text index of speech among them); a file that
    /// is no database is moved aside and a new one made
    #[arg(long)]
    repair: bool,
}

/// Says what the repair found and did, on stderr: stdout stays the list
/// of stories, as without `--repair`.
fn repair(root: &Path) -> anyhow::Result<()> {
    let repaired = crate::library::db::repair(root)?;
    let file = root.join(crate::library::db::FILE_NAME);
    let file = sanitize::path(&file);
    for problem in &repaired.problems {
        super::output::warn(format_args!("{file}: {problem}"));
    }
    if let Some(aside) = &repaired.set_aside {
        super::output::note(format_args!(
            "moved the damaged database to {} and made a new one, with the {} rows it could still read",
            sanitize::path(aside),
            repaired.salvaged
        ));
    }
    for problem in &repaired.left {
        super::output::warn(format_args!("{file}: still damaged: {problem}"));
    }
    if repaired.left.is_empty() {
        super::output::note(format_args!("{file}: checked, indexes rebuilt"));
    }
    Ok(())
}

#[derive(Serialize)]
struct Unsure {
    id: String,
    title: String,
    warnings: Vec<Warning>,
}

pub(crate) fn run(root: &Path, args: Args, out: &Out) -> anyhow::Result<ExitCode> {
    if args.repair {
        repair(root)?;
    }
    let library = &super::open_library(root)?;
    let mut unsure = Vec::new();
    for entry in library.entries().iter().filter(|e| e.warnings > 0) {
        match library.load(&entry.id) {
            Ok(story) => unsure.push(Unsure {
                id: story.id,
                title: story.title,
                warnings: story.warnings,
            }),
            Err(err) => super::output::warn(err),
        }
    }
    if args.json {
        print_json(&unsure)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut stdout = super::output::stdout();
    for story in &unsure {
        writeln!(
            stdout,
            "{}  {}",
            story.id,
            out.bold(&sanitize::clean_line(&story.title))
        )?;
        for warning in &story.warnings {
            writeln!(stdout, "  ! {}", sanitize::clean_line(&warning.to_string()))?;
        }
    }
    stdout.flush()?;
    super::output::note(format_args!(
        "{} of {} stories have warnings{}",
        unsure.len(),
        library.entries().len(),
        match unsure.is_empty() {
            true => "",
            false => ": correct them with `hark fix ID`",
        }
    ));
    Ok(ExitCode::SUCCESS)
}
